import Foundation
import GleanCore

/// One row for one table.
public struct TableRow: Sendable {
    public var table: String
    /// Column names, in field order, and their values (two arrays: placing a row of a known
    /// shape then compares the names and keeps the values as they are).
    public var columns: [String]
    public var values: [SQLValue]
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
    public enum ScalarArrays: String, Sendable, CaseIterable { case json, table }

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
        var main = TableRow(table: table, columns: ["_id"], values: [.text(record.id)], parentID: nil, owner: owner)
        main.columns.reserveCapacity(record.fields.count + 1)
        main.values.reserveCapacity(record.fields.count + 1)
        var children: [TableRow] = []
        flatten(record.fields, prefix: "", depth: 1, into: &main, children: &children, childPrefix: table, parentID: owner)
        var rows = [main]
        for index in children.indices { children[index].owner = owner }
        rows += children
        return rows
    }

    /// Where a field's value goes, as ``rows(for:parentKey:)`` decides it (shared with the COPY
    /// fast path, which must decide exactly the same way).
    enum Disposition: Equatable {
        /// An empty list: no row and no column (its type is unknown).
        case nothing
        /// An object above the maximum depth: flattened into `parent__child` columns.
        case flattened
        /// A list of objects: one child row per object.
        case objectChildren
        /// A list of plain values with `arrays: table`: one child row (`value`) per element.
        case scalarChildren
        /// A column of its own (objects and lists below the depth as JSON).
        case column
    }

    func disposition(of value: Value, depth: Int) -> Disposition {
        switch value {
        case .array(let elements) where elements.isEmpty: return .nothing
        case .object where depth < maximumDepth: return .flattened
        case .array(let elements) where elements.allSatisfy({ $0.objectValue != nil }): return .objectChildren
        case .array(let elements) where scalarArrays == .table && elements.allSatisfy({ $0.objectValue == nil && $0.arrayValue == nil }): return .scalarChildren
        default: return .column
        }
    }

    private func flatten(_ fields: Fields, prefix: String, depth: Int, into row: inout TableRow, children: inout [TableRow], childPrefix: String, parentID: String) {
        for field in fields.fields {
            let column = prefix + field.name
            switch disposition(of: field.value, depth: depth) {
            case .nothing:
                continue
            case .flattened:
                flatten(field.value.objectValue!, prefix: column + "__", depth: depth + 1, into: &row, children: &children, childPrefix: childPrefix, parentID: parentID)
            case .objectChildren:
                let childTable = childPrefix + "__" + column
                for (index, element) in field.value.arrayValue!.enumerated() {
                    let object = element.objectValue!
                    var child = TableRow(table: childTable, columns: ["_parent_id", "_index"], values: [.text(parentID), .integer(Int64(index))], parentID: parentID)
                    child.columns.reserveCapacity(object.count + 2)
                    child.values.reserveCapacity(object.count + 2)
                    // Inside a child row nested arrays stay JSON: one level of child tables.
                    for childField in object.fields {
                        child.columns.append(childField.name)
                        child.values.append(Self.scalar(childField.value))
                    }
                    children.append(child)
                }
            case .scalarChildren:
                let childTable = childPrefix + "__" + column
                for (index, element) in field.value.arrayValue!.enumerated() {
                    children.append(TableRow(table: childTable, columns: ["_parent_id", "_index", "value"], values: [.text(parentID), .integer(Int64(index)), Self.scalar(element)], parentID: parentID))
                }
            case .column:
                row.columns.append(column)
                row.values.append(Self.scalar(field.value))
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
