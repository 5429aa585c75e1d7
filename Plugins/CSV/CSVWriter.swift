import GleanCore

/// Writes rows of values as CSV (RFC 4180 by default): a field is quoted when it holds the
/// delimiter, the quote, a line break or (alone in its row) nothing, and quotes inside are doubled.
public struct CSVWriter: Sendable {
    /// When fields are quoted.
    public enum Quoting: String, Sendable, CaseIterable, Decodable {
        /// Only when needed.
        case needed
        /// Every field.
        case all
        /// Every field that is not a number (nulls stay bare).
        case nonnumeric
    }

    public var delimiter: [UInt8] = [UInt8(ascii: ",")]
    public var quote: UInt8 = UInt8(ascii: "\"")
    public var quoting: Quoting = .needed
    /// Text written for null.
    public var null: [UInt8] = []
    public var newline: [UInt8] = [0x0A]
    /// Whether a field that starts with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` (and
    /// quoted), so that spreadsheets do not run it as a formula (CSV injection).
    public var escapeFormulae = false

    public init() {}

    /// Appends one row (without its line break).
    public func write(_ values: [Value], into buffer: inout [UInt8]) {
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.append(contentsOf: delimiter) }
            write(value, alone: values.count == 1, into: &buffer)
        }
    }

    /// Appends one field.
    public func write(_ value: Value, alone: Bool = false, into buffer: inout [UInt8]) {
        switch value {
        case .null:
            if quoting == .all { buffer.append(quote); buffer.append(contentsOf: null); buffer.append(quote); return }
            if alone, null.isEmpty { buffer.append(quote); buffer.append(quote); return }
            buffer.append(contentsOf: null)
        case .int(let number):
            if quoting == .all { buffer.append(quote) }
            JSONWriter.writeInteger(number, into: &buffer)
            if quoting == .all { buffer.append(quote) }
        case .double:
            if quoting == .all { buffer.append(quote) }
            buffer.append(contentsOf: JSONWriter.string(value).utf8)
            if quoting == .all { buffer.append(quote) }
        case .bool(let flag):
            writeText(Array((flag ? "true" : "false").utf8), alone: alone, into: &buffer)
        case .string(let text):
            writeText(Array(text.utf8), alone: alone, into: &buffer)
        case .timestamp(let date):
            writeText(Array(ISO8601.format(date).utf8), alone: alone, into: &buffer)
        case .array, .object:
            writeText(Array(JSONWriter.string(value).utf8), alone: alone, into: &buffer)
        }
    }

    private func writeText(_ text: [UInt8], alone: Bool, into buffer: inout [UInt8]) {
        var text = text
        var mustQuote = quoting != .needed || (alone && text.isEmpty)
        if escapeFormulae, let first = text.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) {
            text.insert(UInt8(ascii: "'"), at: 0)
            mustQuote = true
        }
        if !mustQuote { mustQuote = needsQuotes(text) }
        guard mustQuote else {
            buffer.append(contentsOf: text)
            return
        }
        buffer.append(quote)
        for byte in text {
            if byte == quote { buffer.append(quote) }
            buffer.append(byte)
        }
        buffer.append(quote)
    }

    private func needsQuotes(_ text: [UInt8]) -> Bool {
        // Any byte of a multi-byte delimiter counts: `a|` before `||` would read back as `a`, `|…`.
        text.contains { byte in byte == quote || byte == 0x0A || byte == 0x0D || delimiter.contains(byte) }
    }
}
