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
        public var fields: [FieldPath]
        public var language: FigureExtractor.Language
        public var publishedField: FieldPath?
        public var kinds: Set<FigureKind>?
        public var output: FieldPath
        public var facts: Bool

        static let field = OptionKey<[String]>.oneOrMany(
            "field", "string | [string]", default: ["content"], shown: "content",
            doc: "The text field(s) to read; with several, each figure also has `field`.")
        static let language = OptionKey<FigureExtractor.Language>(
            "language", default: .auto, doc: "`auto` (both), `en` or `zh`: which number words and numerals to read.")
        static let publishedField = OptionKey<String>(
            "published_field", "string", default: "published",
            doc: "Timestamp or ISO 8601 field that relative periods (last year, 今年) resolve against.")
        static let kinds = OptionKey<[FigureKind]?>.list(
            "kinds", of: FigureKind.self, shown: "all",
            doc: "Kinds to keep: currency, percent, percentage_points, count, multiple, duration, measure, number.")
        static let output = OptionKey<String>("output", "string", default: "figures", doc: "The field that receives the array.")
        static let facts = OptionKey<Bool>(
            "facts", "boolean", default: false,
            doc: "Also emit one record per figure, with `parent_id` and `index` (for SQL fact tables).")

        public static let options = [field.spec, language.spec, publishedField.spec, kinds.spec, output.spec, facts.spec]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            fields = try FieldPath.decode(o[Self.field], option: "field")
            guard !fields.isEmpty else { throw ConfigurationError(option: "field", "name at least one field") }
            language = try o[Self.language]
            publishedField = try FieldPath.decode([o[Self.publishedField]], option: "published_field").first
            kinds = try o[Self.kinds].map(Set.init)
            output = try FieldPath.decode([o[Self.output]], option: "output")[0]
            facts = try o[Self.facts]
        }
    }

    let configuration: Configuration
    private let extractor: FigureExtractor

    public init(configuration: Configuration) {
        self.configuration = configuration
        extractor = FigureExtractor(language: configuration.language, kinds: configuration.kinds)
    }

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        TextExtraction.process(
            batch, fields: configuration.fields, publishedField: configuration.publishedField, output: configuration.output,
            facts: configuration.facts, stage: "extract_figures", noun: "figure", into: &output
        ) { text, published in extractor.figures(in: text, published: published).map(\.asValue) }
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
