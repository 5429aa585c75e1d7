import GleanCore

/// Options shared by the SQL sinks (the mapping from records to tables).
public struct SQLSinkOptions: Sendable {
    /// The table; nil: the sink's name.
    public var table: String?
    public var key: [FieldPath]
    public var conflict: ConflictMode
    public var maximumDepth: Int
    public var scalarArrays: RecordMapper.ScalarArrays

    static let tableKey = OptionKey<String?>(
        "table", "string", default: nil, shown: "the sink's name",
        doc: "Table for the records; arrays of objects go to child tables `<table>__<field>`.")
    static let keyKey = OptionKey<[String]>(
        "key", "[string]", default: [], shown: "record id (`_id`)",
        doc: "Fields whose values form the primary key; nested fields as `a.b` (column `a__b`).")
    static let conflictKey = OptionKey<ConflictMode>(
        "on_conflict", default: .update,
        doc: "`update` (upsert: reruns are idempotent), `ignore` (keep the existing row) or `error`.")
    static let maximumDepthKey = OptionKey<Int>(
        "max_depth", "integer", default: 2, in: 1...16,
        doc: "Nested objects are flattened to `parent__child` columns to this depth, deeper ones stored as JSON.")
    static let scalarArraysKey = OptionKey<RecordMapper.ScalarArrays>(
        "arrays", default: .json, doc: "Lists of plain values: `json` (one JSON column) or `table` (a child table with `value`).")

    static let specs = [tableKey.spec, keyKey.spec, conflictKey.spec, maximumDepthKey.spec, scalarArraysKey.spec]

    /// The options read from a sink's mapping (its configuration lists ``specs`` in its `options`).
    init(_ o: OptionReader) throws {
        table = try o[Self.tableKey]
        key = try FieldPath.decode(o[Self.keyKey], option: "key")
        conflict = try o[Self.conflictKey]
        maximumDepth = try o[Self.maximumDepthKey]
        scalarArrays = try o[Self.scalarArraysKey]
        if table?.isEmpty == true { throw ConfigurationError(option: "table", "must not be empty") }
    }

    /// Key column names (flattened paths).
    var keyColumns: [String] { key.map { $0.segments.joined(separator: "__") } }

    /// A record's rows and its key as text (what its child rows' `_parent_id` holds).
    struct MappedRecord: Sendable {
        var key: String
        var rows: [TableRow]
    }

    /// The key of a record as text: without `key:` the record id; one key field: its value as
    /// text (a string as it is, other values as JSON); several: a JSON array of their values.
    /// Nil when a key field is missing or null.
    func keyText(of record: Record) -> String? {
        guard !key.isEmpty else { return record.id }
        var values: [Value] = []
        for path in key {
            guard let value = record.fields.value(at: path), value != .null else { return nil }
            values.append(value)
        }
        if values.count == 1 {
            if case .string(let text) = values[0] { return text }
            return JSONWriter.string(values[0])
        }
        return JSONWriter.string(.array(values))
    }

    /// A record and its key as text.
    struct KeyedRecord: Sendable {
        var key: String
        var record: Record
    }

    /// The records of a batch with their keys; a record that cannot be keyed is rejected
    /// (dead-lettered) and its batch-mates go on.
    func keyed(_ batch: [Record], rejections: inout Rejections) -> [KeyedRecord] {
        var keyed: [KeyedRecord] = []
        keyed.reserveCapacity(batch.count)
        for record in batch {
            guard let recordKey = keyText(of: record) else {
                let missing = key.first { record.fields.value(at: $0) == nil || record.fields.value(at: $0) == .null }
                rejections.reject(record, GleanError(.invalidRecord, "key field '\(missing.map { "\($0)" } ?? "?")' is missing or null; the row cannot be keyed"))
                continue
            }
            keyed.append(KeyedRecord(key: recordKey, record: record))
        }
        return keyed
    }

    /// The rows of a batch, record by record (see ``keyed(_:rejections:)``).
    func mapped(_ batch: [Record], mapper: RecordMapper, rejections: inout Rejections) -> [MappedRecord] {
        keyed(batch, rejections: &rejections).map { MappedRecord(key: $0.key, rows: mapper.rows(for: $0.record, parentKey: $0.key)) }
    }

    /// Which of records with these keys are written: records with the same key are collapsed, as
    /// the database would see them one after the other: with `update` the last one wins (its
    /// children replace the others'), with `ignore` the first; with `error` all are kept (the
    /// database refuses the repeat).
    func kept<Keys: Collection<String>>(_ keys: Keys) -> [Bool] {
        var keep = [Bool](repeating: true, count: keys.count)
        guard conflict != .error, keys.count > 1 else { return keep }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(keys.count)
        for (index, key) in keys.enumerated() {
            if let earlier = seen[key] {
                if conflict == .update {
                    keep[earlier] = false
                    seen[key] = index
                } else {
                    keep[index] = false
                }
            } else {
                seen[key] = index
            }
        }
        return keep
    }

    /// The rows to write for mapped records and the keys whose child rows they replace. Records
    /// with the same key are collapsed first (see ``kept(_:)``).
    func rows(of records: [MappedRecord]) -> (rows: [TableRow], parents: [String]) {
        let keep = kept(records.lazy.map(\.key))
        var rows: [TableRow] = []
        var keys: [String] = []
        rows.reserveCapacity(records.count * 2)
        keys.reserveCapacity(records.count)
        for (index, record) in records.enumerated() where keep[index] {
            rows += record.rows
            keys.append(record.key)
        }
        return (rows, keys)
    }

    /// ``mapped(_:mapper:rejections:)`` then ``rows(of:)``: one batch's rows.
    func rows(for batch: [Record], mapper: RecordMapper, rejections: inout Rejections) -> (rows: [TableRow], parents: [String]) {
        rows(of: mapped(batch, mapper: mapper, rejections: &rejections))
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
