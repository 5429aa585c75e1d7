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
        /// Every field that is not a number (null is written as a quoted `null` text).
        case nonnumeric
        /// Every string (numbers, booleans and nulls stay bare).
        case strings
        /// Every field but nulls.
        case notnull
        /// Never: delimiters, quotes and line breaks in a field are preceded by ``escape``, and a
        /// field that needs it without an escape character cannot be written.
        case none
    }

    /// A field that cannot be written so that it reads back as it is.
    public struct Unwritable: Error, CustomStringConvertible {
        public let field: Int
        public let reason: Reason

        public enum Reason: Sendable {
            /// A delimiter, quote or line break under `quote: none`, or a quote with
            /// `double_quote: false`, and no escape character.
            case needsEscape
            /// An empty field with a space delimiter under `skip_initial_space`, where the quoting
            /// mode forbids the quotes that would keep it.
            case emptyNeedsQuotes
            /// A row of one empty field (an empty line, which readers skip), where the quoting mode
            /// forbids the quotes that would keep it.
            case emptyRowNeedsQuotes
        }

        public var description: String {
            switch reason {
            case .needsEscape:
                "field \(field + 1) holds a character that must be escaped (a delimiter, quote or line break under `quote: none`, or a quote with `double_quote: false`), and there is no `escape` character"
            case .emptyNeedsQuotes:
                "field \(field + 1) is empty: with a space delimiter and `skip_initial_space` it must be quoted, which `quote: none` (or, for null, `strings` and `notnull`) does not allow"
            case .emptyRowNeedsQuotes:
                "the row is one empty field: it must be quoted (`\"\"`, else it is an empty line that readers skip), which `quote: none` (or, for null, `strings` and `notnull`) does not allow"
            }
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
    /// Fields always quoted, by position (`quote_columns`); positions past the end are not.
    public var alwaysQuote: [Bool] = []
    /// Whether readers will skip spaces after a delimiter (Python's `skipinitialspace`): a field
    /// that starts with a space is then quoted (or escaped), and so is an empty field when the
    /// delimiter is a space — so that every field reads back as it was.
    public var skipInitialSpace = false

    public init() {}

    /// Appends one row (without its line break); throws ``Unwritable`` (appending nothing) for a
    /// field that `quoting: none` cannot write.
    public func write(_ values: [Value], into buffer: inout [UInt8]) throws {
        let mark = buffer.count
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.append(contentsOf: delimiter) }
            let force = index < alwaysQuote.count && alwaysQuote[index]
            if let reason = write(value, alone: values.count == 1, quoted: force, into: &buffer) {
                buffer.removeLast(buffer.count - mark)
                throw Unwritable(field: index, reason: reason)
            }
        }
    }

    /// Appends one field (`quoted`: whatever the quoting mode says); returns why it cannot be
    /// written, having appended part of it, or nil.
    @discardableResult
    public func write(_ value: Value, alone: Bool = false, quoted force: Bool = false, into buffer: inout [UInt8]) -> Unwritable.Reason? {
        // An empty field a reader skipping initial spaces would merge with the next delimiter.
        let emptyIsAmbiguous = skipInitialSpace && delimiter == [0x20]
        switch value {
        case .null:
            // `nonnumeric` quotes null too (it is not a number), as Python's writer does.
            let quoted = quoting == .all || quoting == .nonnumeric || force
            if !quoted, null.isEmpty, emptyIsAmbiguous || alone {
                // Empty, and it must not be: quoted, unless the mode keeps nulls bare.
                if quoting == .strings || quoting == .notnull || quoting == .none { return emptyIsAmbiguous ? .emptyNeedsQuotes : .emptyRowNeedsQuotes }
                buffer.append(quote); buffer.append(quote); return nil
            }
            if quoted { buffer.append(quote) }
            buffer.append(contentsOf: null)
            if quoted { buffer.append(quote) }
        case .int(let number):
            let quoted = quoting == .all || quoting == .notnull || force
            if quoted { buffer.append(quote) }
            JSONWriter.writeInteger(number, into: &buffer)
            if quoted { buffer.append(quote) }
        case .double:
            let quoted = quoting == .all || quoting == .notnull || force
            if quoted { buffer.append(quote) }
            buffer.append(contentsOf: JSONWriter.string(value).utf8)
            if quoted { buffer.append(quote) }
        case .bool(let flag):
            return writeText(Array((flag ? "true" : "false").utf8), alone: alone, bare: quoting == .strings && !force, force: force, into: &buffer)
        case .string(let text):
            return writeText(Array(text.utf8), alone: alone, force: force, into: &buffer)
        case .timestamp(let date):
            return writeText(Array(ISO8601.format(date).utf8), alone: alone, force: force, into: &buffer)
        case .array, .object:
            return writeText(Array(JSONWriter.string(value).utf8), alone: alone, force: force, into: &buffer)
        }
        return nil
    }

    private func writeText(_ text: [UInt8], alone: Bool, bare: Bool = false, force: Bool, into buffer: inout [UInt8]) -> Unwritable.Reason? {
        var text = text
        let emptyIsAmbiguous = text.isEmpty && skipInitialSpace && delimiter == [0x20]
        if quoting == .none, !force, text.isEmpty, emptyIsAmbiguous || alone { return emptyIsAmbiguous ? .emptyNeedsQuotes : .emptyRowNeedsQuotes }
        var mustQuote = force || (quoting != .needed && quoting != .none && !bare) || ((alone || emptyIsAmbiguous) && text.isEmpty && quoting != .none)
        if escapeFormulae, let first = text.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) {
            text.insert(UInt8(ascii: "'"), at: 0)
            mustQuote = quoting != .none
        }
        // A leading space a reader skipping initial spaces would drop.
        let leadingSpace = skipInitialSpace && text.first == 0x20
        if quoting == .none, !force {
            // No quotes: escape what would otherwise end the field or the row.
            for (index, byte) in text.enumerated() {
                if byte == quote || byte == 0x0A || byte == 0x0D || delimiter.contains(byte) || byte == escape || (index == 0 && leadingSpace) {
                    guard let escape else { return .needsEscape }
                    buffer.append(escape)
                }
                buffer.append(byte)
            }
            return nil
        }
        if !mustQuote { mustQuote = leadingSpace || needsQuotes(text) }
        guard mustQuote else {
            for byte in text {
                if byte == quote {  // only with `double_quote: false` (else needsQuotes said so)
                    guard let escape else { return .needsEscape }
                    buffer.append(escape)
                } else if let escape, byte == escape {
                    buffer.append(escape)
                }
                buffer.append(byte)
            }
            return nil
        }
        buffer.append(quote)
        for byte in text {
            if byte == quote {
                if doubleQuote {
                    buffer.append(quote)
                } else {
                    guard let escape else { return .needsEscape }
                    buffer.append(escape)
                }
            } else if let escape, byte == escape {
                buffer.append(escape)
            }
            buffer.append(byte)
        }
        buffer.append(quote)
        return nil
    }

    /// Whether a field must be quoted: it holds a line break, a delimiter byte, or a quote that is
    /// doubled (with `double_quote: false` the quote is escaped instead, as Python's writer does).
    private func needsQuotes(_ text: [UInt8]) -> Bool {
        // Any byte of a multi-byte delimiter counts: `a|` before `||` would read back as `a`, `|…`.
        text.contains { byte in (byte == quote && doubleQuote) || byte == 0x0A || byte == 0x0D || delimiter.contains(byte) }
    }
}
