import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.pipelineFile`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.pipelineFile(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
