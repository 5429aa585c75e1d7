import Foundation
import GleanCore

/// A recursive-descent parser for ``Condition`` over the condition's characters.
struct ConditionParser {
    private let characters: [Character]
    private var position = 0
    private var depth = 0

    init(_ text: String) { characters = Array(text) }

    private func error(_ message: String, at offset: Int? = nil) -> Condition.SyntaxError {
        Condition.SyntaxError(message: message, offset: offset ?? position)
    }

    mutating func parseAll() throws(Condition.SyntaxError) -> Condition {
        let condition = try parseOr()
        skipSpace()
        if position < characters.count { throw error("unexpected '\(characters[position])'; expected 'and', 'or' or the end of the condition") }
        return condition
    }

    private mutating func skipSpace() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    /// Consumes a keyword (`and`, `or`, `not`, `contains`…) when it stands as a whole word.
    private mutating func keyword(_ word: String) -> Bool {
        skipSpace()
        let letters = Array(word)
        guard position + letters.count <= characters.count, Array(characters[position..<(position + letters.count)]) == letters else { return false }
        let after = position + letters.count
        if after < characters.count, characters[after].isLetter || characters[after].isNumber || characters[after] == "_" { return false }
        position = after
        return true
    }

    private mutating func symbol(_ text: String) -> Bool {
        skipSpace()
        let letters = Array(text)
        guard position + letters.count <= characters.count, Array(characters[position..<(position + letters.count)]) == letters else { return false }
        position += letters.count
        return true
    }

    private mutating func parseOr() throws(Condition.SyntaxError) -> Condition {
        var left = try parseAnd()
        while keyword("or") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(Condition.SyntaxError) -> Condition {
        var left = try parseNot()
        while keyword("and") { left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(Condition.SyntaxError) -> Condition {
        if keyword("not") {
            depth += 1
            defer { depth -= 1 }
            guard depth < 200 else { throw error("the condition nests too deeply") }
            return .not(try parseNot())
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(Condition.SyntaxError) -> Condition {
        let left = try parseOperand()
        skipSpace()
        let operatorStart = position
        let comparison: Condition.Comparison?
        if symbol("==") { comparison = .equal }
        else if symbol("!=") { comparison = .notEqual }
        else if symbol("<=") { comparison = .lessOrEqual }
        else if symbol(">=") { comparison = .greaterOrEqual }
        else if symbol("<") { comparison = .less }
        else if symbol(">") { comparison = .greater }
        else if symbol("=") { throw error("use '==' to compare", at: operatorStart) }
        else if keyword("contains") { comparison = .contains }
        else if keyword("in") { comparison = .in }
        else if keyword("matches") {
            skipSpace()
            let patternStart = position
            guard case .literal(.string(let pattern)) = try parseOperand() else {
                throw error("'matches' takes a quoted regular expression", at: patternStart)
            }
            do {
                return .matches(left, Condition.RegexBox(regex: try NSRegularExpression(pattern: pattern)))
            } catch {
                throw self.error("invalid regular expression '\(pattern)'", at: patternStart)
            }
        } else {
            comparison = nil
        }
        guard let comparison else {
            if case .condition(let inner) = left { return inner }
            return .truthy(left)
        }
        skipSpace()
        let rightStart = position
        let right = try parseOperand()
        if comparison == .in, case .list = right {} else if comparison == .in {
            throw error("'in' takes a list such as ['a', 'b']", at: rightStart)
        }
        return .compare(left, comparison, right)
    }

    private mutating func parseOperand() throws(Condition.SyntaxError) -> Condition.Operand {
        skipSpace()
        guard position < characters.count else { throw error("unexpected end of the condition; expected a value or a field") }
        let c = characters[position]
        if c == "(" {
            position += 1
            depth += 1
            defer { depth -= 1 }
            guard depth < 200 else { throw error("the condition nests too deeply") }
            let inner = try parseOr()
            guard symbol(")") else { throw error("expected ')'") }
            return .condition(inner)
        }
        if c == "[" {
            position += 1
            var elements: [Condition.Operand] = []
            if symbol("]") { return .list([]) }
            repeat { elements.append(try parseOperand()) } while symbol(",")
            guard symbol("]") else { throw error("expected ',' or ']' in the list") }
            return .list(elements)
        }
        if c == "'" || c == "\"" { return .literal(.string(try parseString(quote: c))) }
        if c == "`" {
            let start = position
            position += 1
            guard let close = characters[position...].firstIndex(of: "`") else { throw error("unclosed '`'", at: start) }
            let name = String(characters[position..<close])
            position = close + 1
            guard let path = FieldPath(literalName: name) else {
                throw error("empty field name", at: start)
            }
            return .field(path)
        }
        if c.isNumber || c == "-" || c == "+" { return .literal(try parseNumber()) }
        if c.isLetter || c == "_" {
            let start = position
            while position < characters.count, characters[position].isLetter || characters[position].isNumber || characters[position] == "_" || characters[position] == "." {
                position += 1
            }
            let word = String(characters[start..<position])
            switch word {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            case "exists":
                guard symbol("(") else { throw error("expected '(' after 'exists'") }
                skipSpace()
                let pathStart = position
                guard case .field(let path) = try parseOperand() else { throw error("'exists' takes a field name", at: pathStart) }
                guard symbol(")") else { throw error("expected ')' after the field name") }
                return .exists(path)
            case "and", "or", "not", "contains", "matches", "in":
                throw error("expected a value or a field before '\(word)'", at: start)
            default:
                guard let path = FieldPath(word) else { throw error("'\(word)' is not a field path", at: start) }
                return .field(path)
            }
        }
        throw error("unexpected '\(c)'; expected a value, a field, 'not', 'exists(' or '('")
    }

    private mutating func parseString(quote: Character) throws(Condition.SyntaxError) -> String {
        let start = position
        position += 1
        var text = ""
        while position < characters.count {
            let c = characters[position]
            position += 1
            if c == quote { return text }
            if c == "\\", position < characters.count {
                let next = characters[position]
                position += 1
                switch next {
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: text.append(next)
                }
            } else {
                text.append(c)
            }
        }
        throw error("unclosed string", at: start)
    }

    private mutating func parseNumber() throws(Condition.SyntaxError) -> Value {
        let start = position
        if characters[position] == "-" || characters[position] == "+" { position += 1 }
        while position < characters.count, characters[position].isNumber || ".eE_".contains(characters[position])
            || ((characters[position] == "-" || characters[position] == "+") && "eE".contains(characters[position - 1]))
        {
            position += 1
        }
        let text = String(characters[start..<position]).replacingOccurrences(of: "_", with: "")
        if let int = Int64(text) { return .int(int) }
        if let double = Double(text) { return .double(double) }
        throw error("'\(text)' is not a number", at: start)
    }
}
