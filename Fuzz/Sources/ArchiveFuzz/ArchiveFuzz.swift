import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.archive`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.archive(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
