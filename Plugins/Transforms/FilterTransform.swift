import GleanCore

/// `filter`: keeps records for which the condition holds. See ``Condition`` for the language.
public struct FilterTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var condition: Condition

        static let `where` = OptionKey<String>.required(
            "where", "string",
            doc: "Condition a record must meet to pass, e.g. `price > 10 and not exists(discount)`; operators: == != < <= > >= contains matches in, and or not, exists(field); a missing field is null.")

        public static let options = [`where`.spec]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            let text = try o[Self.where]
            do {
                condition = try Condition.parse(text)
            } catch {
                throw ConfigurationError(option: "where", error.message, offset: error.offset)
            }
        }
    }

    let configuration: Configuration

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        for record in batch where configuration.condition.evaluate(record.fields) {
            output.emit(record)
        }
    }
}
