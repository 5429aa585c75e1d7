/// Reads a configuration's options, each declared once as an ``OptionKey``: absent options give
/// the key's default, present ones are decoded and checked against the key's range or allowed
/// values (a ``ConfigurationError`` naming the option), and a missing required option is a
/// `DecodingError.keyNotFound` the runtime reports with the option's documentation.
///
/// ```swift
/// public init(from decoder: any Decoder) throws {
///     let o = try OptionReader(decoder, Self.self)
///     path = try o[Self.path]
///     format = try o[Self.format]
/// }
/// ```
///
/// Reading a key that is not listed in the configuration's ``StageConfiguration/options`` is a
/// programming error: it throws ``UndeclaredOption`` (the registry-wide test decodes every stage
/// kind to catch it).
public struct OptionReader {
    /// Thrown when a configuration reads an option it does not declare in its `options`.
    public struct UndeclaredOption: Error, Sendable, CustomStringConvertible {
        /// The option read.
        public let name: String
        /// The configuration type that read it.
        public let configuration: String

        public var description: String {
            "internal: \(configuration) reads option '\(name)', which is not in its `options`"
        }
    }

    private let container: KeyedDecodingContainer<OptionCodingKey>
    private let declared: Set<String>
    private let configuration: String
    private let log: OptionReadLog?

    /// A reader of `decoder`'s mapping for the configuration type `configuration`.
    public init<Configuration: StageConfiguration>(_ decoder: any Decoder, _ configuration: Configuration.Type) throws {
        container = try decoder.container(keyedBy: OptionCodingKey.self)
        declared = Set(Configuration.options.map(\.name))
        self.configuration = String(reflecting: Configuration.self)
        log = decoder.userInfo[OptionReadLog.userInfoKey] as? OptionReadLog
    }

    /// The option's value, or its default when absent.
    public subscript<Value>(key: OptionKey<Value>) -> Value {
        get throws {
            guard declared.contains(key.name) else { throw UndeclaredOption(name: key.name, configuration: configuration) }
            log?.record(key.name)
            let codingKey = OptionCodingKey(key.name)
            guard let value = try key.read(container, codingKey) else {
                guard case .value(let fallback) = key.fallback else {
                    throw DecodingError.keyNotFound(
                        codingKey, DecodingError.Context(codingPath: container.codingPath, debugDescription: "No value for required option '\(key.name)'."))
                }
                return fallback
            }
            try key.check(value)
            return value
        }
    }
}
