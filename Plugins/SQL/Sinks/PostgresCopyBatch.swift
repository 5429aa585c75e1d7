import GleanCore
import PostgresNIO

/// One table's rows for a transaction: COPY text, and how they reach the table.
struct CopyLoad: Sendable {
    var table: String
    var columns: [String]
    var data: ByteBuffer
    /// With `update` and `ignore`: rows are copied into a temporary table, then upserted with
    /// INSERT … SELECT … ON CONFLICT (ordered by key, so concurrent writers lock rows in the
    /// same order); with `error` they are copied straight into the table.
    var staging: String?
    var upsert: String?

    /// The COPY text so far.
    var text: String { String(buffer: data) }

    init(table: String, columns: [String], key: [String], staging name: String, conflict: ConflictMode, statements: SQLStatements) {
        self.table = table
        self.columns = columns
        data = ByteBufferAllocator().buffer(capacity: 1 << 16)
        guard conflict != .error else { return }
        staging = name
        let quote = SQLDialect.postgres.quote
        let list = columns.map(quote).joined(separator: ", ")
        let order = key.isEmpty ? "" : " ORDER BY " + key.map(quote).joined(separator: ", ")
        upsert = "INSERT INTO \(quote(table)) (\(list)) SELECT \(list) FROM \(quote(name))\(order)"
            + statements.conflictClause(SQLStatements.Group(table: table, columns: columns, rows: []), key: key)
    }
}

/// What one transaction writes: DDL first, then one COPY load per table and column list (in
/// first-seen order, as ``SQLStatements/groups(_:)`` groups rows).
struct CopyBatch: Sendable {
    var ddl: [String] = []
    var loads: [CopyLoad] = []
    /// NUL characters removed from text (PostgreSQL text cannot hold them).
    var removedNUL = 0
    /// Records encoded by the fast path (``CopyShape``), for the debug log and tests.
    var shapedRecords = 0
    private var finder = GroupFinder()

    /// The load for a table and column list, created when new.
    mutating func position(table: String, columns: [String], key: [String], conflict: ConflictMode, statements: SQLStatements) -> Int {
        let (position, isNew) = finder.position(table: table, columns: columns)
        if isNew {
            loads.append(CopyLoad(table: table, columns: columns, key: key, staging: "glean_stage_\(position)", conflict: conflict, statements: statements))
        }
        return position
    }

    /// Encodes a record of `shape` straight into the loads (`positions`: the load of each of the
    /// shape's targets) and returns true; returns false, the loads as they were, when the record
    /// does not match the shape.
    mutating func encode(_ record: Record, key: String, shape: CopyShape, positions: [Int]) -> Bool {
        let marks = positions.map { loads[$0].data.writerIndex }
        let removedBefore = removedNUL
        PostgresCopyText.appendEscaped(record.id, to: &loads[positions[0]].data, removedNUL: &removedNUL)
        guard walk(record.fields, shape.steps, depth: 1, shape: shape, key: key, positions: positions) else {
            for (position, mark) in zip(positions, marks) { loads[position].data.moveWriterIndex(to: mark) }
            removedNUL = removedBefore
            return false
        }
        loads[positions[0]].data.writeInteger(UInt8(ascii: "\n"))
        shapedRecords += 1
        return true
    }

    /// Walks fields alongside the shape's steps, writing main-row values and child rows as it goes.
    private mutating func walk(_ fields: Fields, _ steps: [CopyShape.Step], depth: Int, shape: CopyShape, key: String, positions: [Int]) -> Bool {
        guard fields.count == steps.count else { return false }
        for (field, step) in zip(fields.fields, steps) {
            guard field.name == step.name else { return false }
            let disposition = shape.mapper.disposition(of: field.value, depth: depth)
            switch step {
            case .column(_, let type):
                guard disposition == .column, write(field.value, type: type, position: positions[0]) else { return false }
            case .nothing:
                guard disposition == .nothing else { return false }
            case .flattened(_, let nested):
                guard disposition == .flattened, walk(field.value.objectValue!, nested, depth: depth + 1, shape: shape, key: key, positions: positions) else { return false }
            case .children(_, let target, let childFields, let scalar):
                // An empty list adds no row, here as on the general path.
                if disposition == .nothing { continue }
                guard disposition == (scalar ? .scalarChildren : .objectChildren) else { return false }
                let position = positions[target]
                for (index, element) in field.value.arrayValue!.enumerated() {
                    // `_parent_id` (the parent's key), `_index`, then the element's fields.
                    PostgresCopyText.appendEscaped(key, to: &loads[position].data, removedNUL: &removedNUL)
                    loads[position].data.writeInteger(UInt8(ascii: "\t"))
                    PostgresCopyText.appendInteger(Int64(index), to: &loads[position].data)
                    if scalar {
                        guard write(element, type: childFields[0].type, position: position) else { return false }
                    } else {
                        let object = element.objectValue!
                        guard object.count == childFields.count else { return false }
                        for (childField, expected) in zip(object.fields, childFields) {
                            guard childField.name == expected.name, write(childField.value, type: expected.type, position: position) else { return false }
                        }
                    }
                    loads[position].data.writeInteger(UInt8(ascii: "\n"))
                }
            }
        }
        return true
    }

    /// One value, after a tab, as the general path would store it in a column of `type` (nil:
    /// a column not created yet, where only a null fits and is skipped); false when it does not fit.
    private mutating func write(_ value: Value, type: SQLColumnType?, position: Int) -> Bool {
        let value = RecordMapper.scalar(value)
        guard let type else {
            if case .null = value { return true }
            return false
        }
        guard let stored = value.fitting(type) else { return false }
        loads[position].data.writeInteger(UInt8(ascii: "\t"))
        PostgresCopyText.append(stored, to: &loads[position].data, removedNUL: &removedNUL)
        return true
    }
}

/// Builds each transaction's ``CopyBatch`` from keyed records, keeping the schema it has seen
/// (the tracker) and the last record shape between transactions.
struct CopyBatchBuilder: Sendable {
    let mapper: RecordMapper
    let statements: SQLStatements
    let conflict: ConflictMode
    var tracker: SchemaTracker
    /// Whether records may take the fast path (``CopyShape``); off, every record goes through the
    /// general path (tests compare the two).
    var usesShapes = true
    private var shape: CopyShape?

    init(mapper: RecordMapper, statements: SQLStatements, conflict: ConflictMode, tracker: SchemaTracker, usesShapes: Bool = true) {
        self.mapper = mapper
        self.statements = statements
        self.conflict = conflict
        self.tracker = tracker
        self.usesShapes = usesShapes
    }

    /// The DDL and COPY loads of records (already collapsed by key), in order.
    mutating func build(_ records: [SQLSinkOptions.KeyedRecord]) -> CopyBatch {
        var batch = CopyBatch()
        // The loads of the current shape's targets in this batch, found on first use.
        var shapePositions: [Int]?
        for item in records {
            if usesShapes, let shape {
                let positions = shapePositions ?? shape.targets.map { target in
                    batch.position(table: target.table, columns: target.columns, key: tracker.key(of: target.table), conflict: conflict, statements: statements)
                }
                shapePositions = positions
                if batch.encode(item.record, key: item.key, shape: shape, positions: positions) { continue }
            }
            // The general path: map, place (schema changes), encode; then learn this record's shape.
            let (changes, placed) = tracker.place(mapper.rows(for: item.record, parentKey: item.key))
            for change in changes {
                switch change {
                case .createTable(let name):
                    if let sql = tracker.ddl(change, firstRow: placed.first { $0.table == name }) { batch.ddl.append(sql) }
                case .addColumn:
                    if let sql = tracker.ddl(change, firstRow: nil) { batch.ddl.append(sql) }
                case .widen(let table, let column, _):
                    batch.ddl.append("ALTER TABLE \(SQLDialect.postgres.quote(table)) ALTER COLUMN \(SQLDialect.postgres.quote(column)) TYPE DOUBLE PRECISION;")
                }
            }
            for row in placed {
                let position = batch.position(table: row.table, columns: row.columns, key: tracker.key(of: row.table), conflict: conflict, statements: statements)
                PostgresCopyText.appendRow(row.values, to: &batch.loads[position].data, removedNUL: &batch.removedNUL)
            }
            if usesShapes {
                shape = CopyShape(record: item.record, mapper: mapper, tracker: tracker)
                shapePositions = nil
            }
        }
        return batch
    }
}
