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
        /// Every string (numbers, booleans and nulls stay bare).
        case strings
        /// Every field but nulls.
        case notnull
        /// Never: delimiters, quotes and line breaks in a field are preceded by ``escape``, and a
        /// field that needs it without an escape character cannot be written.
        case none
    }

    /// A field that cannot be written under `quoting: none` without an escape character.
    public struct Unwritable: Error, CustomStringConvertible {
        public let field: Int
        public var description: String {
            "field \(field + 1) holds a character that must be escaped (a delimiter, quote or line break under `quote: none`, or a quote with `double_quote: false`), and there is no `escape` character"
        }
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
    /// Escape character written before a quote (when `doubleQuote` is off), before itself, and
    /// under `quoting: none` before delimiters and line breaks; nil for none.
    public var escape: UInt8?
    /// Whether a quote inside a quoted field is doubled (RFC 4180); else it is escaped.
    public var doubleQuote = true

    public init() {}

    /// Appends one row (without its line break); throws ``Unwritable`` (appending nothing) for a
    /// field that `quoting: none` cannot write.
    public func write(_ values: [Value], into buffer: inout [UInt8]) throws {
        let mark = buffer.count
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.append(contentsOf: delimiter) }
            if !write(value, alone: values.count == 1, into: &buffer) {
                buffer.removeLast(buffer.count - mark)
                throw Unwritable(field: index)
            }
        }
    }

    /// Appends one field; false when `quoting: none` cannot write it.
    @discardableResult
    public func write(_ value: Value, alone: Bool = false, into buffer: inout [UInt8]) -> Bool {
        switch value {
        case .null:
            if quoting == .all { buffer.append(quote); buffer.append(contentsOf: null); buffer.append(quote); return true }
            if quoting == .strings || quoting == .notnull { buffer.append(contentsOf: null); return true }
            if alone, null.isEmpty, quoting != .none { buffer.append(quote); buffer.append(quote); return true }
            buffer.append(contentsOf: null)
        case .int(let number):
            let quoted = quoting == .all || quoting == .notnull
            if quoted { buffer.append(quote) }
            JSONWriter.writeInteger(number, into: &buffer)
            if quoted { buffer.append(quote) }
        case .double:
            let quoted = quoting == .all || quoting == .notnull
            if quoted { buffer.append(quote) }
            buffer.append(contentsOf: JSONWriter.string(value).utf8)
            if quoted { buffer.append(quote) }
        case .bool(let flag):
            return writeText(Array((flag ? "true" : "false").utf8), alone: alone, bare: quoting == .strings, into: &buffer)
        case .string(let text):
            return writeText(Array(text.utf8), alone: alone, into: &buffer)
        case .timestamp(let date):
            return writeText(Array(ISO8601.format(date).utf8), alone: alone, into: &buffer)
        case .array, .object:
            return writeText(Array(JSONWriter.string(value).utf8), alone: alone, into: &buffer)
        }
        return true
    }

    private func writeText(_ text: [UInt8], alone: Bool, bare: Bool = false, into buffer: inout [UInt8]) -> Bool {
        var text = text
        var mustQuote = (quoting != .needed && quoting != .none && !bare) || (alone && text.isEmpty && quoting != .none)
        if escapeFormulae, let first = text.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) {
            text.insert(UInt8(ascii: "'"), at: 0)
            mustQuote = quoting != .none
        }
        if quoting == .none {
            // No quotes: escape what would otherwise end the field or the row.
            for byte in text {
                if byte == quote || byte == 0x0A || byte == 0x0D || delimiter.contains(byte) || byte == escape {
                    guard let escape else { return false }
                    buffer.append(escape)
                }
                buffer.append(byte)
            }
            return true
        }
        if !mustQuote { mustQuote = needsQuotes(text) }
        guard mustQuote else {
            for byte in text {
                if let escape, byte == escape { buffer.append(escape) }
                buffer.append(byte)
            }
            return true
        }
        buffer.append(quote)
        for byte in text {
            if byte == quote {
                if doubleQuote {
                    buffer.append(quote)
                } else {
                    guard let escape else { return false }
                    buffer.append(escape)
                }
            } else if let escape, byte == escape {
                buffer.append(escape)
            }
            buffer.append(byte)
        }
        buffer.append(quote)
        return true
    }

    private func needsQuotes(_ text: [UInt8]) -> Bool {
        // Any byte of a multi-byte delimiter counts: `a|` before `||` would read back as `a`, `|…`.
        text.contains { byte in byte == quote || byte == 0x0A || byte == 0x0D || delimiter.contains(byte) }
    }
}
