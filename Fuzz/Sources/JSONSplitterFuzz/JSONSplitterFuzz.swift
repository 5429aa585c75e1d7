import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.jsonSplitter`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.jsonSplitter(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
