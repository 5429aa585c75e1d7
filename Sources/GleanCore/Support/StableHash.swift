/// A 64-bit FNV-1a hash that is the same on every run and machine (unlike `Hasher`).
///
/// Used for derived record ids and for keys that outlive a process. Not cryptographic.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    /// Mixes in bytes.
    public mutating func combine<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
    }

    /// Mixes in a string's UTF-8 and a separator, so ("ab","c") and ("a","bc") differ.
    public mutating func combine(_ string: String) {
        // Through the contiguous UTF-8 (iterating `utf8` byte by byte was most of the cost of a
        // record id in a CSV → SQLite run).
        var string = string
        string.withUTF8 { combine(bytes: $0) }
        combine(bytes: CollectionOfOne(0xff))
    }

    /// Mixes in an integer's little-endian bytes.
    public mutating func combine(_ int: Int) {
        withUnsafeBytes(of: Int64(int).littleEndian) { combine(bytes: $0) }
    }

    /// Mixes in a value's canonical JSON text.
    public mutating func combine(_ value: Value) {
        combine(JSONWriter.string(value))
    }

    /// 16 lowercase hex digits.
    public var hex: String {
        let value = self.value
        return String(unsafeUninitializedCapacity: 16) { buffer in
            let digits: StaticString = "0123456789abcdef"
            for index in 0..<16 {
                buffer[index] = digits.utf8Start[Int((value >> UInt64(60 - 4 * index)) & 0xF)]
            }
            return 16
        }
    }
}
