import GleanCore

/// What to do when a row's key is already in the table.
public enum ConflictMode: String, Sendable, CaseIterable {
    /// Plain INSERT: a duplicate key is an error.
    case error
    /// Keep the row already there.
    case ignore
    /// Replace the row's columns (an upsert): reruns are idempotent.
    case update
}

/// Builds INSERT statements: one multi-row statement per table and column set, rows with the
/// same key collapsed to the last (PostgreSQL refuses to update one row twice in a statement).
public struct SQLStatements: Sendable {
    public var dialect: SQLDialect
    public var conflict: ConflictMode
    public var rowsPerStatement = 500

    public init(dialect: SQLDialect, conflict: ConflictMode) {
        self.dialect = dialect
        self.conflict = conflict
    }

    /// A group of rows for one INSERT.
    public struct Group: Sendable {
        public var table: String
        public var columns: [String]
        public var rows: [[SQLValue]]
    }

    /// Rows grouped by table and column list, in first-seen order; with `collapsingKeys`,
    /// duplicates of a key collapsed to the last (needed for multi-row statements; a row-at-a-time
    /// writer applies duplicates in order anyway).
    public func groups(_ rows: [SchemaTracker.PlacedRow], tracker: SchemaTracker, collapsingKeys: Bool = true) -> [Group] {
        var order: [String] = []
        var groups: [String: Group] = [:]
        var keyPositions: [String: [[SQLValue]: Int]] = [:]
        var last: (table: String, columns: [String], id: String)?
        for row in rows {
            // Consecutive rows of a table usually share their columns: reuse the group id.
            let id: String
            if let last, last.table == row.table, last.columns == row.columns {
                id = last.id
            } else {
                id = row.table + "\u{1}" + row.columns.joined(separator: "\u{1}")
                last = (row.table, row.columns, id)
            }
            if groups[id] == nil {
                groups[id] = Group(table: row.table, columns: row.columns, rows: [])
                order.append(id)
            }
            guard collapsingKeys else {
                groups[id]!.rows.append(row.values)
                continue
            }
            let key = tracker.key(of: row.table).compactMap { name in row.columns.firstIndex(of: name).map { row.values[$0] } }
            if let existing = keyPositions[id]?[key] {
                groups[id]!.rows[existing] = row.values
            } else {
                keyPositions[id, default: [:]][key] = groups[id]!.rows.count
                groups[id]!.rows.append(row.values)
            }
        }
        return order.map { groups[$0]! }
    }

    /// The INSERT prefix for a group, with `?` or literal values appended by the caller.
    public func insertPrefix(_ group: Group) -> String {
        "INSERT INTO \(dialect.quote(group.table)) (\(group.columns.map(dialect.quote).joined(separator: ", "))) VALUES "
    }

    /// The ON CONFLICT clause for a group (empty for `error`).
    public func conflictClause(_ group: Group, key: [String]) -> String {
        switch conflict {
        case .error: return ""
        case .ignore: return " ON CONFLICT DO NOTHING"
        case .update:
            let updates = group.columns.filter { !key.contains($0) }.map { "\(dialect.quote($0)) = excluded.\(dialect.quote($0))" }
            let target = "(" + key.map(dialect.quote).joined(separator: ", ") + ")"
            return updates.isEmpty ? " ON CONFLICT \(target) DO NOTHING" : " ON CONFLICT \(target) DO UPDATE SET " + updates.joined(separator: ", ")
        }
    }

    /// Complete statements with literal values (for dumps), at most `rowsPerStatement` rows each.
    public func literalStatements(_ group: Group, key: [String], removedNUL: inout Int) -> [String] {
        var statements: [String] = []
        var start = 0
        while start < group.rows.count {
            let slice = group.rows[start..<min(group.rows.count, start + rowsPerStatement)]
            var sql = insertPrefix(group)
            for (n, row) in slice.enumerated() {
                if n > 0 { sql += ",\n  " }
                sql += "(" + row.map { dialect.literal($0, removedNUL: &removedNUL) }.joined(separator: ", ") + ")"
            }
            sql += conflictClause(group, key: key) + ";"
            statements.append(sql)
            start += rowsPerStatement
        }
        return statements
    }
}
