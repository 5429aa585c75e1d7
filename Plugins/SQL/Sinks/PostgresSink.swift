import Foundation
import GleanCore
import Logging
import PostgresNIO

/// `postgres`: writes to a PostgreSQL server (postgres-nio): the same mapping as `sql_dump`,
/// one transaction per 8,192 records, rows bulk-loaded with COPY (into a temporary table, then
/// upserted with INSERT … SELECT … ON CONFLICT), schema evolution with `ADD COLUMN IF NOT
/// EXISTS` (integer columns widened to DOUBLE PRECISION when reals arrive). Each transaction runs
/// on the server while the next is mapped and encoded.
///
/// - `url`: `postgresql://user:password@host:port/database`; write `${PASSWORD}` in the pipeline
///   file to keep the secret in the environment. `tls`: `disable`, `prefer` or `require`.
/// - Connection failures (refused, reset, closed, the server restarting) and lost deadlock races
///   are retried with exponential backoff and jitter, five attempts per transaction; the
///   transaction is redone from the start, so nothing is written twice.
/// - When the server rejects a transaction (a constraint, a value it cannot take), its rows are
///   redone record by record inside savepoints: each rejected record goes to the dead-letter file
///   with the server's message, the others load.
/// - Concurrent writers (several pipelines, or shards of one) are safe: rows are upserts on the
///   key, applied in key order; DDL runs under an advisory lock per table and uses IF NOT EXISTS.
///   Writers must agree on column types (the first to create a column decides it).
public struct PostgresSink: Sink {
    public struct Configuration: StageConfiguration {
        public var url: String
        public var tls: TLSMode
        public var options: SQLSinkOptions

        /// How the connection uses TLS.
        public enum TLSMode: String, Sendable, CaseIterable {
            case disable, prefer, require
        }

        static let url = OptionKey<String>.required(
            "url", "string", doc: "postgresql://user:password@host:port/database (use `${PASSWORD}` for the secret).")
        static let tls = OptionKey<TLSMode>("tls", default: .disable, doc: "`disable`, `prefer` or `require`.")

        public static let options = [url.spec, tls.spec] + SQLSinkOptions.specs

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            url = try o[Self.url]
            tls = try o[Self.tls]
            options = try SQLSinkOptions(o)
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
            case .disable: mode = .disable
            case .prefer: mode = .prefer(.makeClientConfiguration())
            case .require: mode = .require(.makeClientConfiguration())
            }
            let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            return PostgresClient.Configuration(
                host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
                password: components.password, database: database.isEmpty ? nil : database, tls: mode)
        }
    }

    private let configuration: Configuration
    private let table: String
    /// The schema seen so far and the COPY encoding of records.
    private var builder: CopyBatchBuilder
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    private var schemaRead = false

    public init(configuration: Configuration, context: StageContext, recordsPerTransaction: Int = 8192, transactionTimeout: Duration = .seconds(120)) throws {
        self.configuration = configuration
        self.recordsPerTransaction = recordsPerTransaction
        nextTransactionSize = min(1024, recordsPerTransaction)
        self.transactionTimeout = transactionTimeout
        let options = configuration.options
        let (table, mapper, statements, tracker) = options.parts(dialect: .postgres, sinkName: context.name)
        self.table = table
        builder = CopyBatchBuilder(mapper: mapper, statements: statements, conflict: options.conflict, tracker: tracker)
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
        let client = self.client
        let rows = try await Self.withRetries(logger: logger) { try await client.query(query, logger: logger) }
        for try await (name, column, type, key) in rows.decode((String, String, String, Int).self) {
            tables[name, default: []].append((column, type, key))
        }
        for (name, columns) in tables {
            let key = columns.filter { $0.2 > 0 }.sorted { $0.2 < $1.2 }.map(\.0)
            builder.tracker.register(table: name, columns: columns.map { column in
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

    /// Records are written in transactions of at least this many (several pipeline batches):
    /// one COPY per table and transaction, fewer round trips and commits.
    let recordsPerTransaction: Int
    /// How long one attempt at a transaction may take before it is abandoned and redone on a
    /// new connection (2 minutes: a transaction of 8,192 records takes well under a second, and
    /// postgres-nio 1.33 was seen to wait forever on a connection the server ended mid-transaction).
    let transactionTimeout: Duration

    /// The size of the next transaction: the first ones are small (1,024 records, then doubling up
    /// to ``recordsPerTransaction``) so that the server starts working early instead of waiting
    /// for a whole transaction to be read and encoded.
    private var nextTransactionSize = 1024

    /// Keyed records waiting for their transaction.
    private var buffered: [SQLSinkOptions.KeyedRecord] = []
    /// The transaction in flight: it runs on the server while the next one is mapped and encoded;
    /// it returns the records the server refused.
    private var pending: Task<(refused: [(GleanCore.Record, String)], conflicts: Bool), any Error>?
    /// The number of records of the transaction in flight.
    private var pendingRecords = 0
    /// Records committed so far (by finished transactions, less those the server refused).
    private var committed = 0
    /// Whether transactions first try to COPY straight into the tables (see ``run(_:direct:client:logger:)``):
    /// true until a transaction meets a key already there.
    private var optimistic = true

    public mutating func write(_ batch: [GleanCore.Record], rejections: inout Rejections) async throws {
        if !schemaRead { try await readExistingSchema() }
        buffered += configuration.options.keyed(batch, rejections: &rejections)
        if buffered.count >= nextTransactionSize {
            try await writeBuffered(rejections: &rejections)
            nextTransactionSize = min(nextTransactionSize * 2, recordsPerTransaction)
        }
    }

    public mutating func flush(rejections: inout Rejections) async throws {
        if !schemaRead { try await readExistingSchema() }
        try await writeBuffered(rejections: &rejections)
        try await settlePending(rejections: &rejections)
    }

    /// Waits for the transaction in flight; its refused records go to `rejections`.
    private mutating func settlePending(rejections: inout Rejections) async throws {
        guard let task = pending else { return }
        pending = nil
        let (refused, conflicts) = try await task.value
        committed += pendingRecords - refused.count
        if conflicts, optimistic {
            optimistic = false
            logger.debug("rows already in \(table): upserting through a temporary table from now on")
        }
        for (record, message) in refused {
            rejections.reject(record, GleanError(.invalidRecord, "PostgreSQL refused the row for table \(table): \(message)"))
        }
    }

    /// Maps, encodes and starts the transaction of the buffered records (after the previous one).
    private mutating func writeBuffered(rejections: inout Rejections) async throws {
        let keep = configuration.options.kept(buffered.lazy.map(\.key))
        var records: [SQLSinkOptions.KeyedRecord] = []
        records.reserveCapacity(buffered.count)
        for (index, record) in buffered.enumerated() where keep[index] { records.append(record) }
        buffered = []
        guard !records.isEmpty else { return }
        let schemaBefore = builder.tracker
        let clock = ContinuousClock()
        let started = clock.now
        let batch = builder.build(records)
        let built = clock.now
        if batch.removedNUL > 0 { logger.warning("\(batch.removedNUL) NUL character(s) removed from text for table \(table) (PostgreSQL text cannot hold them)") }
        let conflict = configuration.options.conflict
        let children = conflict == .update ? builder.tracker.childTables : []
        let parents = records.map(\.key)
        // A load the fast path opened for a record that then did not match may be empty.
        let loads = batch.loads.filter { $0.data.readableBytes > 0 }
        let plan = TransactionPlan(ddl: batch.ddl, lockKey: batch.ddl.isEmpty ? nil : "glean:" + table, children: children, parents: parents, loads: loads)
        try await settlePending(rejections: &rejections)
        // Whether the run waits on the server (long waits) or on glean (none): for tuning.
        logger.debug("transaction of \(records.count) records for \(table): \(batch.shapedRecords) by the fast path, encoded in \((built - started).milliseconds) ms, then \((clock.now - built).milliseconds) ms waiting for the previous one")
        let client = self.client, logger = self.logger, name = self.table, mapper = builder.mapper, statements = builder.statements
        let direct = optimistic && conflict != .error
        let timeout = transactionTimeout
        pendingRecords = records.count
        pending = Task {
            var conflicts = false
            do {
                if direct {
                    do {
                        try await Self.run(plan, direct: true, client: client, logger: logger, timeout: timeout)
                        return ([], false)
                    } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                        conflicts = true
                    }
                }
                try await Self.run(plan, direct: conflict == .error, client: client, logger: logger, timeout: timeout)
                return ([], conflicts)
            } catch let error as PSQLError where error.serverInfo != nil && !Self.isTransient(error) {
                // The server refused something: redo the rows one by one, rejecting what it refuses.
                logger.debug("PostgreSQL refused a transaction for table \(name) (\(error.serverInfo?[.message] ?? "")); retrying row by row")
                return (try await Self.rowByRow(records, schema: schemaBefore, mapper: mapper, ddl: plan.preamble(direct: false), statements: statements, client: client, logger: logger), conflicts)
            }
        }
    }

    /// What one transaction does, in order.
    struct TransactionPlan: Sendable {
        var ddl: [String]
        /// An advisory lock taken before DDL, so that concurrent writers create and alter the
        /// tables one at a time (CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin).
        var lockKey: String?
        /// Child tables whose rows of `parents` are replaced (`update`).
        var children: [String]
        var parents: [String]
        var loads: [CopyLoad]

        /// The statements before the rows: lock, DDL, child deletions (not when copying straight
        /// into the tables: new parents have no children).
        func preamble(direct: Bool) -> [PostgresQuery] {
            var queries: [PostgresQuery] = []
            if let lockKey { queries.append("SELECT pg_advisory_xact_lock(hashtext(\(lockKey)))") }
            queries += ddl.map { PostgresQuery(unsafeSQL: $0) }
            let parents = self.parents
            for child in children where !direct {
                queries.append(PostgresQuery(unsafeSQL: "DELETE FROM \(SQLDialect.postgres.quote(child)) WHERE \"_parent_id\" = ANY($1)", binds: {
                    var binds = PostgresBindings()
                    binds.append(parents)
                    return binds
                }()))
            }
            return queries
        }
    }

    /// Runs a transaction plan, redone from the start on connection failures. `direct`: COPY
    /// straight into the tables — with `error`, and as a first try with `update` and `ignore`:
    /// when every key is new, plain inserts are what an upsert would do, at half the server's
    /// work (measured); a key already there (unique violation) rolls the attempt back and the
    /// caller upserts through temporary tables instead.
    private static func run(_ plan: TransactionPlan, direct: Bool, client: PostgresClient, logger: Logger, timeout: Duration) async throws {
        try await withRetries(logger: logger) {
            try await Deadline.run(within: timeout, followsCancellation: false, orThrow: { TransactionTimeout(after: timeout) }) {
            try await client.withConnection { connection in
                _ = try await connection.query("BEGIN", logger: logger)
                do {
                    for query in plan.preamble(direct: direct) { _ = try await connection.query(query, logger: logger) }
                    // The tables are locked (for writing, as COPY and INSERT would) before any
                    // COPY starts: a wait for a lock, and a connection lost during it, then
                    // happen in an ordinary statement (postgres-nio 1.33 was seen never to
                    // return from a COPY whose connection the server ended while it waited).
                    let tables = Set(plan.loads.map(\.table)).sorted().map(SQLDialect.postgres.quote).joined(separator: ", ")
                    if !tables.isEmpty { _ = try await connection.query(PostgresQuery(unsafeSQL: "LOCK TABLE \(tables) IN ROW EXCLUSIVE MODE"), logger: logger) }
                    for load in plan.loads {
                        // postgres-nio puts the names between double quotes as they are: inner
                        // quotes are doubled here, so any name stays one identifier.
                        func escaped(_ name: String) -> String { name.withoutNUL.replacingOccurrences(of: "\"", with: "\"\"") }
                        let target: String
                        if !direct, let staging = load.staging {
                            _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE TEMP TABLE \(SQLDialect.postgres.quote(staging)) (LIKE \(SQLDialect.postgres.quote(load.table)) INCLUDING DEFAULTS) ON COMMIT DROP"), logger: logger)
                            target = staging
                        } else {
                            target = load.table
                        }
                        try await connection.copyFrom(table: escaped(target), columns: load.columns.map(escaped), logger: logger) { writer in
                            var data = load.data
                            while data.readableBytes > 0 {
                                try await writer.write(data.readSlice(length: min(data.readableBytes, 1 << 20))!)
                            }
                        }
                        if !direct, let upsert = load.upsert { _ = try await connection.query(PostgresQuery(unsafeSQL: upsert), logger: logger) }
                    }
                    _ = try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
            }
        }
    }

    /// A transaction attempt that did not finish within the sink's transaction timeout.
    /// Thrown by the transaction watchdog (``Deadline``): retried like a lost connection, and the
    /// stuck attempt is abandoned, not waited for.
    struct TransactionTimeout: Error, CustomStringConvertible {
        var after: Duration
        var description: String { "the transaction did not finish within \(after)" }
    }

    /// The rows again, each record's rows in a savepoint; records the server refuses are returned
    /// with its message (a record's child rows go with it). `schema`: the tables as they were
    /// before the transaction, to place the rows again as the transaction did.
    private static func rowByRow(_ records: [SQLSinkOptions.KeyedRecord], schema: SchemaTracker, mapper: RecordMapper, ddl: [PostgresQuery], statements: SQLStatements, client: PostgresClient, logger: Logger) async throws -> [(GleanCore.Record, String)] {
        var replay = schema
        let placed = replay.place(records.flatMap { mapper.rows(for: $0.record, parentKey: $0.key) }).rows
        let tracker = replay
        let refused: [String: String] = try await withRetries(logger: logger) {
            try await client.withConnection { connection in
                var refused: [String: String] = [:]
                _ = try await connection.query("BEGIN", logger: logger)
                for query in ddl { _ = try await connection.query(query, logger: logger) }
                for row in placed {
                    if refused[row.owner] != nil { continue }
                    var removed = 0
                    let group = SQLStatements.Group(table: row.table, columns: row.columns, rows: [row.values])
                    let sql = statements.literalStatements(group, key: tracker.key(of: row.table), removedNUL: &removed)[0]
                    _ = try await connection.query("SAVEPOINT glean_row", logger: logger)
                    do {
                        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                        _ = try await connection.query("RELEASE SAVEPOINT glean_row", logger: logger)
                    } catch let error as PSQLError where error.serverInfo != nil && !isTransient(error) {
                        _ = try await connection.query("ROLLBACK TO SAVEPOINT glean_row", logger: logger)
                        refused[row.owner] = error.serverInfo?[.message] ?? "\(error)"
                    }
                }
                _ = try await connection.query("COMMIT", logger: logger)
                return refused
            }
        }
        let byKey = Dictionary(records.map { ($0.key, $0.record) }, uniquingKeysWith: { first, _ in first })
        return refused.sorted { $0.key < $1.key }.compactMap { key, message in byKey[key].map { ($0, message) } }
    }

    /// Errors worth redoing the transaction for: the connection failed or was closed (no answer
    /// from the server), the server is shutting down or restarting (57P01–57P03), a connection
    /// exception (class 08), or the transaction lost a deadlock or serialization race with a
    /// concurrent writer (40P01, 40001).
    static func isRetryable(_ error: any Error) -> Bool {
        if error is TransactionTimeout { return true }
        return (error as? PSQLError).map(isTransient) ?? false
    }

    static func isTransient(_ error: PSQLError) -> Bool {
        guard let code = error.serverInfo?[.sqlState] else { return true }
        return code.hasPrefix("08") || code.hasPrefix("57P") || code == "40P01" || code == "40001"
    }

    /// Retries `body` on transient failures (see ``isTransient(_:)``; not on the server refusing
    /// data) with exponential backoff and jitter: five attempts.
    private static func withRetries<T>(logger: Logger, _ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch where isRetryable(error) && attempt < 4 {
                attempt += 1
                let delay = 0.2 * Double(1 << attempt) * Double.random(in: 0.5...1.5)
                let reason = (error as? PSQLError).map { $0.serverInfo?[.sqlState] ?? "\($0.code)" } ?? "\(error)"
                logger.warning("PostgreSQL connection failed or transaction lost a race (\(reason)); retrying in \(String(format: "%.1f", delay)) s")
                try await Task.sleep(for: .seconds(delay))
            }
        }
    }

    public mutating func finish() async throws {
        var rejections = Rejections()
        try await flush(rejections: &rejections)
        for letter in rejections.letters { logger.error("\(letter.error)") }
        runner.cancel()
    }

    public mutating func abort() async {
        pending?.cancel()
        if let finished = try? await pending?.value { committed += pendingRecords - finished.refused.count }
        pending = nil
        runner.cancel()
    }

    /// "N records committed to PostgreSQL table T": the transactions that finished stay on the
    /// server (the URL is not named: it may hold a password).
    public var committedBeforeAbort: String? {
        committed > 0 ? "\(committed) records committed to PostgreSQL table \(table)" : nil
    }
}

private extension Duration {
    /// Whole milliseconds, for logs.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
