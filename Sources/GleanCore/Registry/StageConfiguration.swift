/// The typed configuration of a stage kind, decoded from its block in the pipeline file.
///
/// Conforming types decode with defaults for optional options and list every option in
/// ``options``: that list is the single source of truth for unknown-key checks, `glean stages`
/// and the README's stage table, so documentation cannot drift from behaviour.
public protocol StageConfiguration: Decodable, Sendable {
    /// Every option, with type, default and one sentence of documentation.
    static var options: [OptionSpec] { get }
    /// Checks that go beyond types (a condition that parses, a positive size). Throw
    /// ``ConfigurationError`` naming the option so the message points at it.
    func validate() throws
}

extension StageConfiguration {
    public func validate() throws {}
}

/// The documentation of one option of a stage kind.
public struct OptionSpec: Sendable, Hashable {
    /// The key in the pipeline file.
    public let name: String
    /// The type as users write it: `string`, `integer`, `boolean`, `[string]`, `{string: string}`…
    public let type: String
    /// The default as YAML text, or nil when the option is required.
    public let defaultValue: String?
    /// One sentence on what it does.
    public let doc: String

    /// A required option.
    public static func required(_ name: String, _ type: String, _ doc: String) -> OptionSpec {
        OptionSpec(name: name, type: type, defaultValue: nil, doc: doc)
    }

    /// An optional option and its default.
    public static func optional(_ name: String, _ type: String, default value: String, _ doc: String) -> OptionSpec {
        OptionSpec(name: name, type: type, defaultValue: value, doc: doc)
    }

    public var isRequired: Bool { defaultValue == nil }
}

/// A semantic problem in a stage's configuration, raised from ``StageConfiguration/validate()``.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The option at fault, so the message can point at its line and column.
    public var option: String?
    /// What is wrong and what is expected.
    public var message: String
    /// The 0-based character offset inside the option's text value, when known (a condition's syntax error).
    public var offset: Int?

    public init(option: String?, _ message: String, offset: Int? = nil) {
        self.option = option
        self.message = message
        self.offset = offset
    }

    public var description: String { option.map { "\($0): \(message)" } ?? message }
}

/// Decodes a configuration type from the pipeline file; implemented by the runtime over YAML.
public protocol ConfigurationDecoding {
    func decode<Configuration: StageConfiguration>(_ type: Configuration.Type) throws -> Configuration
}
