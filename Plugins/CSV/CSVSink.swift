import GleanCore
import Logging

/// The `csv` sink: RFC 4180 CSV with a header row, to a file (written to a temporary name and
/// renamed into place when the run succeeds) or standard output.
///
/// Columns are the first record's fields, in order, unless `columns:` fixes them. **A record that
/// brings a new field** starts a new section: an empty line, then a header row with the new
/// column appended, then the rows; rows before it are not rewritten (streaming, and the same for
/// standard output). Readers that skip empty lines (Glean's `csv` source by default) see one table
/// whose later rows are wider; set `columns:` for one fixed table. Nested values are written as JSON
/// text, timestamps as ISO 8601 UTC, null as `null:` (empty by default).
public struct CSVSink: Sink {
    /// Options of the `csv` sink.
    public struct Configuration: StageConfiguration {
        public var path: String
        public var writer: CSVWriter
        public var header: Bool
        public var bom: Bool
        public var columns: [String]?
        public var finalNewline: Bool
        public var quoteColumns: Set<String>
        public var skipEmptyRows: CSVEmptyLines

        static let path = OptionKey<String>.required("path", "string", doc: "Output file, relative to the pipeline file, or `-` for standard output.")
        static let delimiter = OptionKey<String>("delimiter", "string", default: ",", doc: "Field separator: one character, `\\t`/`tab`, or up to 8 bytes.")
        static let quote = OptionKey<CSVWriter.Quoting>(
            "quote", default: .needed, doc: "`needed` (fields with a delimiter, quote or line break, RFC 4180), `all`, `nonnumeric` (every field but numbers), `strings` (strings only), `notnull` (every field but nulls), or `none` (never; with `escape`, special characters are escaped; without, such a record is dead-lettered).")
        static let quoteChar = OptionKey<String>("quote_char", "string", default: "\"", doc: "The quote character.")
        static let escape = OptionKey<String>(
            "escape", "string", default: "none",
            doc: "An escape character (`\\`) written before itself, before quotes when `double_quote` is off, and under `quote: none` before delimiters, quotes and line breaks; `none` for no escaping.")
        static let doubleQuote = OptionKey<Bool>("double_quote", "boolean", default: true, doc: "Double a quote inside a quoted field (RFC 4180); off, it is escaped with `escape` (without one, a record holding a quote is dead-lettered).")
        static let null = OptionKey<String>("null", "string", default: "", shown: "empty", doc: "Text written for null values (`NULL`, `\\N`).")
        static let header = OptionKey<Bool>("header", "boolean", default: true, doc: "Write a header row of column names.")
        static let newline = OptionKey<String>("newline", "\\n | \\r\\n | \\r", default: "\n", shown: "\\n", doc: "Row terminator: `\\n`, or `\\r\\n` as RFC 4180 and Excel write it.")
        static let bom = OptionKey<Bool>("bom", "boolean", default: false, doc: "Start with a UTF-8 byte order mark, so that Excel reads the file as UTF-8.")
        static let columns = OptionKey<[String]?>(
            "columns", "[string]", default: nil, shown: "the first record's fields",
            doc: "The columns, in order; fields not listed are not written, listed ones a record lacks are null.")
        static let escapeFormulae = OptionKey<Bool>(
            "escape_formulae", "boolean", default: false,
            doc: "Prefix fields starting with `=`, `+`, `-`, `@`, tab or CR with `'` so spreadsheets do not run them (CSV injection).")
        static let finalNewline = OptionKey<Bool>("final_newline", "boolean", default: true, doc: "End the last row with a newline too.")
        static let quoteColumns = OptionKey<[String]>(
            "quote_columns", "[string]", default: [], shown: "none", doc: "Columns whose fields (and header) are always quoted, whatever `quote` says.")
        static let skipEmptyRows = OptionKey<CSVEmptyLines>(
            "skip_empty_rows", "boolean | greedy", default: .keep, shown: "false",
            doc: "`true`: a record whose fields are all null or empty is not written; `greedy`: nor one whose fields are all blank (spaces and tabs).")
        static let skipInitialSpace = OptionKey<Bool>(
            "skip_initial_space", "boolean", default: false,
            doc: "Write for readers that skip spaces after a delimiter (Python's `skipinitialspace`): a field starting with a space is quoted, and so is an empty one when the delimiter is a space; where `quote` forbids those quotes, the record is dead-lettered.")

        public static let options = [
            path.spec, delimiter.spec, quote.spec, quoteChar.spec, escape.spec, doubleQuote.spec, null.spec, header.spec, newline.spec,
            bom.spec, columns.spec, escapeFormulae.spec, finalNewline.spec, quoteColumns.spec, skipEmptyRows.spec, skipInitialSpace.spec,
        ]

        public init(path: String) {
            self.path = path
            writer = CSVWriter()
            header = true
            bom = false
            columns = nil
            finalNewline = true
            quoteColumns = []
            skipEmptyRows = .keep
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            path = try o[Self.path]
            writer = CSVWriter()
            writer.delimiter = try CSVByteOption.bytes(try o[Self.delimiter], option: "delimiter", maximum: 8)
            writer.quoting = try o[Self.quote]
            writer.quote = try CSVByteOption.bytes(try o[Self.quoteChar], option: "quote_char", maximum: 1)[0]
            writer.null = Array(try o[Self.null].utf8)
            let escape = try o[Self.escape]
            writer.escape = escape == "none" ? nil : try CSVByteOption.bytes(escape, option: "escape", maximum: 1)[0]
            writer.doubleQuote = try o[Self.doubleQuote]
            let newline = try o[Self.newline]
            switch newline {
            case "\n", "\\n": writer.newline = [0x0A]
            case "\r\n", "\\r\\n": writer.newline = [0x0D, 0x0A]
            case "\r", "\\r": writer.newline = [0x0D]
            default: throw ConfigurationError(option: "newline", "must be \\n, \\r\\n or \\r")
            }
            writer.escapeFormulae = try o[Self.escapeFormulae]
            header = try o[Self.header]
            bom = try o[Self.bom]
            columns = try o[Self.columns]
            finalNewline = try o[Self.finalNewline]
            quoteColumns = Set(try o[Self.quoteColumns])
            skipEmptyRows = try o[Self.skipEmptyRows]
            writer.skipInitialSpace = try o[Self.skipInitialSpace]
        }

        public func validate() throws {
            if path.isEmpty { throw ConfigurationError(option: "path", "must not be empty") }
            if writer.delimiter.contains(writer.quote) { throw ConfigurationError(option: "quote_char", "must differ from the delimiter") }
            if let columns, Set(columns).count != columns.count { throw ConfigurationError(option: "columns", "lists a column twice") }
        }
    }

    private let configuration: Configuration
    /// The configured writer, with `quote_columns` as positions of the current columns.
    private var writer: CSVWriter
    private var file: OutputFile
    private var columns: [String]
    private var fixed: Bool
    private var rowsWritten = 0
    private var started = false

    public init(configuration: Configuration, context: StageContext) throws {
        self.configuration = configuration
        file = try OutputFile(path: context.resolvePath(configuration.path))
        if !file.removedStaleFiles.isEmpty {
            context.logger.notice("removed \(file.removedStaleFiles.count) temporary file(s) left by killed runs: \(file.removedStaleFiles.joined(separator: ", "))")
        }
        columns = configuration.columns ?? []
        fixed = configuration.columns != nil
        writer = configuration.writer
        setColumns(columns)
    }

    /// The columns written from now on.
    private mutating func setColumns(_ new: [String]) {
        columns = new
        if !configuration.quoteColumns.isEmpty { writer.alwaysQuote = columns.map(configuration.quoteColumns.contains) }
    }

    public mutating func write(_ batch: [Record], rejections: inout Rejections) async throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(batch.count * 128)
        for record in batch {
            if !started {
                started = true
                if configuration.bom { buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
                if !fixed { setColumns(record.fields.names) }
                writeHeader(into: &buffer)
            } else if !fixed {
                let new = record.fields.names.filter { !columns.contains($0) }
                if !new.isEmpty {
                    setColumns(columns + new)
                    if configuration.header {
                        // End the last row, then an empty line; the header follows without another break.
                        buffer.append(contentsOf: writer.newline + writer.newline)
                        rowsWritten = 0
                        writeHeader(into: &buffer)
                    }
                }
            }
            let values = Self.values(of: record.fields, in: columns)
            if configuration.skipEmptyRows != .keep, Self.isEmpty(values, greedy: configuration.skipEmptyRows == .greedy) { continue }
            let mark = buffer.count
            if rowsWritten > 0 { buffer.append(contentsOf: writer.newline) }
            do {
                try writer.write(values, into: &buffer)
                rowsWritten += 1
            } catch let unwritable as CSVWriter.Unwritable {
                buffer.removeLast(buffer.count - mark)
                rejections.reject(record, GleanError(.invalidRecord, "column '\(columns[unwritable.field])': \(unwritable)"))
            }
        }
        try file.write(buffer)
    }

    /// The record's values in column order: positionally when its fields are the columns in order
    /// (most records of a table), else by name (fields are a linear map: by name is O(n²)).
    static func values(of fields: Fields, in columns: [String]) -> [Value] {
        let list = fields.fields
        if list.count == columns.count, zip(list, columns).allSatisfy({ $0.name == $1 }) { return list.map(\.value) }
        return columns.map { fields[$0] ?? .null }
    }

    /// Whether a row is empty for `skip_empty_rows`: every value null or `""` (`greedy`: or blank).
    static func isEmpty(_ values: [Value], greedy: Bool) -> Bool {
        values.allSatisfy { value in
            switch value {
            case .null: true
            case .string(let text): text.isEmpty || greedy && text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            default: false
            }
        }
    }

    private mutating func writeHeader(into buffer: inout [UInt8]) {
        guard configuration.header, !columns.isEmpty else { return }
        if rowsWritten > 0 { buffer.append(contentsOf: writer.newline) }
        if (try? writer.write(columns.map(Value.string), into: &buffer)) != nil { rowsWritten += 1 }
    }

    public mutating func finish() async throws {
        var tail: [UInt8] = []
        if !started, fixed, configuration.header {
            // No records: a fixed header is still written.
            if configuration.bom { tail.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
            writeHeader(into: &tail)
        }
        if rowsWritten > 0, configuration.finalNewline { tail.append(contentsOf: writer.newline) }
        if !tail.isEmpty { try file.write(tail) }
        try file.finish()
    }

    public mutating func commit() async throws { try file.commit() }

    public var committedBeforeAbort: String? { file.writtenBeforeAbort }

    public mutating func abort() async { file.abort() }
}
