import GleanCore

/// What the sinks know about the tables they write: columns and their types, in order, and the
/// primary key. Given rows, it decides where each value goes (its column, widened, or a variant
/// column `<column>__<type>` when the type conflicts) and which DDL the new columns need.
public struct SchemaTracker: Sendable {
    public struct Table: Sendable {
        public var name: String
        /// Columns as the server stores their names (``SQLDialect/identifier(_:)``), in order.
        public var columns: [(name: String, type: SQLColumnType)] = []
        /// Key columns, as stored.
        public var key: [String]
        let dialect: SQLDialect
        /// Column positions by folded name (``SQLDialect/folded(_:)``): names the server takes for
        /// one column find the same position.
        var index: [String: Int] = [:]
        /// Key columns by folded name: a key column belongs to the field of its exact name.
        let keyByFold: [String: String]
        /// Stored and folded forms of the names seen (a cache: computing them is the costly part
        /// of a lookup on the general path).
        var forms: [String: ColumnName] = [:]

        init(name: String, key: [String], dialect: SQLDialect) {
            self.name = name
            self.dialect = dialect
            self.key = key.map(dialect.identifier)
            keyByFold = Dictionary(key.map { (dialect.folded($0), dialect.identifier($0)) }, uniquingKeysWith: { first, _ in first })
        }

        /// The position of the column a field named `name` goes to (the column of that name, or
        /// of a name the server takes for the same), when no other value of its row took it.
        func position(of name: String) -> Int? { index[dialect.folded(name)] }

        func type(of column: String) -> SQLColumnType? { position(of: column).map { columns[$0].type } }

        /// The last row's shape, when it was placed without variants or repeated names: a row
        /// with the same names whose values have exactly the columns' types (or are null) is
        /// placed without a lookup per value and shares the column list's storage (records of a
        /// stream mostly have one shape).
        var shape: Shape?
    }

    /// A name as the server stores it and as it compares it.
    struct ColumnName: Sendable {
        var stored: String
        var folded: String
    }

    /// Field names of a row, the type of the column each goes to (nil: a null for a column not
    /// created yet, skipped), and the resulting column list.
    struct Shape: Sendable {
        var names: [String]
        var types: [SQLColumnType?]
        var columns: [String]
        /// No skipped value: a row of this shape whose values have their columns' types is placed
        /// with its values array as it is.
        var keepsEveryValue: Bool
    }

    /// A row placed: the columns it writes (after variants) and its values.
    public struct PlacedRow: Sendable {
        public var table: String
        public var columns: [String]
        public var values: [SQLValue]
        public var parentID: String?
        /// The key of the record the row comes from (see ``TableRow/owner``).
        public var owner: String = ""
    }

    /// A schema change to run before the rows that need it.
    public enum Change: Sendable, Equatable {
        case createTable(String)
        case addColumn(table: String, column: String, type: SQLColumnType)
        /// An integer column now also holds reals.
        case widen(table: String, column: String, type: SQLColumnType)
    }

    public let dialect: SQLDialect
    /// The tables, by name as stored (``Table/name``; rows name them the same way,
    /// ``PlacedRow/table``).
    public private(set) var tables: [String: Table] = [:]
    /// Stored table names by folded name (``SQLDialect/folded(_:)``): table names the server
    /// takes for one find the same table, as column names do.
    private var tableNames: [String: String] = [:]
    let mainTable: String
    let mainKey: [String]

    /// `key`: the main table's primary-key columns (`_id` when empty); child tables are keyed on
    /// (`_parent_id`, `_index`).
    public init(dialect: SQLDialect, mainTable: String, key: [String]) {
        self.dialect = dialect
        self.mainTable = mainTable
        mainKey = key.isEmpty ? ["_id"] : key
    }

    /// The child tables known (every table but the main one: the tracker holds one sink's
    /// tables), sorted: those whose rows are replaced with their parent's.
    public var childTables: [String] {
        let main = table(named: mainTable)?.name
        return tables.keys.filter { $0 != main }.sorted()
    }

    /// The table that rows naming `name` go to, if it exists (by folded name).
    func table(named name: String) -> Table? {
        tableNames[dialect.folded(name)].flatMap { tables[$0] }
    }

    /// The stored name of the table for rows of table `name` in a record whose earlier rows went
    /// to `tablesOfRecord` (folded name → the name rows gave): the table the server takes the
    /// name for — unless rows of another name of the same record already went there (`Figures`
    /// and `figures` lists in one SQLite record), then the first free `<name>__2`, `<name>__3`, …
    /// (the rule of ``Table/slot(for:used:)``, for child tables). Creates the table when new.
    private mutating func storedTable(for name: String, tablesOfRecord: inout [String: String], changes: inout [Change]) -> (stored: String, folded: String, suffixed: Bool) {
        var candidate = name
        var suffix = 1
        var folded = dialect.folded(candidate)
        while let taker = tablesOfRecord[folded], taker != candidate {
            suffix += 1
            candidate = name + "__" + String(suffix)
            folded = dialect.folded(candidate)
        }
        tablesOfRecord[folded] = candidate
        if let stored = tableNames[folded] { return (stored, folded, suffix > 1) }
        let stored = dialect.identifier(candidate)
        tableNames[folded] = stored
        tables[stored] = Table(name: stored, key: name == mainTable ? mainKey : ["_parent_id", "_index"], dialect: dialect)
        changes.append(.createTable(stored))
        return (stored, folded, suffix > 1)
    }

    /// Registers a table that already exists (read from the database), so that reruns neither
    /// re-create it nor add its columns again.
    public mutating func register(table name: String, columns: [(name: String, type: SQLColumnType)], key: [String]) {
        var table = Table(name: name, key: key, dialect: dialect)
        for column in columns {
            table.index[dialect.folded(column.name)] = table.columns.count
            table.columns.append(column)
        }
        tables[name] = table
        tableNames[dialect.folded(name)] = name
    }

    /// Places rows, returning the schema changes they need first (create, then add column).
    public mutating func place(_ rows: [TableRow]) -> (changes: [Change], rows: [PlacedRow]) {
        var changes: [Change] = []
        var placed: [PlacedRow] = []
        placed.reserveCapacity(rows.count)
        // One table is worked on at a time, outside the dictionary (no lookup per value).
        var currentName = ""
        var table = Table(name: "", key: [], dialect: dialect)
        func flush() { if !currentName.isEmpty { tables[table.name] = table } }
        // The record whose rows these are (rows of one record are consecutive), and the tables
        // its rows went to so far.
        var owner: String?
        var tablesOfRecord: [String: String] = [:]
        var currentFolded = ""
        // Whether the current table was suffixed (its choice holds for its record only).
        var suffixed = false
        for row in rows {
            var lookAgain = row.table != currentName
            if row.owner != owner {
                owner = row.owner
                tablesOfRecord.removeAll(keepingCapacity: true)
                if suffixed { lookAgain = true } else if !lookAgain { tablesOfRecord[currentFolded] = currentName }
            }
            if lookAgain {
                flush()
                currentName = row.table
                let stored: String
                (stored, currentFolded, suffixed) = storedTable(for: row.table, tablesOfRecord: &tablesOfRecord, changes: &changes)
                table = tables.removeValue(forKey: stored)!
            }
            if let fast = Self.placeLikeTheLastShape(row, table.shape, table: table.name) {
                placed.append(fast)
                continue
            }
            var simple = true
            var out = PlacedRow(table: table.name, columns: [], values: [], parentID: row.parentID, owner: row.owner)
            out.columns.reserveCapacity(row.values.count)
            out.values.reserveCapacity(row.values.count)
            // The columns this row's values took, and each field's column type (nil: skipped).
            var used: [Int] = []
            var types: [SQLColumnType?] = []
            used.reserveCapacity(row.values.count)
            types.reserveCapacity(row.values.count)
            for (column, value) in zip(row.columns, row.values) {
                var stored = value
                var (target, position, renamed) = table.slot(for: column, used: used)
                if renamed { simple = false }
                if let found = position {
                    let type = table.columns[found].type
                    if type == .integer, case .real = value {
                        // Integers widen to reals: the column becomes REAL (dumps declare the final
                        // type; SQLite keeps reals in an INTEGER column as they are).
                        table.columns[found].type = .real
                        changes.append(.widen(table: table.name, column: table.columns[found].name, type: .real))
                        // The last shape knew the column as an integer: forget it.
                        table.shape = nil
                    } else if let fitted = value.fitting(type) {
                        stored = fitted
                    } else {
                        // A type the column cannot take: the variant column `<column>__<type>`.
                        simple = false
                        (target, position, _) = table.slot(for: table.columns[found].name + "__" + value.type!.rawValue, used: used)
                        if let variant = position, let fitted = stored.fitting(table.columns[variant].type) { stored = fitted }
                    }
                }
                if position == nil {
                    simple = false
                    // A column is created by its first non-null value; nulls of unknown columns wait.
                    guard let type = stored.type else {
                        types.append(nil)
                        continue
                    }
                    position = table.columns.count
                    table.index[dialect.folded(target)] = table.columns.count
                    table.columns.append((target, type))
                    changes.append(.addColumn(table: table.name, column: target, type: type))
                }
                let found = position!
                used.append(found)
                types.append(table.columns[found].type)
                out.columns.append(table.columns[found].name)
                out.values.append(stored)
            }
            if simple {
                table.shape = Shape(names: row.columns, types: types, columns: out.columns, keepsEveryValue: !types.contains(nil))
            }
            placed.append(out)
        }
        flush()
        return (changes, placed)
    }

    /// The row placed by its table's last shape, or nil when it differs from it (other names, or
    /// a value of another type: the general path decides).
    private static func placeLikeTheLastShape(_ row: TableRow, _ shape: Shape?, table: String) -> PlacedRow? {
        guard let shape, shape.names.count == row.columns.count, shape.names == row.columns else { return nil }
        if shape.keepsEveryValue, zip(row.values, shape.types).allSatisfy({ $0.type == nil || $0.type == $1 }) {
            // Every value goes to the column of its name, as it is: keep the row's own array.
            return PlacedRow(table: table, columns: shape.columns, values: row.values, parentID: row.parentID, owner: row.owner)
        }
        var values: [SQLValue] = []
        values.reserveCapacity(shape.columns.count)
        for (value, type) in zip(row.values, shape.types) {
            guard let type else {
                // A null for a column that does not exist yet: skipped, as before.
                guard case .null = value else { return nil }
                continue
            }
            switch value {
            case .null: values.append(value)
            case .integer(let n) where type == .real: values.append(.real(Double(n)))
            default:
                guard value.type == type else { return nil }
                values.append(value)
            }
        }
        return PlacedRow(table: table, columns: shape.columns, values: values, parentID: row.parentID, owner: row.owner)
    }

    /// DDL for a change. New tables are created with their key columns (typed by the first row's
    /// values, text when unknown) so the primary key exists from the start; other columns follow
    /// as `ALTER TABLE … ADD COLUMN`.
    public func ddl(_ change: Change, firstRow: PlacedRow?) -> String? {
        switch change {
        case .createTable(let name):
            let table = tables[name]!
            let keyColumns = table.key.map { key -> String in
                let type = firstRow.flatMap { row in row.columns.firstIndex(of: key).flatMap { row.values[$0].type } } ?? .text
                return "\(dialect.quote(key)) \(type.name(in: dialect)) NOT NULL"
            }
            return "CREATE TABLE IF NOT EXISTS \(dialect.quote(name)) (\(keyColumns.joined(separator: ", ")), PRIMARY KEY (\(table.key.map(dialect.quote).joined(separator: ", "))));"
        case .widen:
            // SQLite stores reals in INTEGER columns unchanged; dumps declare the final type.
            return nil
        case .addColumn(let table, let column, let type):
            guard !(tables[table]!.key.contains(column)) else { return nil }
            let ifNotExists = dialect == .postgres ? "IF NOT EXISTS " : ""
            return "ALTER TABLE \(dialect.quote(table)) ADD COLUMN \(ifNotExists)\(dialect.quote(column)) \(type.name(in: dialect));"
        }
    }

    /// Key columns of a table.
    public func key(of table: String) -> [String] { tables[table]?.key ?? [] }
}
