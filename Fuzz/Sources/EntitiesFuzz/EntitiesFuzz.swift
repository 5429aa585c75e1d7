import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.entities`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.entities(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
