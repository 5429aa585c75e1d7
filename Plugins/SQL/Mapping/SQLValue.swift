import Foundation
import GleanCore

/// Column types the SQL sinks infer from records.
public enum SQLColumnType: String, Sendable, CaseIterable {
    case integer, real, text, boolean, timestamp, json

    /// The type name in a dialect: SQLite stores timestamps as ISO 8601 text and JSON as text;
    /// PostgreSQL has TIMESTAMPTZ and JSONB.
    public func name(in dialect: SQLDialect) -> String {
        switch (self, dialect) {
        case (.integer, .sqlite): return "INTEGER"
        case (.integer, .postgres): return "BIGINT"
        case (.real, .sqlite): return "REAL"
        case (.real, .postgres): return "DOUBLE PRECISION"
        case (.text, _): return "TEXT"
        case (.boolean, .sqlite): return "INTEGER"
        case (.boolean, .postgres): return "BOOLEAN"
        case (.timestamp, .sqlite): return "TEXT"
        case (.timestamp, .postgres): return "TIMESTAMPTZ"
        case (.json, .sqlite): return "TEXT"
        case (.json, .postgres): return "JSONB"
        }
    }
}

/// A value ready for a SQL column.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case boolean(Bool)
    case timestamp(Date)
    case json(String)

    /// The column type this value asks for (nil for null, which fits any column).
    public var type: SQLColumnType? {
        switch self {
        case .null: return nil
        case .integer: return .integer
        case .real: return .real
        case .text: return .text
        case .boolean: return .boolean
        case .timestamp: return .timestamp
        case .json: return .json
        }
    }

    /// The value stored in a column of type `column`, or nil when it does not fit and belongs in a
    /// variant column. The rule (documented in the README): integers widen into real columns,
    /// and integers, reals, booleans and timestamps into text columns (as their text); booleans
    /// into integer columns as 0/1; JSON into text columns; every value fits a JSON column (as
    /// JSON). Anything else — text
    /// in a number column, a number in a timestamp column — goes to `<column>__<type>`.
    public func fitting(_ column: SQLColumnType) -> SQLValue? {
        guard let type else { return self }
        if type == column { return self }
        switch (self, column) {
        case (.integer(let n), .real): return .real(Double(n))
        case (.boolean(let b), .integer): return .integer(b ? 1 : 0)
        case (.integer(let n), .text): return .text(String(n))
        case (.real(let d), .text): return .text(JSONWriter.string(.double(d)))
        case (.boolean(let b), .text): return .text(b ? "true" : "false")
        case (.timestamp(let date), .text): return .text(ISO8601.format(date))
        case (.json(let text), .text): return .text(text)
        case (_, .json): return .json(jsonText)
        default: return nil
        }
    }

    /// The value as JSON text.
    var jsonText: String {
        switch self {
        case .null: return "null"
        case .integer(let n): return String(n)
        case .real(let d): return JSONWriter.string(.double(d))
        case .text(let s): return JSONWriter.string(.string(s))
        case .boolean(let b): return b ? "true" : "false"
        case .timestamp(let date): return JSONWriter.string(.string(ISO8601.format(date)))
        case .json(let text): return text
        }
    }
}
