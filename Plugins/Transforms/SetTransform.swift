import GleanCore

/// `set`: sets fields to constants or to `{{field}}` templates.
///
/// A string value containing `{{path}}` is a template: each placeholder is replaced by the
/// field's text (strings as they are, other values as compact JSON, missing fields as empty).
/// A value that is exactly one placeholder copies the field with its type. Other values (numbers,
/// booleans, lists, mappings) are set as they are. `{{{{` writes a literal `{{`.
public struct SetTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var assignments: [(path: FieldPath, value: Template)]

        static let fields = OptionKey<Value>.required(
            "fields", "{string: any}",
            doc: "Field path → constant or `{{field}}` template; a value that is a single placeholder copies the field with its type.")

        public static let options = [fields.spec]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            guard case .object(let map) = try o[Self.fields] else {
                throw ConfigurationError(option: "fields", "expected a mapping of field names to values")
            }
            assignments = try map.map { pair in
                let path = try FieldPath.decode([pair.name], option: "fields")[0]
                return (path, try Template(pair.value))
            }
        }
    }

    /// A parsed value of `set`.
    public enum Template: Sendable {
        case constant(Value)
        case copy(FieldPath)
        case text([Piece])

        public enum Piece: Sendable {
            case literal(String)
            case field(FieldPath)
        }

        init(_ value: Value) throws {
            guard case .string(let text) = value, text.contains("{{") else {
                self = .constant(value)
                return
            }
            var pieces: [Piece] = []
            var literal = ""
            var rest = Substring(text)
            while let open = rest.range(of: "{{") {
                literal += rest[..<open.lowerBound]
                rest = rest[open.upperBound...]
                if rest.hasPrefix("{{") {
                    literal += "{{"
                    rest = rest.dropFirst(2)
                    continue
                }
                guard let close = rest.range(of: "}}") else {
                    throw ConfigurationError(option: "fields", "unclosed '{{' in template '\(text)'")
                }
                let name = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                guard let path = FieldPath(name) else {
                    throw ConfigurationError(option: "fields", "'{{\(name)}}' does not name a field in template '\(text)'")
                }
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(.field(path))
                rest = rest[close.upperBound...]
            }
            literal += rest
            if !literal.isEmpty { pieces.append(.literal(literal)) }
            if pieces.count == 1, case .field(let path) = pieces[0] {
                self = .copy(path)
            } else {
                self = .text(pieces)
            }
        }

        func evaluate(_ fields: Fields) -> Value {
            switch self {
            case .constant(let value): return value
            case .copy(let path): return fields.value(at: path) ?? .null
            case .text(let pieces):
                var out = ""
                for piece in pieces {
                    switch piece {
                    case .literal(let text): out += text
                    case .field(let path): out += fields.value(at: path)?.plainText ?? ""
                    }
                }
                return .string(out)
            }
        }
    }

    let configuration: Configuration

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        for var record in batch {
            let original = record.fields
            for (path, template) in configuration.assignments {
                record.fields.setValue(template.evaluate(original), at: path)
            }
            output.emit(record)
        }
    }
}

import Foundation
