import Foundation
import GleanCore

/// `extract_entities`: adds an `entities` array (ARCHITECTURE.md, "Entities") found in text fields.
///
/// - `field`: one field or a list; with more than one, each entity also carries `field`.
/// - Relative dates ("yesterday", 去年, 7月21日) resolve against `published_field`.
/// - `facts: true` also emits one record per entity after its parent (`parent_id`, `index`, id
///   `<parent id>#entity-<index>`), the same way `extract_figures` does (``TextExtraction``).
/// - `dictionaries` (`{ORG: [names]}`), `aliases` (`{alias: canonical}`), `rules`
///   (`[{pattern: regex, type: TYPE}]`) and `lexicon_files` (TSV, see ``UserLexicon/read(file:)``)
///   add the pipeline's own names; any type name may be used, not only the built-in ones.
/// - A field holding something other than text sends the record to the dead-letter output.
public struct ExtractEntitiesTransform: Transform {
    public struct Configuration: StageConfiguration {
        public struct RuleOption: Decodable, Sendable {
            public var pattern: String
            public var type: String
        }

        public var fields: [FieldPath]
        public var language: EntityExtractor.Language
        public var types: Set<EntityType>?
        public var publishedField: FieldPath?
        public var output: FieldPath
        public var facts: Bool
        public var dictionaries: [String: [String]]
        public var aliases: [String: String]
        public var rules: [RuleOption]
        public var lexiconFiles: [String]

        static let field = OptionKey<[String]>.oneOrMany(
            "field", "string | [string]", default: ["content"], shown: "content",
            doc: "The text field(s) to read; with several, each entity also has `field`.")
        static let language = OptionKey<EntityExtractor.Language>(
            "language", default: .auto, doc: "`auto` (by script), `en` or `zh`: which recognisers run.")
        static let types = OptionKey<[String]?>(
            "types", "[string]", default: nil, shown: "all",
            doc: "Types to keep: ORG, PERSON, GPE, WORK, EVENT, PUBLICATION, DATE, or a type of the pipeline's own rules.")
        static let publishedField = OptionKey<String>(
            "published_field", "string", default: "published",
            doc: "Timestamp or ISO 8601 field that relative dates (yesterday, 去年) resolve against.")
        static let output = OptionKey<String>("output", "string", default: "entities", doc: "The field that receives the array.")
        static let facts = OptionKey<Bool>(
            "facts", "boolean", default: false,
            doc: "Also emit one record per entity, with `parent_id` and `index` (for SQL fact tables).")
        static let dictionaries = OptionKey<[String: [String]]>(
            "dictionaries", "{TYPE: [string]}", default: [:], shown: "none",
            doc: "Names of the pipeline's own, by type; they win over what the extractor finds.")
        static let aliases = OptionKey<[String: String]>(
            "aliases", "{string: string}", default: [:], shown: "none",
            doc: "Alias → canonical name, for `normalized`.")
        static let rules = OptionKey<[RuleOption]>(
            "rules", "[{pattern, type}]", default: [], shown: "none",
            doc: "Regular expressions whose matches are entities of `type`.")
        static let lexiconFiles = OptionKey<[String]>.oneOrMany(
            "lexicon_files", "string | [string]", shown: "none",
            doc: "TSV files of TYPE<TAB>name[<TAB>canonical], ALIAS<TAB>alias<TAB>canonical and RULE<TAB>TYPE<TAB>regex lines.")

        public static let options = [
            field.spec, language.spec, types.spec, publishedField.spec, output.spec, facts.spec, dictionaries.spec, aliases.spec, rules.spec,
            lexiconFiles.spec,
        ]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            fields = try FieldPath.decode(o[Self.field], option: "field")
            guard !fields.isEmpty else { throw ConfigurationError(option: "field", "name at least one field") }
            language = try o[Self.language]
            types = try o[Self.types].map { Set($0.map(EntityType.init(rawValue:))) }
            publishedField = try FieldPath.decode([o[Self.publishedField]], option: "published_field").first
            output = try FieldPath.decode([o[Self.output]], option: "output")[0]
            facts = try o[Self.facts]
            dictionaries = try o[Self.dictionaries]
            aliases = try o[Self.aliases]
            rules = try o[Self.rules]
            lexiconFiles = try o[Self.lexiconFiles]
            for (index, rule) in rules.enumerated() where (try? NSRegularExpression(pattern: rule.pattern)) == nil {
                throw ConfigurationError(option: "rules", "rule \(index + 1): '\(rule.pattern)' is not a valid regular expression")
            }
            for type in dictionaries.keys where type.isEmpty {
                throw ConfigurationError(option: "dictionaries", "a type name is empty")
            }
        }

        /// The user lexicon: inline names, aliases and rules, then the files (resolved by `resolve`).
        func lexicon(resolve: (String) -> String) throws -> UserLexicon {
            var names: [String: UserLexicon.Entry] = [:]
            var aliases = self.aliases
            var rules = try self.rules.map { try UserLexicon.Rule(pattern: $0.pattern, type: EntityType($0.type)) }
            for path in lexiconFiles {
                let file = try UserLexicon.read(file: resolve(path))
                names.merge(file.names) { _, new in new }
                aliases.merge(file.aliases) { _, new in new }
                rules += file.rules
            }
            for (type, list) in dictionaries.sorted(by: { $0.key < $1.key }) {
                for name in list { names[name] = UserLexicon.Entry(type: EntityType(type), normalized: aliases[name]) }
            }
            return UserLexicon(names: names, aliases: aliases, rules: rules)
        }
    }

    let configuration: Configuration
    private let extractor: EntityExtractor

    public init(configuration: Configuration, lexicon: UserLexicon = UserLexicon()) throws {
        self.configuration = configuration
        extractor = try EntityExtractor(language: configuration.language, types: configuration.types, user: lexicon)
    }

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        TextExtraction.process(
            batch, fields: configuration.fields, publishedField: configuration.publishedField, output: configuration.output,
            facts: configuration.facts, stage: "extract_entities", noun: "entity", into: &output
        ) { text, published in extractor.entities(in: text, published: published).map(\.asValue) }
    }
}

/// Entity extraction: the `extract_entities` transform.
public enum EntitiesPlugin: GleanPlugin {
    public static func register(in registry: inout StageRegistry) {
        registry.registerTransform(
            "extract_entities", configuration: ExtractEntitiesTransform.Configuration.self,
            summary: "Finds organisations, people, places, works, events, outlets and dates in English and Chinese text, with canonical names and ISO dates.",
            example: "type: extract_entities\ninputs: [articles]\nfield: [title, content]\nfacts: true"
        ) { configuration, context in
            let lexicon = try configuration.lexicon(resolve: context.resolvePath)
            return try ExtractEntitiesTransform(configuration: configuration, lexicon: lexicon)
        }
    }
}
