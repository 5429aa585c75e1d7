import GleanCore
import PostgresNIO

/// The COPY fast path: how records of one shape become COPY rows, learnt from a record that went
/// through the general path (``RecordMapper`` → ``SchemaTracker/place(_:)``), so that the next
/// records of the same shape are encoded straight into the loads without the intermediate row
/// arrays (measured: mapping, placing and freeing those arrays were over half of the sink's time).
///
/// A shape is built from the tracker as it stands after its record was placed: each field's
/// column (or child table) and that column's type. A later record takes the fast path only when
/// it matches field for field — the same names in the same order, every value going where the
/// mapper would send it and fitting its column's type as it is (``SQLValue/fitting(_:)``), a
/// null for a column not created yet. Anything else — a new field, a type that would widen a
/// column or need a variant column, a missing field — goes through the general path, which
/// decides as always and leaves a new shape behind. The rows are therefore byte for byte what the
/// general path writes (a test checks this on mixed streams).
struct CopyShape: Sendable {
    /// A field of a child row: its name and its column's type (nil: not created yet, only a null
    /// fits and it is skipped).
    struct ChildField: Sendable {
        var name: String
        var type: SQLColumnType?
    }

    /// What one field of the record becomes, in field order.
    indirect enum Step: Sendable {
        /// A column of the main row (nil type: not created yet, only a null fits and is skipped).
        case column(name: String, type: SQLColumnType?)
        /// An empty list: nothing.
        case nothing(name: String)
        /// An object flattened into `parent__child` columns.
        case flattened(name: String, steps: [Step])
        /// A list of objects (or, with `arrays: table`, of plain values as `value`): child rows
        /// into `targets[target]`; an empty list too (no rows).
        case children(name: String, target: Int, fields: [ChildField], scalar: Bool)

        var name: String {
            switch self {
            case .column(let name, _), .nothing(let name), .flattened(let name, _), .children(let name, _, _, _): return name
            }
        }
    }

    var steps: [Step]
    /// The tables and column lists the rows go to: the main table first, then one per child step.
    var targets: [(table: String, columns: [String])]
    let mapper: RecordMapper

    /// The shape of `record` under the tracker's current tables, or nil when it cannot have one
    /// (a table or key column missing, or one name twice in a row: the general path handles those).
    init?(record: Record, mapper: RecordMapper, tracker: SchemaTracker) {
        guard let main = tracker.table(named: mapper.table), main.type(of: "_id") == .text else { return nil }
        self.mapper = mapper
        var mainColumns = ["_id"]
        var targets: [(table: String, columns: [String])] = [(main.name, [])]
        func stepsOf(_ fields: Fields, prefix: String, depth: Int) -> [Step]? {
            var steps: [Step] = []
            steps.reserveCapacity(fields.count)
            for field in fields.fields {
                let column = prefix + field.name
                switch mapper.disposition(of: field.value, depth: depth) {
                case .nothing:
                    steps.append(.nothing(name: field.name))
                case .flattened:
                    guard let nested = stepsOf(field.value.objectValue!, prefix: column + "__", depth: depth + 1) else { return nil }
                    steps.append(.flattened(name: field.name, steps: nested))
                case .column:
                    guard let found = Self.column(column, in: main) else { return nil }
                    if let found = found { mainColumns.append(found.name) }
                    steps.append(.column(name: field.name, type: found?.type))
                case .objectChildren, .scalarChildren:
                    let scalar = mapper.disposition(of: field.value, depth: depth) == .scalarChildren
                    let childName = mapper.table + "__" + column
                    guard let child = tracker.table(named: childName), child.type(of: "_parent_id") == .text, child.type(of: "_index") == .integer else { return nil }
                    let names = scalar ? ["value"] : field.value.arrayValue![0].objectValue!.names
                    var fields: [ChildField] = []
                    var columns = ["_parent_id", "_index"]
                    for name in names {
                        guard let found = Self.column(name, in: child) else { return nil }
                        if let found { columns.append(found.name) }
                        fields.append(ChildField(name: name, type: found?.type))
                    }
                    guard Set(columns).count == columns.count else { return nil }
                    targets.append((child.name, columns))
                    steps.append(.children(name: field.name, target: targets.count - 1, fields: fields, scalar: scalar))
                }
            }
            return steps
        }
        // Two lists whose tables the server takes for one (the general path suffixes the later).
        guard let steps = stepsOf(record.fields, prefix: "", depth: 1), Set(mainColumns).count == mainColumns.count,
              Set(targets.map(\.table)).count == targets.count else { return nil }
        targets[0].columns = mainColumns
        self.steps = steps
        self.targets = targets
    }

    /// The existing column a field named `name` goes to (nil inside: none yet), or nil when the
    /// general path must decide (the name folds onto a key column it does not name exactly, and
    /// is suffixed there). Two fields going to one column are caught by the callers (the general
    /// path suffixes the later one).
    private static func column(_ name: String, in table: SchemaTracker.Table) -> (name: String, type: SQLColumnType)?? {
        let folded = table.dialect.folded(name)
        if let key = table.keyByFold[folded], key != table.dialect.identifier(name) { return nil }
        return .some(table.index[folded].map { table.columns[$0] })
    }
}
