import GleanCore

/// Options shared by the SQL sinks (the mapping from records to tables).
public struct SQLSinkOptions: Sendable {
    /// The table; nil: the sink's name.
    public var table: String?
    public var key: [FieldPath] = []
    public var conflict: ConflictMode = .update
    public var maximumDepth = 2
    public var scalarArrays: RecordMapper.ScalarArrays = .json

    static let specs: [OptionSpec] = [
        .optional("table", "string", default: "the sink's name", "Table for the records; arrays of objects go to child tables `<table>__<field>`."),
        .optional("key", "[string]", default: "record id (`_id`)", "Fields whose values form the primary key; nested fields as `a.b` (column `a__b`)."),
        .optional("on_conflict", "string", default: "update", "`update` (upsert: reruns are idempotent), `ignore` (keep the existing row) or `error`."),
        .optional("max_depth", "integer", default: "2", "Nested objects are flattened to `parent__child` columns to this depth, deeper ones stored as JSON."),
        .optional("arrays", "string", default: "json", "Lists of plain values: `json` (one JSON column) or `table` (a child table with `value`)."),
    ]

    enum CodingKeys: String, CodingKey {
        case table, key, arrays
        case conflict = "on_conflict"
        case maximumDepth = "max_depth"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        table = try c.decodeIfPresent(String.self, forKey: .table)
        if let names = try c.decodeIfPresent([String].self, forKey: .key) {
            key = try names.map { name in
                guard let path = FieldPath(name) else { throw ConfigurationError(option: "key", "'\(name)' is not a field path") }
                return path
            }
        }
        if let name = try c.decodeIfPresent(String.self, forKey: .conflict) {
            guard let mode = ConflictMode(rawValue: name) else {
                throw ConfigurationError(option: "on_conflict", "'\(name)' is not one of update, ignore, error")
            }
            conflict = mode
        }
        maximumDepth = try c.decodeIfPresent(Int.self, forKey: .maximumDepth) ?? 2
        guard (1...16).contains(maximumDepth) else { throw ConfigurationError(option: "max_depth", "must be between 1 and 16") }
        if let name = try c.decodeIfPresent(String.self, forKey: .arrays) {
            guard let mode = RecordMapper.ScalarArrays(rawValue: name) else {
                throw ConfigurationError(option: "arrays", "'\(name)' is not one of json, table")
            }
            scalarArrays = mode
        }
        if table?.isEmpty == true { throw ConfigurationError(option: "table", "must not be empty") }
    }

    /// Key column names (flattened paths).
    var keyColumns: [String] { key.map { $0.segments.joined(separator: "__") } }

    /// The rows of a record, or an error naming a missing key field.
    func rows(for record: Record, mapper: RecordMapper) throws -> [TableRow] {
        for path in key {
            guard let value = record.fields.value(at: path), value != .null else {
                throw GleanError(.invalidRecord, "key field '\(path)' is missing or null; the row cannot be keyed")
            }
        }
        return mapper.rows(for: record)
    }

    /// The rows of a batch and the ids of the records they came from; a record that cannot be
    /// keyed is rejected (dead-lettered) and its batch-mates go on.
    func rows(for batch: [Record], mapper: RecordMapper, rejections: inout Rejections) -> (rows: [TableRow], parents: [String]) {
        var rows: [TableRow] = []
        var parents: [String] = []
        for record in batch {
            do {
                rows += try self.rows(for: record, mapper: mapper)
                parents.append(record.id)
            } catch {
                rejections.reject(record, error)
            }
        }
        return (rows, parents)
    }

    /// What every SQL sink builds from these options: its table name (default: the sink's name),
    /// the record mapper, the statement builder and the schema tracker for a dialect.
    func parts(dialect: SQLDialect, sinkName: String) -> (table: String, mapper: RecordMapper, statements: SQLStatements, tracker: SchemaTracker) {
        let table = self.table ?? sinkName
        return (table,
                RecordMapper(table: table, maximumDepth: maximumDepth, scalarArrays: scalarArrays),
                SQLStatements(dialect: dialect, conflict: conflict),
                SchemaTracker(dialect: dialect, mainTable: table, key: keyColumns))
    }
}
