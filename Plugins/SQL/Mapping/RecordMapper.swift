import Foundation
import GleanCore

/// One row for one table.
public struct TableRow: Sendable {
    public var table: String
    /// Column name → value, in field order.
    public var values: [(column: String, value: SQLValue)]
    /// The record id of the parent, for child rows (their rows are replaced when the parent is).
    public var parentID: String?
    /// The key of the record the row comes from (main and child rows alike), to trace a row the
    /// database refuses back to its record.
    public var owner: String = ""
}

/// Turns records into rows: nested objects flattened to `parent__child` columns up to
/// `maximumDepth` (deeper as JSON), arrays of objects into child tables `<table>__<field>`
/// (columns `_parent_id`, `_index`, then the object's fields), arrays of scalars as JSON or as
/// child tables (`_parent_id`, `_index`, `value`); an empty list adds nothing. Every main row has
/// `_id`, the record id; child rows point to their parent's key (the record id without `key:`).
public struct RecordMapper: Sendable {
    public enum ScalarArrays: String, Sendable { case json, table }

    public var table: String
    public var maximumDepth: Int
    public var scalarArrays: ScalarArrays

    public init(table: String, maximumDepth: Int = 2, scalarArrays: ScalarArrays = .json) {
        self.table = table
        self.maximumDepth = maximumDepth
        self.scalarArrays = scalarArrays
    }

    /// The rows of one record: its main row first, then child rows, whose `_parent_id` is
    /// `parentKey` (the parent's key as text; the record id when nil).
    public func rows(for record: Record, parentKey: String? = nil) -> [TableRow] {
        let owner = parentKey ?? record.id
        var rows = [TableRow(table: table, values: [("_id", .text(record.id))], parentID: nil, owner: owner)]
        var children: [TableRow] = []
        flatten(record.fields, prefix: "", depth: 1, into: &rows[0].values, children: &children, childPrefix: table, parentID: owner)
        for index in children.indices { children[index].owner = owner }
        rows += children
        return rows
    }

    private func flatten(_ fields: Fields, prefix: String, depth: Int, into values: inout [(column: String, value: SQLValue)], children: inout [TableRow], childPrefix: String, parentID: String) {
        for (name, value) in fields {
            let column = prefix + name
            switch value {
            case .array(let elements) where elements.isEmpty:
                // An empty list adds no row and no column (its type is unknown).
                continue
            case .object(let nested) where depth < maximumDepth:
                flatten(nested, prefix: column + "__", depth: depth + 1, into: &values, children: &children, childPrefix: childPrefix, parentID: parentID)
            case .array(let elements) where !elements.isEmpty && elements.allSatisfy({ $0.objectValue != nil }):
                let childTable = childPrefix + "__" + column
                for (index, element) in elements.enumerated() {
                    var row = TableRow(table: childTable, values: [("_parent_id", .text(parentID)), ("_index", .integer(Int64(index)))], parentID: parentID)
                    // Inside a child row nested arrays stay JSON: one level of child tables.
                    for (childName, childValue) in element.objectValue! {
                        row.values.append((childName, Self.scalar(childValue)))
                    }
                    children.append(row)
                }
            case .array(let elements) where scalarArrays == .table && !elements.isEmpty && elements.allSatisfy({ $0.objectValue == nil && $0.arrayValue == nil }):
                let childTable = childPrefix + "__" + column
                for (index, element) in elements.enumerated() {
                    children.append(TableRow(table: childTable, values: [("_parent_id", .text(parentID)), ("_index", .integer(Int64(index))), ("value", Self.scalar(element))], parentID: parentID))
                }
            default:
                values.append((column, Self.scalar(value)))
            }
        }
    }

    /// A value as a column value (objects and arrays as JSON).
    static func scalar(_ value: Value) -> SQLValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .boolean(b)
        case .int(let n): return .integer(n)
        case .double(let d): return .real(d)
        case .string(let s): return .text(s)
        case .timestamp(let date): return .timestamp(date)
        case .array, .object: return .json(JSONWriter.string(value))
        }
    }
}
