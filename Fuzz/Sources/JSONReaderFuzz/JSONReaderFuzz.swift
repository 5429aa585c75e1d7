import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.jsonReader`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.jsonReader(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
