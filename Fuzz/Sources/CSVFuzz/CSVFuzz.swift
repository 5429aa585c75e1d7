import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.csv`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.csv(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
