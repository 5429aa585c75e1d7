import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.condition`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.condition(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
