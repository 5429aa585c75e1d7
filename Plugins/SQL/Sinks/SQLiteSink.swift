import Foundation
import GleanCore
import GRDB
import Logging

/// `sqlite`: writes a SQLite database directly (GRDB): the same mapping as `sql_dump`, WAL
/// journal, one transaction per batch, upserts on the key, new columns added as they appear.
/// An existing database is read first, so reruns add neither tables nor columns twice and, with
/// `on_conflict: update`, no duplicate rows. The file is written in place (a database is not
/// replaced atomically); a batch that fails rolls back alone and fails the run.
public struct SQLiteSink: Sink {
    public struct Configuration: StageConfiguration {
        public var path: String
        public var options: SQLSinkOptions

        public static let options: [OptionSpec] = [
            .required("path", "string", "Database file, relative to the pipeline file; created when missing."),
        ] + SQLSinkOptions.specs

        enum CodingKeys: String, CodingKey { case path }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            path = try c.decode(String.self, forKey: .path)
            options = try SQLSinkOptions(from: decoder)
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

    public init(configuration: Configuration, context: StageContext) throws {
        self.configuration = configuration
        let options = configuration.options
        table = options.table ?? context.name
        mapper = RecordMapper(table: table, maximumDepth: options.maximumDepth, scalarArrays: options.scalarArrays)
        statements = SQLStatements(dialect: .sqlite, conflict: options.conflict)
        tracker = SchemaTracker(dialect: .sqlite, mainTable: table, key: options.keyColumns)
        logger = context.logger
        let path = context.resolvePath(configuration.path)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            database = try DatabaseQueue(path: path)
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
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

    public mutating func write(_ batch: [GleanCore.Record], rejections: inout Rejections) async throws {
        var tableRows: [TableRow] = []
        var parents: [String] = []
        for record in batch {
            do {
                tableRows += try configuration.options.rows(for: record, mapper: mapper)
                parents.append(record.id)
            } catch {
                rejections.reject(record, error)
            }
        }
        guard !tableRows.isEmpty else { return }
        let (changes, placed) = tracker.place(tableRows)
        var ddl: [String] = []
        for change in changes {
            let first: SchemaTracker.PlacedRow?
            if case .createTable(let name) = change { first = placed.first { $0.table == name } } else { first = nil }
            if let sql = tracker.ddl(change, firstRow: first) { ddl.append(sql) }
        }
        let groups = statements.groups(placed, tracker: tracker)
        let keys = groups.map { tracker.key(of: $0.table) }
        let children = configuration.options.conflict == .update ? tracker.tables.keys.filter { $0.hasPrefix(table + "__") }.sorted() : []
        let statements = self.statements
        let dialect = SQLDialect.sqlite
        let schemaChanges = ddl, parentIDs = parents
        do {
            try await database.write { db in
                for sql in schemaChanges { try db.execute(sql: sql) }
                for child in children {
                    let remove = try db.makeStatement(sql: "DELETE FROM \(dialect.quote(child)) WHERE \"_parent_id\" = ?")
                    for parent in parentIDs { try remove.execute(arguments: [parent]) }
                }
                for (group, key) in zip(groups, keys) {
                    let placeholders = "(" + Array(repeating: "?", count: group.columns.count).joined(separator: ", ") + ")"
                    let insert = try db.makeStatement(sql: statements.insertPrefix(group) + placeholders + statements.conflictClause(group, key: key))
                    for row in group.rows {
                        try insert.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
                    }
                }
            }
        } catch let error as DatabaseError {
            throw GleanError(.io, "SQLite rejected a batch for table \(table): \(error.message ?? "\(error)")")
        }
    }

    /// A value as SQLite stores it: booleans 0/1, timestamps ISO 8601 text, JSON text.
    static func databaseValue(_ value: SQLValue) -> DatabaseValue {
        switch value {
        case .null: return .null
        case .integer(let n): return n.databaseValue
        case .real(let d): return d.databaseValue
        case .text(let s): return s.replacingOccurrences(of: "\u{0}", with: "").databaseValue
        case .boolean(let b): return (b ? 1 : 0 as Int64).databaseValue
        case .timestamp(let date): return ISO8601.format(date).databaseValue
        case .json(let s): return s.databaseValue
        }
    }
}

/// SQL sinks: `sql_dump` (SQLite and PostgreSQL scripts) and `sqlite` (a database, via GRDB).
public enum SQLPlugin: GleanPlugin {
    public static func register(in registry: inout StageRegistry) {
        registry.registerSink(
            "sql_dump", configuration: SQLDumpSink.Configuration.self,
            summary: "Writes a SQL script (SQLite or PostgreSQL) that loads as it is: tables created from the records, nested objects flattened, arrays of objects as child tables, upserts on the key.",
            example: "type: sql_dump\ninputs: [articles]\npath: out/articles.sql\ndialect: postgres\ntable: articles\nkey: [id]"
        ) { configuration, context in try SQLDumpSink(configuration: configuration, context: context) }
        registry.registerSink(
            "sqlite", configuration: SQLiteSink.Configuration.self,
            summary: "Writes a SQLite database directly: the same mapping as sql_dump, WAL, one transaction per batch, upserts on the key, schema evolution.",
            example: "type: sqlite\ninputs: [articles]\npath: out/news.db\ntable: articles\nkey: [id]"
        ) { configuration, context in try SQLiteSink(configuration: configuration, context: context) }
    }
}
