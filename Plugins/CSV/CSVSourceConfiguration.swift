import GleanCore
import GleanInputs

extension CSVSource {
    /// Options of the `csv` source.
    public struct Configuration: StageConfiguration {
        /// Where the inputs are and how they are read (the shared input options).
        public var inputs: InputOptions
        /// The delimiter, or nil to sniff it.
        public var delimiter: [UInt8]?
        /// The quote (`.some(nil)`: no quoting), or nil to sniff it.
        public var quote: UInt8??
        /// The escape (`.some(nil)`: quotes doubled), or nil to sniff it.
        public var escape: UInt8??
        public var doubleQuote: Bool
        public var comment: [UInt8]?
        public var header: CSVHeaderOption
        public var skipRows: Int
        public var skipEmptyLines: CSVEmptyLines
        public var trim: CSVDialect.Trim
        public var nullValues: [String]
        public var types: CSVTypesOption
        public var inferRows: Int
        public var decimalComma: Bool
        public var encoding: CSVEncoding
        public var maxFieldBytes: Int
        public var maxColumns: Int
        public var maxRows: Int?
        public var ragged: CSVRagged
        public var sniff: Bool
        public var idField: String?
        public var newline: Newline
        public var quoting: CSVReadQuoting
        public var strict: Bool
        public var skipInitialSpace: Bool

        public enum Dialect: String, Sendable, CaseIterable, Decodable { case auto, none }
        /// What ends a row.
        public enum Newline: String, Sendable, CaseIterable, Decodable {
            case any, lf, crlf, cr
        }
        public enum Decimal: String, Sendable, CaseIterable, Decodable {
            case point = ".", comma = ","
        }

        static let delimiter = OptionKey<String?>(
            "delimiter", "string", default: nil, shown: "auto",
            doc: "Field separator: one character (`,` `;` `|`), `\\t` or `tab`, or up to 8 bytes (`||`); `auto` (or absent) sniffs it.")
        static let quote = OptionKey<String?>(
            "quote", "string", default: nil, shown: "auto (\")",
            doc: "Quote character, or `none` for a file that never quotes; absent: sniffed (`\"` or `'`) under `dialect: auto`, else `\"`.")
        static let escape = OptionKey<String?>(
            "escape", "string", default: nil, shown: "auto (double)",
            doc: "`double` (`\"\"` inside quotes is one quote, RFC 4180) or a character that makes the next one literal (`\\\\`).")
        static let doubleQuote = OptionKey<Bool>(
            "double_quote", "boolean", default: true,
            doc: "Whether `\"\"` inside quotes is one quote (RFC 4180). Off, a quote always ends the quoted part and what follows up to the delimiter is literal text (`\"a\"b\"` is `ab\"`); with an `escape` character, `\\\"` is then the way to write a quote.")
        static let comment = OptionKey<String?>(
            "comment", "string", default: nil, shown: "none", doc: "A line starting with this text is skipped (`#`).")
        static let header = OptionKey<CSVHeaderOption>(
            "header", "boolean | [string] | auto", default: .auto, shown: "auto",
            doc: "Whether the first row names the columns (`auto`: sniffed), or the names themselves. Duplicate names become `a`, `a_1`…; empty ones and headerless columns `column_1`….")
        static let skipRows = OptionKey<Int>(
            "skip_rows", "integer", default: 0, in: 0..., doc: "Physical lines dropped before anything is parsed (titles, export banners).")
        static let skipEmptyLines = OptionKey<CSVEmptyLines>(
            "skip_empty_lines", "boolean | greedy", default: .skip, shown: "true",
            doc: "`true`: an empty line is not a row; `greedy`: nor is a line of spaces and tabs; `false`: it is a row of one empty field.")
        static let trim = OptionKey<CSVDialect.Trim>(
            "trim", default: .none, doc: "Spaces and tabs removed around unquoted fields (`leading` also before a quote): `none`, `leading`, `trailing` or `both`.")
        static let nullValues = OptionKey<[String]>(
            "null_values", "[string]", default: [], shown: "none",
            doc: "Texts read as null in any column (`NA`, `NULL`, `-`). An empty field is null in typed columns and `\"\"` in string ones.")
        static let types = OptionKey<CSVTypesOption>(
            "types", "infer | string | {column: type}", default: .infer, shown: "infer",
            doc: "Column types: `infer` (from the first `infer_rows` rows), `string`, `dynamic` (each value on its own: boolean, integer, real or timestamp when it reads as one, else text; empty is null), or a map of column → `integer`, `real`, `boolean`, `date`, `timestamp`, `string`, `json`, `dynamic` or `infer`. A later value that does not fit its column's type is kept as a string and counted.")
        static let inferRows = OptionKey<Int>(
            "infer_rows", "integer", default: 1000, in: 1...1_000_000, doc: "Rows read before the column types are chosen (they are held in memory meanwhile).")
        static let decimal = OptionKey<Decimal>(
            "decimal", default: .point, doc: "Decimal separator of real numbers: `.` or `,`.")
        static let encoding = OptionKey<CSVEncoding>(
            "encoding", default: .auto,
            doc: "`auto` (byte order mark; else UTF-8 when valid; else GB18030 when the bytes pair like GBK; else Windows-1252), or one of the names. Bytes invalid in the encoding dead-letter their row.")
        static let maxFieldBytes = OptionKey<Int>(
            "max_field_bytes", "integer", default: 64 << 20, in: 16...(1 << 30),
            doc: "Longest field; a row with a longer one is dead-lettered (its start is kept) and reading goes on. Memory holds at most about twice this.")
        static let maxColumns = OptionKey<Int>(
            "max_columns", "integer", default: 100_000, in: 1...10_000_000, doc: "Most fields in one row; a row with more is dead-lettered.")
        static let maxRows = OptionKey<Int?>(
            "max_rows", "integer", default: nil, shown: "none", doc: "Stop after this many records (over all inputs).")
        static let ragged = OptionKey<CSVRagged>(
            "ragged", default: .error,
            doc: "A row with more or fewer fields than the header: `error` (dead-lettered), `pad` (short rows padded with nulls, long ones dead-lettered) or `keep` (the fields it has; extras named `column_N`). Without a header row, every row keeps the fields it has.")
        static let dialect = OptionKey<Dialect>(
            "dialect", default: .auto,
            doc: "`auto`: sniff what of delimiter, quote, escape, header and preamble is not given, from the first 64 KiB of each input (logged at debug level; see `glean extract csv-dialect FILE`); `none`: RFC 4180 for what is not given, no preamble.")
        static let idField = OptionKey<String?>(
            "id_field", "string", default: nil, doc: "Column whose value becomes the record id (for idempotent sinks); by default the id is derived from file and line.")
        static let newline = OptionKey<Newline>(
            "newline", default: .any,
            doc: "What ends a row: `any` of CRLF, LF and a lone CR, or only `lf`, `crlf` or `cr` (the other line breaks are then data).")
        static let quoting = OptionKey<CSVReadQuoting>(
            "quoting", default: .minimal,
            doc: "Whether quotes carry types (Python's reader modes): `minimal` (no, `types:` decides), `nonnumeric` (quoted fields are strings, unquoted ones numbers; an unquoted non-number dead-letters its row), `strings` (the same, and an empty unquoted field is null), `notnull` (strings, an empty unquoted field null). Other than `minimal`, `types:` is not used.")
        static let strict = OptionKey<Bool>(
            "strict", "boolean", default: false,
            doc: "Text after a closing quote other than the delimiter or a line break (`\"a\"b`, `\"a\" ,`) dead-letters the row; by default it is kept as part of the field (trailing spaces dropped). With `double_quote: false` such text is always part of the field.")
        static let skipInitialSpace = OptionKey<Bool>(
            "skip_initial_space", "boolean", default: false,
            doc: "Skip spaces (not tabs) at the start of every field, before a quote too (Python's `skipinitialspace`); `trim` removes spaces and tabs around unquoted fields.")
        static let incremental = InputOptionKeys.incremental(default: false)

        public static let options = [
            delimiter.spec, quote.spec, escape.spec, doubleQuote.spec, comment.spec, header.spec, skipRows.spec,
            skipEmptyLines.spec, trim.spec, nullValues.spec, types.spec, inferRows.spec, decimal.spec, encoding.spec,
            maxFieldBytes.spec, maxColumns.spec, maxRows.spec, ragged.spec, dialect.spec, idField.spec, newline.spec,
            quoting.spec, strict.spec, skipInitialSpace.spec,
        ] + InputOptionKeys.specs(incremental: incremental)

        /// Reads `path` with every option at its default (sniffed dialect, inferred types).
        public init(path: String) {
            inputs = InputOptions()
            inputs.paths = [path]
            delimiter = nil
            quote = nil
            escape = nil
            doubleQuote = true
            comment = nil
            header = .auto
            skipRows = 0
            skipEmptyLines = .skip
            trim = .none
            nullValues = []
            types = .infer
            inferRows = 1000
            decimalComma = false
            encoding = .auto
            maxFieldBytes = 64 << 20
            maxColumns = 100_000
            maxRows = nil
            ragged = .error
            sniff = true
            idField = nil
            newline = .any
            quoting = .minimal
            strict = false
            skipInitialSpace = false
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            inputs = try InputOptionKeys.read(o, incremental: Self.incremental)
            let delimiterText = try o[Self.delimiter]
            delimiter = try delimiterText.flatMap { $0 == "auto" ? nil : try CSVByteOption.bytes($0, option: "delimiter", maximum: 8) }
            quote = try o[Self.quote].map { text -> UInt8? in
                text == "none" ? nil : try CSVByteOption.bytes(text, option: "quote", maximum: 1)[0]
            }
            escape = try o[Self.escape].map { text -> UInt8? in
                text == "double" ? nil : try CSVByteOption.bytes(text, option: "escape", maximum: 1)[0]
            }
            doubleQuote = try o[Self.doubleQuote]
            comment = try o[Self.comment].map { try CSVByteOption.bytes($0, option: "comment", maximum: 64) }
            header = try o[Self.header]
            skipRows = try o[Self.skipRows]
            skipEmptyLines = try o[Self.skipEmptyLines]
            trim = try o[Self.trim]
            nullValues = try o[Self.nullValues]
            types = try o[Self.types]
            inferRows = try o[Self.inferRows]
            decimalComma = try o[Self.decimal] == .comma
            encoding = try o[Self.encoding]
            maxFieldBytes = try o[Self.maxFieldBytes]
            maxColumns = try o[Self.maxColumns]
            maxRows = try o[Self.maxRows]
            ragged = try o[Self.ragged]
            sniff = try o[Self.dialect] == .auto
            idField = try o[Self.idField]
            newline = try o[Self.newline]
            quoting = try o[Self.quoting]
            strict = try o[Self.strict]
            skipInitialSpace = try o[Self.skipInitialSpace]
        }

        public func validate() throws {
            try InputOptionKeys.validate(inputs)
            if let delimiter, let quote = quote ?? nil, delimiter.contains(quote) {
                throw ConfigurationError(option: "quote", "must differ from the delimiter")
            }
            if let maxRows, maxRows < 0 { throw ConfigurationError(option: "max_rows", "must be at least 0") }
            if case .names(let names) = header, names.isEmpty { throw ConfigurationError(option: "header", "the list of column names is empty") }
        }

        /// The dialect for what is given, RFC 4180 for the rest.
        var givenDialect: CSVDialect {
            let escapeByte = escape ?? nil
            return CSVDialect(
                delimiter: delimiter ?? [UInt8(ascii: ",")], quote: quote ?? UInt8(ascii: "\""), escape: escapeByte,
                doubleQuote: doubleQuote, comment: comment, trim: trim)
        }

        /// Whether anything is left to sniff.
        var needsSniffing: Bool {
            sniff && (delimiter == nil || quote == nil || escape == nil || header == .auto)
        }
    }
}
