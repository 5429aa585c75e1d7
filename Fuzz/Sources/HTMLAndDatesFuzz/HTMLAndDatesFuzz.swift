import GleanFuzzing

/// libFuzzer entry point for `FuzzTargets.htmlAndDates`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.htmlAndDates(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
