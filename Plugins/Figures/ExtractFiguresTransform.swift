import Foundation
import GleanCore

/// `extract_figures`: adds a `figures` array (ARCHITECTURE.md, "Figures") found in text fields.
///
/// - `field`: one field or a list; with more than one, each figure also carries `field`, the
///   name of the field its offsets refer to.
/// - Relative periods ("last year", 今年) resolve against `published_field` (a timestamp or an
///   ISO 8601 string); without it they are null.
/// - `facts: true` also emits one record per figure after its parent record: the figure's keys
///   plus `parent_id` (the record's id) and `index` (its place in the array), with the id
///   `<parent id>#figure-<index>`. Filter on `exists(parent_id)` to route them to their own sink.
/// - A missing or null field gives no figures; a field holding something other than text sends
///   the record to the dead-letter output with the field's name.
public struct ExtractFiguresTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var fields: [FieldPath] = [FieldPath("content")!]
        public var language: FigureExtractor.Language = .auto
        public var publishedField: FieldPath? = FieldPath("published")
        public var kinds: Set<FigureKind>?
        public var output: FieldPath = FieldPath("figures")!
        public var facts = false

        public static let options: [OptionSpec] = [
            .optional("field", "string | [string]", default: "content", "The text field(s) to read; with several, each figure also has `field`."),
            .optional("language", "string", default: "auto", "`auto` (both), `en` or `zh`: which number words and numerals to read."),
            .optional("published_field", "string", default: "published", "Timestamp or ISO 8601 field that relative periods (last year, 今年) resolve against."),
            .optional("kinds", "[string]", default: "all", "Kinds to keep: currency, percent, percentage_points, count, multiple, duration, measure, number."),
            .optional("output", "string", default: "figures", "The field that receives the array."),
            .optional("facts", "boolean", default: "false", "Also emit one record per figure, with `parent_id` and `index` (for SQL fact tables)."),
        ]

        enum CodingKeys: String, CodingKey {
            case field, language, kinds, output, facts
            case publishedField = "published_field"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if c.contains(.field) {
                fields = try FieldPath.decode(try c.decodeOneOrMany(String.self, forKey: .field), option: "field")
                guard !fields.isEmpty else { throw ConfigurationError(option: "field", "name at least one field") }
            }
            if let name = try c.decodeIfPresent(String.self, forKey: .language) {
                guard let language = FigureExtractor.Language(rawValue: name) else {
                    throw ConfigurationError(option: "language", "'\(name)' is not a language; expected auto, en or zh")
                }
                self.language = language
            }
            if let name = try c.decodeIfPresent(String.self, forKey: .publishedField) {
                publishedField = try FieldPath.decode([name], option: "published_field").first
            }
            if let names = try c.decodeIfPresent([String].self, forKey: .kinds) {
                kinds = Set(try names.map { name in
                    guard let kind = FigureKind(rawValue: name) else {
                        let known = FigureKind.allCases.map(\.rawValue)
                        let hint = DidYouMean.suggestion(for: name, among: known).map { "; did you mean '\($0)'?" } ?? ""
                        throw ConfigurationError(option: "kinds", "'\(name)' is not a kind (\(known.joined(separator: ", ")))\(hint)")
                    }
                    return kind
                })
            }
            if let name = try c.decodeIfPresent(String.self, forKey: .output) {
                output = try FieldPath.decode([name], option: "output")[0]
            }
            facts = try c.decodeIfPresent(Bool.self, forKey: .facts) ?? false
        }
    }

    let configuration: Configuration
    private let extractor: FigureExtractor

    public init(configuration: Configuration) {
        self.configuration = configuration
        extractor = FigureExtractor(language: configuration.language, kinds: configuration.kinds)
    }

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        for var record in batch {
            let published = configuration.publishedField.flatMap { Self.date(record.fields.value(at: $0)) }
            var values: [Value] = []
            var failed = false
            for path in configuration.fields {
                let text: String
                switch record.fields.value(at: path) {
                case .string(let string)?: text = string
                case nil, .null?: continue
                case let other?:
                    output.reject(record, GleanError(.malformedInput, "field '\(path)' holds \(other.typeName), expected text for extract_figures"))
                    failed = true
                    text = ""
                }
                if failed { break }
                for figure in extractor.figures(in: text, published: published) {
                    var value = figure.asValue
                    if configuration.fields.count > 1, case .object(var fields) = value {
                        fields["field"] = .string(path.description)
                        value = .object(fields)
                    }
                    values.append(value)
                }
            }
            if failed { continue }
            record.fields.setValue(.array(values), at: configuration.output)
            output.emit(record)
            guard configuration.facts else { continue }
            let parentID = record.id
            for (index, value) in values.enumerated() {
                guard case .object(let figure) = value else { continue }
                var fields: Fields = ["parent_id": .string(parentID), "index": .int(Int64(index))]
                for (name, value) in figure { fields[name] = value }
                output.emit(Record(fields: fields, origin: record.origin, id: "\(parentID)#figure-\(index)"))
            }
        }
    }

    /// A timestamp field, or an ISO 8601 / feed-style date string.
    static func date(_ value: Value?) -> Date? {
        switch value {
        case .timestamp(let date)?: return date
        case .string(let text)?: return ISO8601.parse(text)
        default: return nil
        }
    }
}

/// Figure extraction: the `extract_figures` transform.
public enum FiguresPlugin: GleanPlugin {
    public static func register(in registry: inout StageRegistry) {
        registry.registerTransform(
            "extract_figures", configuration: ExtractFiguresTransform.Configuration.self,
            summary: "Finds figures (money, percents, counts, multiples, durations, measures) in English and Chinese text, with metric, period and qualifier.",
            example: "type: extract_figures\ninputs: [articles]\nfield: [title, content]\nlanguage: auto\nfacts: true"
        ) { configuration, _ in ExtractFiguresTransform(configuration: configuration) }
    }
}
