import Foundation
import GleanCore
import Logging
import PostgresNIO

/// `postgres`: writes to a PostgreSQL server (postgres-nio): the same mapping as `sql_dump`,
/// one transaction per batch of multi-row upserts, schema evolution with `ADD COLUMN IF NOT
/// EXISTS` (integer columns widened to DOUBLE PRECISION when reals arrive).
///
/// - `url`: `postgresql://user:password@host:port/database`; write `${PASSWORD}` in the pipeline
///   file to keep the secret in the environment. `tls`: `disable`, `prefer` or `require`.
/// - Connection failures (refused, reset, closed) are retried with exponential backoff and jitter,
///   five attempts per batch; the batch's transaction is redone from the start, so nothing is
///   written twice.
/// - When the server rejects a batch (a constraint, a value it cannot take), the batch is redone
///   row by row inside savepoints: each rejected record goes to the dead-letter file with the
///   server's message, its batch-mates load.
/// - Concurrent writers (several pipelines or shards) are safe: rows are upserts on the key and
///   DDL uses IF NOT EXISTS.
public struct PostgresSink: Sink {
    public struct Configuration: StageConfiguration {
        public var url: String
        public var tls: String = "disable"
        public var options: SQLSinkOptions

        public static let options: [OptionSpec] = [
            .required("url", "string", "postgresql://user:password@host:port/database (use `${PASSWORD}` for the secret)."),
            .optional("tls", "string", default: "disable", "`disable`, `prefer` or `require`."),
        ] + SQLSinkOptions.specs

        enum CodingKeys: String, CodingKey { case url, tls }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            url = try c.decode(String.self, forKey: .url)
            tls = try c.decodeIfPresent(String.self, forKey: .tls) ?? "disable"
            options = try SQLSinkOptions(from: decoder)
        }

        public func validate() throws {
            _ = try connection()
        }

        /// The client configuration the URL and `tls` describe.
        func connection() throws -> PostgresClient.Configuration {
            guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""), let host = components.host, !host.isEmpty else {
                throw ConfigurationError(option: "url", "expected postgresql://user:password@host:port/database")
            }
            let mode: PostgresClient.Configuration.TLS
            switch tls {
            case "disable": mode = .disable
            case "prefer": mode = .prefer(.makeClientConfiguration())
            case "require": mode = .require(.makeClientConfiguration())
            default: throw ConfigurationError(option: "tls", "'\(tls)' is not one of disable, prefer, require")
            }
            let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            return PostgresClient.Configuration(
                host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
                password: components.password, database: database.isEmpty ? nil : database, tls: mode)
        }
    }

    private let configuration: Configuration
    private let table: String
    private let mapper: RecordMapper
    private let statements: SQLStatements
    private var tracker: SchemaTracker
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    private var schemaRead = false

    public init(configuration: Configuration, context: StageContext) throws {
        self.configuration = configuration
        let options = configuration.options
        (table, mapper, statements, tracker) = options.parts(dialect: .postgres, sinkName: context.name)
        logger = context.logger
        let client = PostgresClient(configuration: try configuration.connection(), backgroundLogger: Logger(label: "glean.postgres"))
        self.client = client
        runner = Task { await client.run() }
    }

    /// Registers the tables that already exist (the main one and its children).
    private mutating func readExistingSchema() async throws {
        let pattern = table.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "_", with: "\\_").replacingOccurrences(of: "%", with: "\\%") + "\\_\\_%"
        let query: PostgresQuery = """
            SELECT c.table_name, c.column_name, c.data_type,
                   COALESCE((SELECT k.ordinal_position FROM information_schema.key_column_usage k
                             JOIN information_schema.table_constraints t ON t.constraint_name = k.constraint_name AND t.table_name = k.table_name
                             WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name AND k.column_name = c.column_name
                               AND k.table_schema = current_schema() LIMIT 1), 0)
            FROM information_schema.columns c
            WHERE c.table_schema = current_schema() AND (c.table_name = \(table) OR c.table_name LIKE \(pattern))
            ORDER BY c.table_name, c.ordinal_position
            """
        var tables: [String: [(String, String, Int)]] = [:]
        let rows = try await withRetries { try await client.query(query, logger: logger) }
        for try await (name, column, type, key) in rows.decode((String, String, String, Int).self) {
            tables[name, default: []].append((column, type, key))
        }
        for (name, columns) in tables {
            let key = columns.filter { $0.2 > 0 }.sorted { $0.2 < $1.2 }.map(\.0)
            tracker.register(table: name, columns: columns.map { column in
                switch column.1 {
                case "bigint", "integer", "smallint": return (column.0, .integer)
                case "double precision", "real", "numeric": return (column.0, .real)
                case "boolean": return (column.0, .boolean)
                case "timestamp with time zone", "timestamp without time zone": return (column.0, .timestamp)
                case "jsonb", "json": return (column.0, .json)
                default: return (column.0, .text)
                }
            }, key: key)
        }
        schemaRead = true
    }

    public mutating func write(_ batch: [GleanCore.Record], rejections: inout Rejections) async throws {
        if !schemaRead { try await readExistingSchema() }
        let (tableRows, parents) = configuration.options.rows(for: batch, mapper: mapper, rejections: &rejections)
        guard !tableRows.isEmpty else { return }
        let (changes, placed) = tracker.place(tableRows)
        var ddl: [String] = []
        for change in changes {
            switch change {
            case .createTable(let name):
                if let sql = tracker.ddl(change, firstRow: placed.first { $0.table == name }) { ddl.append(sql) }
            case .addColumn:
                if let sql = tracker.ddl(change, firstRow: nil) { ddl.append(sql) }
            case .widen(let table, let column, _):
                ddl.append("ALTER TABLE \(SQLDialect.postgres.quote(table)) ALTER COLUMN \(SQLDialect.postgres.quote(column)) TYPE DOUBLE PRECISION;")
            }
        }
        var removedNUL = 0
        var deletes: [String] = []
        if configuration.options.conflict == .update {
            let ids = parents.map { SQLDialect.postgres.literal(.text($0), removedNUL: &removedNUL) }.joined(separator: ", ")
            for child in tracker.tables.keys.sorted() where child.hasPrefix(table + "__") {
                deletes.append("DELETE FROM \(SQLDialect.postgres.quote(child)) WHERE \"_parent_id\" IN (\(ids));")
            }
        }
        var inserts: [String] = []
        for group in statements.groups(placed, tracker: tracker) {
            inserts += statements.literalStatements(group, key: tracker.key(of: group.table), removedNUL: &removedNUL)
        }
        do {
            try await transaction(ddl + deletes + inserts)
        } catch let error as PSQLError where error.serverInfo != nil {
            // The server refused something: redo the batch row by row, rejecting what it refuses.
            try await rowByRow(batch: batch, ddl: ddl + deletes, placed: placed, rejections: &rejections)
        }
    }

    /// Runs statements in one transaction, retrying on connection failures.
    private func transaction(_ sql: [String]) async throws {
        let logger = self.logger
        try await withRetries {
            try await client.withConnection { connection in
                _ = try await connection.query("BEGIN", logger: logger)
                do {
                    for statement in sql { _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                    _ = try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
    }

    /// The batch again, each row in a savepoint; rows the server refuses are dead-lettered with its
    /// message (a record's child rows go with it).
    private func rowByRow(batch: [GleanCore.Record], ddl: [String], placed: [SchemaTracker.PlacedRow], rejections: inout Rejections) async throws {
        let logger = self.logger
        let statements = self.statements
        let tracker = self.tracker
        let records = Dictionary(batch.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let refused: [String: String] = try await withRetries {
            try await client.withConnection { connection in
                var refused: [String: String] = [:]
                _ = try await connection.query("BEGIN", logger: logger)
                for statement in ddl { _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                for row in placed {
                    let id: String
                    if let parent = row.parentID { id = parent } else if case .text(let own)? = row.columns.firstIndex(of: "_id").map({ row.values[$0] }) { id = own } else { id = "" }
                    if refused[id] != nil { continue }
                    var removed = 0
                    let group = SQLStatements.Group(table: row.table, columns: row.columns, rows: [row.values])
                    let sql = statements.literalStatements(group, key: tracker.key(of: row.table), removedNUL: &removed)[0]
                    _ = try await connection.query("SAVEPOINT glean_row", logger: logger)
                    do {
                        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                        _ = try await connection.query("RELEASE SAVEPOINT glean_row", logger: logger)
                    } catch let error as PSQLError where error.serverInfo != nil {
                        _ = try await connection.query("ROLLBACK TO SAVEPOINT glean_row", logger: logger)
                        refused[id] = error.serverInfo?[.message] ?? "\(error)"
                    }
                }
                _ = try await connection.query("COMMIT", logger: logger)
                return refused
            }
        }
        for (id, message) in refused.sorted(by: { $0.key < $1.key }) {
            if let record = records[id] {
                rejections.reject(record, GleanError(.invalidRecord, "PostgreSQL refused the row for table \(table): \(message)"))
            }
        }
    }

    /// Retries `body` on connection failures (not on the server's answers) with exponential
    /// backoff and jitter: five attempts.
    private func withRetries<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as PSQLError where error.serverInfo == nil && attempt < 4 {
                attempt += 1
                let delay = 0.2 * Double(1 << attempt) * Double.random(in: 0.5...1.5)
                logger.warning("PostgreSQL connection failed (\(error.code)); retrying in \(String(format: "%.1f", delay)) s")
                try await Task.sleep(for: .seconds(delay))
            }
        }
    }

    public mutating func finish() async throws {
        runner.cancel()
    }

    public mutating func abort() async {
        runner.cancel()
    }
}
