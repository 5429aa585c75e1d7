import Foundation
import GleanCore

/// The condition language of `filter`.
///
/// ```
/// condition  := or
/// or         := and ('or' and)*
/// and        := not ('and' not)*
/// not        := 'not' not | comparison
/// comparison := operand (('==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'matches' | 'in') operand)?
/// operand    := number | 'text' | "text" | true | false | null | [operand, …]
///             | field.path | `field name with spaces` | exists(field.path) | '(' condition ')'
/// ```
/// Semantics: a missing field is null. `==`/`!=` compare values (1 == 1.0). `<`, `<=`, `>`, `>=`
/// compare numbers with numbers, strings with strings (by code point) and timestamps with
/// timestamps; any other pair is false. `a contains b`: substring of a string, element of a list,
/// key of an object. `a matches 'regex'`: ICU regular expression search in a string (the pattern
/// must be a literal; it is compiled once). `a in [x, y]`: equal to an element. A bare operand
/// is true unless it is missing, null, false, 0 or the empty string.
public indirect enum Condition: Sendable {
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)
    case compare(Operand, Comparison, Operand)
    case matches(Operand, RegexBox)
    case truthy(Operand)

    public enum Comparison: String, Sendable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case contains, `in`
    }

    public indirect enum Operand: Sendable {
        case literal(Value)
        case list([Operand])
        case field(FieldPath)
        case exists(FieldPath)
        case condition(Condition)
    }

    /// A compiled regular expression (NSRegularExpression is immutable and thread-safe).
    public struct RegexBox: @unchecked Sendable {
        // Safe: NSRegularExpression is immutable after creation and documented thread-safe.
        let regex: NSRegularExpression
    }

    /// A syntax error and its character offset in the condition text.
    public struct SyntaxError: Error, Sendable {
        public var message: String
        public var offset: Int
    }

    /// Parses condition text.
    public static func parse(_ text: String) throws(SyntaxError) -> Condition {
        var parser = ConditionParser(text)
        return try parser.parseAll()
    }

    /// Evaluates the condition against a record's fields.
    public func evaluate(_ fields: Fields) -> Bool {
        switch self {
        case .and(let a, let b): return a.evaluate(fields) && b.evaluate(fields)
        case .or(let a, let b): return a.evaluate(fields) || b.evaluate(fields)
        case .not(let a): return !a.evaluate(fields)
        case .truthy(let operand): return Self.isTruthy(operand.value(fields))
        case .matches(let operand, let box):
            guard case .string(let text) = operand.value(fields) else { return false }
            return box.regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        case .compare(let left, let comparison, let right):
            return Self.compare(left.value(fields), comparison, right.value(fields))
        }
    }

    static func isTruthy(_ value: Value) -> Bool {
        switch value {
        case .null, .bool(false), .int(0): return false
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        default: return true
        }
    }

    static func compare(_ a: Value, _ comparison: Comparison, _ b: Value) -> Bool {
        switch comparison {
        case .equal: return equal(a, b)
        case .notEqual: return !equal(a, b)
        case .contains:
            switch a {
            case .string(let s): return b.stringValue.map { s.contains($0) } ?? false
            case .array(let elements): return elements.contains { equal($0, b) }
            case .object(let fields): return b.stringValue.map { fields[$0] != nil } ?? false
            default: return false
            }
        case .in:
            guard case .array(let elements) = b else { return false }
            return elements.contains { equal(a, $0) }
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order: Int
            if let x = a.doubleValue, let y = b.doubleValue {
                order = x < y ? -1 : x > y ? 1 : 0
            } else if case .string(let x) = a, case .string(let y) = b {
                order = x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : x == y ? 0 : 1
            } else if case .timestamp(let x) = a, case .timestamp(let y) = b {
                order = x < y ? -1 : x > y ? 1 : 0
            } else {
                return false
            }
            switch comparison {
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }

    static func equal(_ a: Value, _ b: Value) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }
}

extension Condition.Operand {
    func value(_ fields: Fields) -> Value {
        switch self {
        case .literal(let value): return value
        case .list(let operands): return .array(operands.map { $0.value(fields) })
        case .field(let path): return fields.value(at: path) ?? .null
        case .exists(let path): return .bool(fields.value(at: path) != nil)
        case .condition(let condition): return .bool(condition.evaluate(fields))
        }
    }
}
