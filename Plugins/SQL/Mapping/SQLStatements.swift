import GleanCore

/// What to do when a row's key is already in the table.
public enum ConflictMode: String, Sendable, CaseIterable {
    /// Replace the row's columns (an upsert): reruns are idempotent.
    case update
    /// Keep the row already there.
    case ignore
    /// Plain INSERT: a duplicate key is an error.
    case error
}

/// Builds INSERT statements: one multi-row statement per table and column set.
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

    /// Rows grouped by table and column list, in first-seen order. (Rows repeating a key are
    /// collapsed before this, record by record: ``SQLSinkOptions/rows(of:)``.)
    public func groups(_ rows: [SchemaTracker.PlacedRow]) -> [Group] {
        var groups: [Group] = []
        var finder = GroupFinder()
        for row in rows {
            let (position, isNew) = finder.position(table: row.table, columns: row.columns)
            if isNew { groups.append(Group(table: row.table, columns: row.columns, rows: [])) }
            groups[position].rows.append(row.values)
        }
        return groups
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

/// Numbers the groups of rows by table and column list, in first-seen order. Rows of a table
/// usually share their column list (often its very storage): the few groups seen last are
/// compared before the list is hashed.
struct GroupFinder {
    private var seen: [(table: String, columns: [String])] = []
    private var positions: [String: Int] = [:]

    /// The position of the group of `table` and `columns`, and whether it is new (the next one).
    mutating func position(table: String, columns: [String]) -> (position: Int, isNew: Bool) {
        for candidate in seen.indices.reversed().prefix(8) where seen[candidate].table == table && seen[candidate].columns == columns {
            return (candidate, false)
        }
        let id = table + "\u{1}" + columns.joined(separator: "\u{1}")
        if let known = positions[id] { return (known, false) }
        positions[id] = seen.count
        seen.append((table, columns))
        return (seen.count - 1, true)
    }
}
