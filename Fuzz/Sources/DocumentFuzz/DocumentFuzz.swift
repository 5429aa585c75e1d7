import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.document`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.document(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
