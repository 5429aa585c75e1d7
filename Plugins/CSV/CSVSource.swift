import GleanEncoding
import GleanCore
import GleanInputs
import Logging

/// The `csv` source: one record per row of every CSV input (files, folders, globs, archives,
/// compressed files, URLs, standard input), streamed.
///
/// Per input: the encoding is detected or decoded (`TranscodingStream`), the dialect, header and
/// preamble are sniffed from the first 64 KiB unless given (`CSVSniffer`), rows are parsed
/// (`CSVRowReader`), and column types are inferred from the first `infer_rows` rows (held until
/// then) or taken from `types:`. Every record carries its origin (input, line, byte offset). Bad
/// rows — ragged under `ragged: error`, an unclosed quote, a field over the limit, bytes invalid in
/// the encoding — are dead-lettered with their line and the run goes on.
public struct CSVSource: Source {
    let configuration: Configuration
    let context: StageContext

    public init(configuration: Configuration, context: StageContext) {
        self.configuration = configuration
        self.context = context
    }

    public mutating func run(into output: SourceOutput) async throws {
        let inputs = InputReader(options: configuration.inputs, context: context)
        var emitted = 0
        try await inputs.forEach(into: output) { input, batcher in
            if let maxRows = configuration.maxRows, emitted >= maxRows { return }
            var reader = try CSVInputReader(input: input, configuration: configuration, context: context, output: output)
            try await reader.read(into: &batcher, emitted: &emitted)
            if reader.interrupted {
                try await batcher.flush()  // stopped part-way: what was read is delivered
                throw SourceStop()
            }
        }
    }
}

/// What a row became.
enum RowOutcome {
    case record(Record)
    case rejected(DeadLetter)
}

/// Reads one input of the `csv` source.
struct CSVInputReader {
    let input: Input
    let configuration: CSVSource.Configuration
    let context: StageContext
    let output: SourceOutput
    let rows: CSVRowReader
    let header: Bool
    private var names: [String] = []
    private var types: [CSVColumnType] = []
    private var typesChosen = false
    private var pending: [PendingRow] = []
    private var index = 0
    private var violations: [Int: Int] = [:]
    private var nullTexts: Set<[UInt8]>
    // Options the per-row code reads, copied out of `configuration` once (reading them through
    // the configuration struct in the hot path copied parts of it: a few percent of the run).
    private let decimalComma: Bool
    private let ragged: CSVRagged
    private let idField: String?
    private let maxRows: Int?
    private let inferRows: Int
    private let quoting: CSVReadQuoting
    private let stageName: String
    var interrupted: Bool { rows.interrupted }

    /// A row held until the column types are chosen.
    private struct PendingRow {
        let line: Int
        let offset: Int64
        let cells: PendingCells
        let raw: String
    }

    init(input: Input, configuration: CSVSource.Configuration, context: StageContext, output: SourceOutput) throws {
        self.input = input
        self.configuration = configuration
        self.context = context
        self.output = output
        nullTexts = Set(configuration.nullValues.map { Array($0.utf8) })
        decimalComma = configuration.decimalComma
        ragged = configuration.ragged
        idField = configuration.idField
        maxRows = configuration.maxRows
        inferRows = configuration.inferRows
        quoting = configuration.quoting
        // Quotes carry the types: nothing to infer, nothing held.
        typesChosen = quoting != .minimal
        stageName = context.name
        // The encoding, from the first bytes unless given.
        var head = try Self.readSample(input.stream, bytes: CSVSniffer.sampleBytes)
        var complete = head.count < CSVSniffer.sampleBytes
        let encoding = configuration.encoding
        var charset = encoding.charset ?? .utf8
        var bom = 0
        if encoding == .auto {
            (charset, bom) = CSVEncoding.detect(head, complete: complete)
            if !charset.isUTF8 { context.logger.debug("\(input.location): read as \(charset)") }
        } else if let mark = Charset.byteOrderMark(head), mark.charset == charset {
            bom = mark.length
        }
        var stream: any ByteStream = PrefixedStream(prefix: Array(head.dropFirst(bom)), rest: input.stream)
        if !charset.isUTF8 {
            stream = try TranscodingStream(base: stream, charset: charset)
            head = try Self.readSample(stream, bytes: CSVSniffer.sampleBytes)
            complete = head.count < CSVSniffer.sampleBytes
            stream = PrefixedStream(prefix: head, rest: stream)
        } else if bom > 0 {
            head.removeFirst(bom)
        }
        // The dialect, header and preamble.
        var dialect = configuration.givenDialect
        var preamble = 0
        var guess: CSVSniffer.Guess?
        if configuration.needsSniffing {
            var sample = head
            if configuration.skipRows > 0 { sample = Self.dropLines(configuration.skipRows, of: sample) }
            let header: Bool? = switch configuration.header {
            case .auto: nil
            case .present(let flag): flag
            case .names: false
            }
            let found = CSVSniffer.guess(
                sample, complete: complete, base: dialect, delimiter: configuration.delimiter, quote: configuration.quote,
                escape: configuration.escape, header: header, decimalComma: configuration.decimalComma)
            dialect = found.dialect
            preamble = found.preambleLines
            guess = found
            context.logger.debug("\(input.location): \(found)")
        }
        header = switch configuration.header {
        case .auto: guess?.header ?? true
        case .present(let flag): flag
        case .names: false
        }
        rows = CSVRowReader(stream: stream, dialect: dialect, maximumFieldBytes: configuration.maxFieldBytes, maximumColumns: configuration.maxColumns)
        rows.strict = configuration.strict
        rows.skipInitialSpace = configuration.skipInitialSpace
        rows.emptyLinesAreRows = configuration.skipEmptyLines == .keep
        rows.skipBlankLines = configuration.skipEmptyLines == .greedy
        rows.terminator = switch configuration.newline {
        case .any: .any
        case .lf: .lf
        case .crlf: .crlf
        case .cr: .cr
        }
        rows.interrupt = { [output] in output.isStopRequested }
        _ = try rows.skipLines(configuration.skipRows)
        if preamble > 0 { try skipPreamble(preamble) }
        if case .names(let given) = configuration.header { names = Self.unique(given) }
    }

    /// Skips the sniffed preamble: its rows (quotes respected), as the sniffer counted them.
    private func skipPreamble(_ count: Int) throws {
        for _ in 0..<count {
            if case .end = try rows.next({ _ in }) { return }
        }
    }

    // MARK: - Rows to records

    mutating func read(into batcher: inout RecordBatcher, emitted: inout Int) async throws {
        let location = input.location
        var headerPending = header
        var rowsSinceProgress = 0
        while true {
            if let maxRows, emitted >= maxRows { break }
            var made: RowOutcome?
            let outcome = try rows.next { row in
                if headerPending {
                    headerPending = false
                    names = Self.unique((0..<row.count).map { i in
                        let name = String(decoding: row.field(i), as: UTF8.self)
                        return name.trimmingSpaces.isEmpty ? "column_\(i + 1)" : name
                    })
                } else if !typesChosen {
                    pending.append(PendingRow(
                        line: row.line, offset: row.offset, cells: PendingCells((0..<row.count).map(row.field)),
                        raw: String(decoding: row.raw.prefix(4096), as: UTF8.self)))
                } else {
                    made = record(count: row.count, line: row.line, offset: row.offset, cell: row.field, quoted: row.quoted) {
                        String(decoding: row.raw.prefix(4096), as: UTF8.self)
                    }
                }
            }
            switch outcome {
            case .end:
                try await finishTypes(into: &batcher, emitted: &emitted)
                reportViolations()
                return
            case .problem(let problem):
                try await output.reject(DeadLetter(
                    origin: RecordOrigin(stage: context.name, location: location, line: problem.line, byteOffset: Int(problem.offset)),
                    error: "\(location):\(problem.line): \(problem.message)", raw: String(decoding: problem.preview, as: UTF8.self),
                    code: .malformedInput))
                continue
            case .row:
                break
            }
            if !typesChosen, pending.count >= inferRows { try await finishTypes(into: &batcher, emitted: &emitted) }
            if let made { try await send(made, into: &batcher, emitted: &emitted) }
            rowsSinceProgress += 1
            if rowsSinceProgress >= 4096 {
                rowsSinceProgress = 0
                input.reportProgress()
            }
        }
        try await finishTypes(into: &batcher, emitted: &emitted)
        reportViolations()
    }

    /// Chooses the column types from the rows held, then emits them.
    private mutating func finishTypes(into batcher: inout RecordBatcher, emitted: inout Int) async throws {
        guard !typesChosen else { return }
        typesChosen = true
        let width = max(names.count, pending.map(\.cells.bounds.count).max() ?? 0)
        types = (0..<width).map { column in chooseType(column) }
        let held = pending
        pending = []
        for row in held {
            if let maxRows, emitted >= maxRows { break }
            let made = row.cells.bytes.withUnsafeBytes { bytes in
                record(
                    count: row.cells.bounds.count, line: row.line, offset: row.offset,
                    cell: { UnsafeRawBufferPointer(rebasing: bytes[row.cells.bounds[$0]]) }, quoted: { _ in false }
                ) { row.raw }
            }
            try await send(made, into: &batcher, emitted: &emitted)
        }
    }

    private func send(_ made: RowOutcome, into batcher: inout RecordBatcher, emitted: inout Int) async throws {
        switch made {
        case .record(let record):
            emitted += 1
            try await batcher.append(record)
        case .rejected(let letter):
            try await output.reject(letter)
        }
    }

    private func columnName(_ column: Int) -> String {
        column < names.count ? names[column] : "column_\(column + 1)"
    }

    private func chooseType(_ column: Int) -> CSVColumnType {
        let name = columnName(column)
        switch configuration.types {
        case .string: return .string
        case .dynamic: return .dynamic
        case .columns(let map):
            if let given = map[name], let type = given { return type }
        case .infer: break
        }
        let decimalComma = configuration.decimalComma
        var candidates = CSVColumnType.inferable
        var seen = false
        for row in pending where column < row.cells.bounds.count {
            let cell = Array(row.cells.bytes[row.cells.bounds[column]])
            guard !cell.isEmpty, !nullTexts.contains(cell) else { continue }
            seen = true
            candidates = cell.withUnsafeBytes { text in candidates.filter { $0.value(text, decimalComma: decimalComma) != nil } }
            if candidates.isEmpty { return .string }
        }
        return seen ? candidates[0] : .string
    }

    /// The record of one row, or the dead letter that says why there is none.
    private mutating func record(
        count rowCount: Int, line: Int, offset: Int64, cell: (Int) -> UnsafeRawBufferPointer, quoted: (Int) -> Bool,
        raw: () -> String
    ) -> RowOutcome {
        let location = input.location
        let origin = RecordOrigin(stage: stageName, location: location, line: line, index: index, byteOffset: Int(offset))
        func rejected(_ message: String) -> RowOutcome {
            .rejected(DeadLetter(origin: origin, error: "\(location):\(line): \(message)", raw: raw(), code: .malformedInput))
        }
        let expected = names.isEmpty ? types.count : names.count
        var count = rowCount
        if count != expected, !names.isEmpty {
            switch ragged {
            case .error:
                return rejected("expected \(expected) fields (as the header has), found \(count) (ragged: error; `pad` or `keep` accept it)")
            case .pad:
                if count > expected { return rejected("expected at most \(expected) fields, found \(count) (ragged: pad pads short rows only)") }
                count = expected
            case .keep:
                break
            }
        }
        var list: [Fields.Field] = []
        list.reserveCapacity(count)
        for column in 0..<count {
            let name = columnName(column)
            guard column < rowCount else {
                list.append(Fields.Field(name: name, value: .null))
                continue
            }
            let bytes = cell(column)
            let found = quoting == .minimal ? value(bytes, column: column) : quotedValue(bytes, quoted: quoted(column))
            guard let value = found else {
                return rejected("column '\(name)' holds bytes that are not valid \(configuration.encoding == .auto ? "UTF-8 (or the detected encoding)" : configuration.encoding.rawValue); set `encoding:` to the file's")
            }
            if case .notANumber = value {
                return rejected("column '\(name)': the unquoted field '\(Self.text(bytes)?.prefix(80) ?? "")' is not a number (quoting: \(quoting.rawValue) reads unquoted fields as numbers)")
            }
            list.append(Fields.Field(name: name, value: value.value))
        }
        // Header names are unique, and so are generated `column_N` ones; only extras past a header
        // (`ragged: keep`) might repeat a header name, and get a suffix then.
        if !names.isEmpty, count > names.count {
            var taken = Set(names)
            for i in names.count..<list.count {
                var name = list[i].name
                while taken.contains(name) { name += "_extra" }
                taken.insert(name)
                list[i].name = name
            }
        }
        let fields = Fields(unchecked: list)
        index += 1
        if let idField, let id = fields[idField], !id.isNull {
            return .record(Record(fields: fields, origin: origin, id: id.plainText))
        }
        return .record(Record(fields: fields, origin: origin))
    }

    /// A cell's value, or why it has none.
    private enum CellValue {
        case value(Value)
        /// An unquoted field that must be a number (`quoting: nonnumeric` or `strings`) is not one.
        case notANumber

        var value: Value {
            if case .value(let value) = self { return value }
            return .null
        }
    }

    /// The value of one cell, or nil when its bytes are not UTF-8.
    private mutating func value(_ cell: UnsafeRawBufferPointer, column: Int) -> CellValue? {
        let type = column < types.count ? types[column] : .string
        if !nullTexts.isEmpty, nullTexts.contains(Array(cell)) { return .value(.null) }
        if type == .string { return Self.text(cell).map { .value(.string($0)) } }
        if cell.isEmpty { return .value(.null) }
        if let value = type.value(cell, decimalComma: decimalComma) { return .value(value) }
        guard let text = Self.text(cell) else { return nil }
        if type != .dynamic { violations[column, default: 0] += 1 }
        return .value(.string(text))
    }

    /// The value of one cell under a `quoting:` mode other than `minimal`, or nil when its bytes are
    /// not UTF-8.
    private func quotedValue(_ cell: UnsafeRawBufferPointer, quoted: Bool) -> CellValue? {
        if !nullTexts.isEmpty, nullTexts.contains(Array(cell)) { return .value(.null) }
        if quoted { return Self.text(cell).map { .value(.string($0)) } }
        if cell.isEmpty { return .value(quoting == .nonnumeric ? .string("") : .null) }
        if quoting == .notnull { return Self.text(cell).map { .value(.string($0)) } }
        // A number, spaces around it allowed (as Python's `float()` does).
        var from = 0, to = cell.count
        while from < to, cell[from] == 0x20 || cell[from] == 0x09 { from += 1 }
        while to > from, cell[to - 1] == 0x20 || cell[to - 1] == 0x09 { to -= 1 }
        let number = UnsafeRawBufferPointer(rebasing: cell[from..<to])
        if let value = CSVColumnType.real.value(number, decimalComma: decimalComma) { return .value(value) }
        // What the column parser refuses as a code (`007`) is still a number here.
        if let text = Self.text(number), let double = Double(decimalComma ? String(text.map { $0 == "," ? "." : $0 }) : text), double.isFinite {
            return .value(.double(double))
        }
        return Self.text(cell) == nil ? nil : .notANumber
    }

    private func reportViolations() {
        for (column, count) in violations.sorted(by: { $0.key < $1.key }) {
            context.logger.warning("\(input.location): column '\(columnName(column))': \(count) value(s) did not fit its type \(types[column].rawValue) and were kept as strings")
        }
    }

    // MARK: - Helpers

    /// `bytes` as a string, or nil when they are not UTF-8. ASCII (most cells) takes a fast path:
    /// `String(validating:)` instantiates generic metadata on every call (a tenth of the source's
    /// time in `Benchmarks/csv.sh`).
    static func text(_ bytes: UnsafeRawBufferPointer) -> String? {
        var i = 0
        let count = bytes.count
        var high: UInt64 = 0
        while i + 8 <= count {
            high |= bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < count {
            high |= UInt64(bytes[i])
            i += 1
        }
        if high & 0x8080_8080_8080_8080 == 0 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Names made unique: `a`, `a_1`, `a_2`.
    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for name in names {
            var candidate = name
            var suffix = 1
            while seen.contains(candidate) {
                candidate = "\(name)_\(suffix)"
                suffix += 1
            }
            seen.insert(candidate)
            result.append(candidate)
        }
        return result
    }

    static func readSample(_ stream: any ByteStream, bytes: Int) throws -> [UInt8] {
        var sample = [UInt8](repeating: 0, count: bytes)
        var count = 0
        while count < bytes {
            let n = try sample.withUnsafeMutableBytes { try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[count...])) }
            if n == 0 { break }
            count += n
        }
        sample.removeLast(bytes - count)
        return sample
    }

    static func dropLines(_ count: Int, of sample: [UInt8]) -> [UInt8] {
        var index = 0
        for _ in 0..<count {
            guard let next = sample[index...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return [] }
            index = next + 1
            if sample[next] == 0x0D, index < sample.count, sample[index] == 0x0A { index += 1 }
        }
        return Array(sample[index...])
    }
}

/// The cells of a row held for type inference: one byte array and each cell's range in it.
struct PendingCells {
    var bytes: [UInt8] = []
    var bounds: [Range<Int>] = []

    init(_ cells: [UnsafeRawBufferPointer]) {
        for cell in cells {
            let from = bytes.count
            bytes.append(contentsOf: cell)
            bounds.append(from..<bytes.count)
        }
    }
}

extension String {
    var trimmingSpaces: String { String(self.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
}
