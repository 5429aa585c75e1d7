import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.figures`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.figures(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
