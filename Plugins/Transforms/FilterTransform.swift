import GleanCore

/// `filter`: keeps records for which the condition holds. See ``Condition`` for the language.
public struct FilterTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var condition: Condition

        public static let options: [OptionSpec] = [
            .required("where", "string", "Condition a record must meet to pass, e.g. `price > 10 and not exists(discount)`; operators: == != < <= > >= contains matches in, and or not, exists(field); a missing field is null."),
        ]

        enum CodingKeys: String, CodingKey { case `where` }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let text = try c.decode(String.self, forKey: .where)
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
