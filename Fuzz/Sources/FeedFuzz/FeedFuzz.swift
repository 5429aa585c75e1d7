import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.feed`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.feed(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
