import Foundation
import GleanCore
import Logging

/// `sql_dump`: a SQL script that loads as it is with `sqlite3 db < dump.sql` or
/// `psql -v ON_ERROR_STOP=1 -f dump.sql`.
///
/// Layout: a header creating every table with every column the run saw (`CREATE TABLE IF NOT
/// EXISTS`; for PostgreSQL also `ALTER TABLE … ADD COLUMN IF NOT EXISTS`, so a later dump with new
/// fields loads into an older database), then one `BEGIN … COMMIT` per batch of multi-row INSERTs
/// with the chosen `ON CONFLICT` behaviour. Because the header can only be written once the whole
/// stream is seen, batches are spooled to a temporary file beside the output and copied after the
/// header at the end: memory stays flat, and the output appears (atomically) only when the run
/// succeeds. Identifiers are always quoted; text literals double their quotes and lose NUL
/// characters (neither database stores them; the count is logged).
public struct SQLDumpSink: Sink {
    public struct Configuration: StageConfiguration {
        public var path: String
        public var dialect: SQLDialect
        public var options: SQLSinkOptions

        static let path = OptionKey<String>.required(
            "path", "string", doc: "Output file, relative to the pipeline file (written atomically when the run succeeds).")
        static let dialect = OptionKey<SQLDialect>("dialect", default: .sqlite, doc: "`sqlite` or `postgres`.")

        public static let options = [path.spec, dialect.spec] + SQLSinkOptions.specs

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            path = try o[Self.path]
            dialect = try o[Self.dialect]
            options = try SQLSinkOptions(o)
        }

        public func validate() throws {
            if path.isEmpty || path == "-" { throw ConfigurationError(option: "path", "must name a file") }
        }
    }

    private let configuration: Configuration
    private let table: String
    private let mapper: RecordMapper
    private let statements: SQLStatements
    private var tracker: SchemaTracker
    private var output: OutputFile
    private let spoolPath: String
    private var spool: FileHandle?
    private var rows = 0
    private var removedNUL = 0
    private let logger: Logger

    public init(configuration: Configuration, context: StageContext) throws {
        self.configuration = configuration
        let options = configuration.options
        (table, mapper, statements, tracker) = options.parts(dialect: configuration.dialect, sinkName: context.name)
        let path = context.resolvePath(configuration.path)
        output = try OutputFile(path: path)
        // Beside the output, or for a device or FIFO (nothing may be created in /dev) in TMPDIR.
        let spoolBeside = output.isDirect
            ? (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/glean-sql-dump-" + context.name
            : output.target
        let stale = TemporaryFile.removeStale(beside: spoolBeside, purpose: "spool") + output.removedStaleFiles
        let (descriptor, spoolPath) = try TemporaryFile.create(beside: spoolBeside, purpose: "spool")
        self.spoolPath = spoolPath
        spool = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        logger = context.logger
        if !stale.isEmpty { logger.notice("removed \(stale.count) temporary file(s) left by killed runs: \(stale.joined(separator: ", "))") }
    }

    public mutating func write(_ batch: [Record], rejections: inout Rejections) async throws {
        let (tableRows, parents) = configuration.options.rows(for: batch, mapper: mapper, rejections: &rejections)
        guard !tableRows.isEmpty else { return }
        let placed = tracker.place(tableRows).rows
        var sql = "BEGIN;\n"
        if configuration.options.conflict == .update {
            // Children are replaced with their parent: remove the old ones first.
            let ids = parents.map { configuration.dialect.literal(.text($0), removedNUL: &removedNUL) }.joined(separator: ", ")
            for child in tracker.childTables {
                sql += "DELETE FROM \(configuration.dialect.quote(child)) WHERE \"_parent_id\" IN (\(ids));\n"
            }
        }
        for group in statements.groups(placed) {
            for statement in statements.literalStatements(group, key: tracker.key(of: group.table), removedNUL: &removedNUL) {
                sql += statement + "\n"
            }
        }
        sql += "COMMIT;\n"
        rows += placed.count
        try spool?.write(contentsOf: Data(sql.utf8))
    }

    public mutating func finish() async throws {
        let dialect = configuration.dialect
        var header = "-- Glean SQL dump (\(dialect.rawValue)): \(rows) rows in \(tracker.tables.count) tables.\n"
        if dialect == .postgres { header += "SET standard_conforming_strings = on;\nSET client_encoding = 'UTF8';\nSET client_min_messages = warning;\n" }
        header += "BEGIN;\n"
        for name in tracker.tables.keys.sorted() {
            let table = tracker.tables[name]!
            let types = Dictionary(table.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
            let keyColumns = table.key.map { "\(dialect.quote($0)) \((types[$0] ?? .text).name(in: dialect)) NOT NULL" }
            let others = table.columns.filter { !table.key.contains($0.name) }
            var columns = keyColumns
            if dialect == .sqlite { columns += others.map { "\(dialect.quote($0.name)) \($0.type.name(in: dialect))" } }
            header += "CREATE TABLE IF NOT EXISTS \(dialect.quote(name)) (\(columns.joined(separator: ", ")), PRIMARY KEY (\(table.key.map(dialect.quote).joined(separator: ", "))));\n"
            if dialect == .postgres {
                for column in others {
                    header += "ALTER TABLE \(dialect.quote(name)) ADD COLUMN IF NOT EXISTS \(dialect.quote(column.name)) \(column.type.name(in: dialect));\n"
                }
            }
        }
        header += "COMMIT;\n"
        try output.write(Array(header.utf8))
        try spool?.close()
        spool = nil
        // Copy the spooled batches after the header, in chunks (never through a planted link).
        let readDescriptor = open(spoolPath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard readDescriptor >= 0 else { throw GleanError(.io, "cannot read back \(spoolPath): \(String(cString: strerror(errno)))") }
        let reader = FileHandle(fileDescriptor: readDescriptor, closeOnDealloc: true)
        defer { try? reader.close() }
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            try output.write(chunk)
        }
        try output.finish()
        try? FileManager.default.removeItem(atPath: spoolPath)
        if removedNUL > 0 { logger.warning("\(removedNUL) NUL character(s) removed from text values (SQL text cannot hold them)") }
    }

    public mutating func commit() async throws {
        try output.commit()
    }

    /// Bytes a device, FIFO or standard output already took (a file output publishes nothing).
    public var committedBeforeAbort: String? { output.writtenBeforeAbort }

    public mutating func abort() async {
        try? spool?.close()
        spool = nil
        try? FileManager.default.removeItem(atPath: spoolPath)
        output.abort()
    }
}
