import Glibc

extension String {
    /// Whether the UTF-8 form contains `byte` (memchr over contiguous storage; the generic
    /// `utf8.contains` walks byte by byte and showed up at ≈ 3% of reading a feed).
    package func containsByte(_ byte: UInt8) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }) {
            return found
        }
        return utf8.contains(byte)
    }
}

extension [UInt8] {
    /// Whether the bytes contain `byte` (memchr, as ``Swift/String/containsByte(_:)``).
    package func containsByte(_ byte: UInt8) -> Bool {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }
}
