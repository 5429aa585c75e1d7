import GleanCore
import PostgresNIO

/// Rows in PostgreSQL's COPY text format (`COPY … FROM STDIN`): one line per row, values
/// separated by tabs, `\N` for NULL; backslash, newline, carriage return and tab escaped with a
/// backslash. PostgreSQL text cannot hold NUL characters: they are removed and counted, as in
/// dumps. Hand-written because postgres-nio streams COPY data but leaves its format to the caller.
enum PostgresCopyText {
    /// Appends one row.
    static func appendRow(_ values: [SQLValue], to buffer: inout ByteBuffer, removedNUL: inout Int) {
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            append(value, to: &buffer, removedNUL: &removedNUL)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    static func append(_ value: SQLValue, to buffer: inout ByteBuffer, removedNUL: inout Int) {
        switch value {
        case .null: buffer.writeStaticString("\\N")
        case .integer(let n): appendInteger(n, to: &buffer)
        case .real(let d):
            if d.isNaN {
                buffer.writeStaticString("NaN")
            } else if d.isInfinite {
                buffer.writeStaticString(d > 0 ? "Infinity" : "-Infinity")
            } else {
                // Shortest text that reads back as the same double; "-0" keeps its sign.
                buffer.writeString("\(d)")
            }
        case .boolean(let b): buffer.writeStaticString(b ? "t" : "f")
        case .text(let text), .json(let text): appendEscaped(text, to: &buffer, removedNUL: &removedNUL)
        case .timestamp(let date): buffer.writeString(ISO8601.format(date))
        }
    }

    /// An integer's decimal digits, written in place (no intermediate string).
    static func appendInteger(_ n: Int64, to buffer: inout ByteBuffer) {
        if n < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
        var magnitude = n.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits
        withUnsafeMutableBytes(of: &digits) { room in
            var at = room.count
            repeat {
                at -= 1
                room[at] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: room[at...]))
        }
    }

    /// Text with COPY's escapes, copied in runs between the bytes that need one.
    static func appendEscaped(_ text: String, to buffer: inout ByteBuffer, removedNUL: inout Int) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var i = 0
            while i < bytes.count {
                // Eight bytes at a time while none is a control character or a backslash (SWAR).
                while i + 8 <= bytes.count, !mayNeedEscape(UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)) { i += 8 }
                guard i < bytes.count else { break }
                defer { i += 1 }
                let escape: UInt8
                switch bytes[i] {
                case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
                case 0x0A: escape = UInt8(ascii: "n")
                case 0x0D: escape = UInt8(ascii: "r")
                case 0x09: escape = UInt8(ascii: "t")
                case 0x00: escape = 0
                default: continue
                }
                if runStart < i { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<i])) }
                runStart = i + 1
                if escape == 0 {
                    removedNUL += 1
                } else {
                    buffer.writeInteger(UInt8(ascii: "\\"))
                    buffer.writeInteger(escape)
                }
            }
            if runStart < bytes.count { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart...])) }
        }
    }

    /// Whether any of the eight bytes is below 0x20 or a backslash (never a miss; a false alarm
    /// only sends the caller to its byte-by-byte check).
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let backslash = ((word ^ (ones &* 0x5C)) &- ones) & ~(word ^ (ones &* 0x5C)) & highs
        return (control | backslash) != 0
    }
}
