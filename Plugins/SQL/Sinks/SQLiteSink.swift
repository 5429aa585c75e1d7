import Foundation
import GleanCore
import GRDB
import GRDBSQLite
import Logging

/// `sqlite`: writes a SQLite database directly (GRDB): the same mapping as `sql_dump`, WAL
/// journal with `synchronous = NORMAL` and a 64 MB page cache, one transaction per 8,192 records
/// (``recordsPerTransaction``), upserts on the key, new columns added as they appear.
/// An existing database is read first, so reruns add neither tables nor columns twice and, with
/// `on_conflict: update`, no duplicate rows. The file is written in place (a database is not
/// replaced atomically); a transaction that fails rolls back alone and fails the run, whose
/// message says how many records the earlier transactions committed (``committedBeforeAbort``).
///
/// Several writers on one file (two sinks of a pipeline, or another process) take turns: every
/// transaction begins `IMMEDIATE` (it holds the write lock from its start, so it never has to
/// give up midway) and waits up to ``busyTimeout`` for the lock; a column another writer added
/// first is not added again.
public struct SQLiteSink: Sink {
    public struct Configuration: StageConfiguration {
        public var path: String
        public var options: SQLSinkOptions

        static let path = OptionKey<String>.required(
            "path", "string", doc: "Database file, relative to the pipeline file; created when missing.")

        public static let options = [path.spec] + SQLSinkOptions.specs

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            path = try o[Self.path]
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
    private let database: DatabaseQueue
    private let logger: Logger
    /// The write of the previous batch, still running while this one is mapped; it returns the
    /// number of records it committed.
    private var pending: Task<Int, any Error>?
    /// Records committed so far (by finished transactions).
    private var committed = 0

    /// How long a transaction waits for another writer of the same file to finish (60 s: a
    /// transaction of 8,192 records takes well under a second, so only a stuck writer waits this long).
    static let busyTimeout: TimeInterval = 60

    public init(configuration: Configuration, context: StageContext) throws {
        self.configuration = configuration
        let options = configuration.options
        (table, mapper, statements, tracker) = options.parts(dialect: .sqlite, sinkName: context.name)
        logger = context.logger
        let path = context.resolvePath(configuration.path)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            var settings = GRDB.Configuration()
            settings.busyMode = .timeout(Self.busyTimeout)
            database = try DatabaseQueue(path: path, configuration: settings)
            // WAL with synchronous=NORMAL: a committed batch survives a crash of the process (not
            // necessarily of the machine), and a commit costs no fsync; a larger page cache keeps
            // upserts on a growing table in memory.
            try database.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try db.execute(sql: "PRAGMA cache_size = -65536")
            }
            try readExistingSchema()
        } catch let error as DatabaseError {
            throw GleanError(.io, "cannot open SQLite database \(path): \(error.message ?? "\(error)")")
        }
    }

    /// Registers the tables this sink writes that already exist (the main one and its children).
    private mutating func readExistingSchema() throws {
        let table = self.table
        let existing: [(String, [(String, String, Int)])] = try database.read { db in
            let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND (name = ? OR name LIKE ? ESCAPE '\\')",
                                            arguments: [table, table.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "\\_\\_%"])
            return try names.map { name in
                let columns = try Row.fetchAll(db, sql: "SELECT name, type, pk FROM pragma_table_info(?)", arguments: [name]).map { row -> (String, String, Int) in
                    (row["name"], row["type"], row["pk"])
                }
                return (name, columns)
            }
        }
        for (name, columns) in existing {
            let key = columns.filter { $0.2 > 0 }.sorted { $0.2 < $1.2 }.map(\.0)
            let typed = columns.map { column -> (name: String, type: SQLColumnType) in
                switch column.1.uppercased() {
                case "INTEGER": return (column.0, .integer)
                case "REAL": return (column.0, .real)
                default: return (column.0, .text)
                }
            }
            tracker.register(table: name, columns: typed, key: key)
        }
    }

    /// Records are written in transactions of at least this many (several pipeline batches):
    /// measured on 100 MB of JSON Lines, a transaction per 512-record batch wrote twice the WAL
    /// pages (the same index pages again in every commit) and took 60% longer. Nothing is lost
    /// by waiting: the run's state is committed only after the sinks finish.
    static let recordsPerTransaction = 8192

    /// Mapped records waiting for their transaction.
    private var buffered: [SQLSinkOptions.MappedRecord] = []

    public mutating func write(_ batch: [GleanCore.Record], rejections: inout Rejections) async throws {
        buffered += configuration.options.mapped(batch, mapper: mapper, rejections: &rejections)
        if buffered.count >= Self.recordsPerTransaction { try await writeBuffered() }
    }

    /// Starts the transaction of the buffered rows (after the previous one has finished).
    private mutating func writeBuffered() async throws {
        let (tableRows, parents) = configuration.options.rows(of: buffered)
        buffered = []
        guard !tableRows.isEmpty else { return }
        let (changes, placed) = tracker.place(tableRows)
        // Each statement with the column it adds, if any (skipped when another writer added it).
        var ddl: [(sql: String, table: String, column: String?)] = []
        for change in changes {
            let first: SchemaTracker.PlacedRow?
            if case .createTable(let name) = change { first = placed.first { $0.table == name } } else { first = nil }
            guard let sql = tracker.ddl(change, firstRow: first) else { continue }
            switch change {
            case .addColumn(let table, let column, _): ddl.append((sql, table, column))
            case .createTable(let table), .widen(let table, _, _): ddl.append((sql, table, nil))
            }
        }
        let groups = statements.groups(placed)
        let work = Transaction(
            schemaChanges: ddl, children: configuration.options.conflict == .update ? tracker.childTables : [], parents: parents,
            groups: groups, keys: groups.map { tracker.key(of: $0.table) }, statements: statements)
        let database = self.database, table = self.table
        // The database writes one batch while the next is mapped: wait for the previous write
        // (keeping order and surfacing its error), then start this one without waiting for it.
        if let previous = pending { committed += try await previous.value }
        pending = Task {
            do {
                try await database.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        try work.run(in: db)
                        return .commit
                    }
                }
                return work.parents.count
            } catch let error as DatabaseError {
                throw GleanError(.io, "SQLite rejected a batch for table \(table): \(error.message ?? "\(error)")")
            }
        }
    }

    /// What one transaction writes, in order.
    private struct Transaction: Sendable {
        /// DDL, each statement with the column it adds, if any (skipped when another writer of
        /// the file added it first).
        var schemaChanges: [(sql: String, table: String, column: String?)]
        /// Child tables whose rows of `parents` are replaced (`update`).
        var children: [String]
        /// The keys of the records written (one per record).
        var parents: [String]
        var groups: [SQLStatements.Group]
        var keys: [[String]]
        var statements: SQLStatements

        func run(in db: Database) throws {
            let dialect = SQLDialect.sqlite
            for change in schemaChanges {
                if let column = change.column,
                   try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM pragma_table_info(?) WHERE name = ? COLLATE NOCASE", arguments: [dialect.identifier(change.table), column]) == true {
                    continue
                }
                try db.execute(sql: change.sql)
            }
            for child in children {
                let remove = try db.cachedStatement(sql: "DELETE FROM \(dialect.quote(child)) WHERE \"_parent_id\" = ?")
                for parent in parents { try SQLiteSink.execute(remove, [.text(parent)], in: db) }
            }
            // Statements prepared for this transaction only. GRDB's `cachedStatement` keeps every
            // statement for the life of the connection, and its cache is copied on each use: with
            // records whose fields come in varying orders (a statement per order), a 3,000-record
            // run took 3.3 s and slowed down as it went; with this cache, see the commit message.
            var prepared: [String: Statement] = [:]
            for (group, key) in zip(groups, keys) {
                let placeholders = "(" + Array(repeating: "?", count: group.columns.count).joined(separator: ", ") + ")"
                let sql = statements.insertPrefix(group) + placeholders + statements.conflictClause(group, key: key)
                let insert: Statement
                if let known = prepared[sql] {
                    insert = known
                } else {
                    insert = try db.makeStatement(sql: sql)
                    prepared[sql] = insert
                }
                for row in group.rows { try SQLiteSink.execute(insert, row, in: db) }
            }
        }
    }

    public mutating func flush(rejections: inout Rejections) async throws {
        try await writeBuffered()
    }

    public mutating func finish() async throws {
        try await writeBuffered()
        if let previous = pending { committed += try await previous.value }
        pending = nil
    }

    public mutating func abort() async {
        pending?.cancel()
        if let finished = try? await pending?.value { committed += finished }
        pending = nil
    }

    /// "N records committed to PATH": the transactions that finished stay in the database.
    public var committedBeforeAbort: String? {
        committed > 0 ? "\(committed) records committed to \(configuration.path)" : nil
    }

    /// Runs a prepared statement with values bound through SQLite's C API. (Measured: building
    /// GRDB `StatementArguments` per row was 15% of a JSON Lines → SQLite run; binding directly
    /// is the hand-written part the benchmark asked for.) Booleans are stored as 0/1, timestamps
    /// as ISO 8601 text, JSON as text, text without NUL characters.
    private static func execute(_ statement: Statement, _ values: [SQLValue], in db: Database) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let n): code = sqlite3_bind_int64(handle, index, n)
            case .real(let d): code = sqlite3_bind_double(handle, index, d)
            case .boolean(let b): code = sqlite3_bind_int64(handle, index, b ? 1 : 0)
            case .text(let text), .json(let text): code = bindText(text.withoutNUL, handle, index)
            case .timestamp(let date): code = bindText(ISO8601.format(date), handle, index)
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
        }
        let result = sqlite3_step(handle)
        guard result == SQLITE_DONE || result == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: result), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }

    /// SQLite copies the text (SQLITE_TRANSIENT, a macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bindText(_ text: String, _ handle: OpaquePointer, _ index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { sqlite3_bind_text(handle, index, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), Int32($0.count), transient) }
    }
}
