import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.mainText`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.mainText(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
