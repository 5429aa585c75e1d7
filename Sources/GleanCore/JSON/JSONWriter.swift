import Foundation

/// Serialises ``Value``s and records as JSON text into a byte buffer.
///
/// Written by hand for speed (Foundation's encoders run at jq's pace, see TOOLCHAIN-NOTES): strings
/// are copied in runs of bytes that need no escaping. Output is UTF-8, non-ASCII unescaped; control
/// characters, `"` and `\` are escaped; non-finite doubles become `null`; timestamps become ISO 8601
/// UTC strings.
public struct JSONWriter: Sendable {
    /// Indentation for pretty output; nil writes compact JSON.
    public var indent: Int?

    public init(indent: Int? = nil) { self.indent = indent }

    /// Compact JSON text of a value.
    public static func string(_ value: Value) -> String {
        var buffer: [UInt8] = []
        JSONWriter().write(value, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends the JSON of `value`.
    public func write(_ value: Value, into buffer: inout [UInt8]) {
        write(value, into: &buffer, level: 0)
    }

    /// Appends the JSON object of `fields`.
    public func write(_ fields: Fields, into buffer: inout [UInt8]) {
        writeObject(fields, into: &buffer, level: 0)
    }

    private func write(_ value: Value, into buffer: inout [UInt8], level: Int) {
        switch value {
        case .null: append("null", &buffer)
        case .bool(let b): append(b ? "true" : "false", &buffer)
        case .int(let i): Self.writeInteger(i, into: &buffer)
        case .double(let d):
            if d.isFinite {
                if d == d.rounded(), abs(d) < 1e15 {
                    if d.sign == .minus, d == 0 { buffer.append(UInt8(ascii: "-")) }  // -0.0 stays negative
                    Self.writeInteger(Int64(d), into: &buffer)
                    append(".0", &buffer)
                } else {
                    buffer.append(contentsOf: d.description.utf8)
                }
            } else {
                append("null", &buffer)
            }
        case .string(let s): Self.writeString(s, into: &buffer)
        case .timestamp(let date):
            buffer.append(UInt8(ascii: "\""))
            ISO8601.write(date, into: &buffer)  // digits and punctuation: nothing to escape
            buffer.append(UInt8(ascii: "\""))
        case .array(let elements):
            if elements.isEmpty {
                append("[]", &buffer)
                return
            }
            buffer.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                newline(&buffer, level + 1)
                write(element, into: &buffer, level: level + 1)
            }
            newline(&buffer, level)
            buffer.append(UInt8(ascii: "]"))
        case .object(let fields): writeObject(fields, into: &buffer, level: level)
        }
    }

    private func writeObject(_ fields: Fields, into buffer: inout [UInt8], level: Int) {
        if fields.isEmpty {
            append("{}", &buffer)
            return
        }
        buffer.append(UInt8(ascii: "{"))
        for (i, field) in fields.fields.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            newline(&buffer, level + 1)
            Self.writeString(field.name, into: &buffer)
            buffer.append(UInt8(ascii: ":"))
            if indent != nil { buffer.append(UInt8(ascii: " ")) }
            write(field.value, into: &buffer, level: level + 1)
        }
        newline(&buffer, level)
        buffer.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    private func newline(_ buffer: inout [UInt8], _ level: Int) {
        guard let indent else { return }
        buffer.append(0x0A)
        buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    @inline(__always)
    private func append(_ literal: StaticString, _ buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends the decimal digits of `value`.
    public static func writeInteger(_ value: Int64, into buffer: inout [UInt8]) {
        if value == 0 {
            buffer.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            while magnitude > 0 {
                digits[count] = UInt8(truncatingIfNeeded: magnitude % 10) + UInt8(ascii: "0")
                magnitude /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(digits[i]) }
        }
    }

    /// Appends `string` as a quoted, escaped JSON string.
    public static func writeString(_ string: String, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            var i = 0
            while i < bytes.count {
                // Eight bytes at a time while none needs escaping (SWAR; article text is long and
                // mostly plain: this halved the writer's time on feed items).
                while i + 8 <= bytes.count, !Self.needsEscape(UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)) { i += 8 }
                guard i < bytes.count else { break }
                let byte = bytes[i]
                i += 1
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                let index = i - 1
                if runStart < index { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                runStart = index + 1
                buffer.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
                case 0x0A: buffer.append(UInt8(ascii: "n"))
                case 0x0D: buffer.append(UInt8(ascii: "r"))
                case 0x09: buffer.append(UInt8(ascii: "t"))
                case 0x08: buffer.append(UInt8(ascii: "b"))
                case 0x0C: buffer.append(UInt8(ascii: "f"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    buffer.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            if runStart < bytes.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Whether any of the eight bytes in `word` is a control character, `"` or `\\` (the bytes
    /// that end a plain run of a JSON string, written or read).
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // The classic "has a zero byte" / "has a byte below n" tests: they never miss a byte
        // (a false alarm only sends the caller to its byte-by-byte check).
        func hasZero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = hasZero(word ^ (ones &* 0x22))
        let backslash = hasZero(word ^ (ones &* 0x5C))
        return (control | quote | backslash) != 0
    }
}
