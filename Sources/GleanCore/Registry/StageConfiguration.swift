/// The typed configuration of a stage kind, decoded from its block in the pipeline file.
///
/// Each option is declared once, as a static ``OptionKey`` (name, type, default, doc, allowed
/// values or range); ``options`` lists their ``OptionKey/spec``s and `init(from:)` reads them with
/// an ``OptionReader``, so defaults, range checks, unknown-key checks, `glean stages` and the
/// README's stage table all come from the one declaration:
///
/// ```swift
/// struct Configuration: StageConfiguration {
///     static let path = OptionKey<String>.required("path", "string", doc: "Output file.")
///     static let indent = OptionKey<Int>("indent", "integer", default: 2, in: 0...8, doc: "Spaces per level.")
///     static let options = [path.spec, indent.spec]
///
///     var path: String
///     var indent: Int
///
///     init(from decoder: any Decoder) throws {
///         let o = try OptionReader(decoder, Self.self)
///         path = try o[Self.path]
///         indent = try o[Self.indent]
///     }
/// }
/// ```
public protocol StageConfiguration: Decodable, Sendable {
    /// Every option, with type, default and one sentence of documentation.
    static var options: [OptionSpec] { get }
    /// Checks that go beyond types, ranges and allowed values (a condition that parses, options
    /// that need each other). Throw
    /// ``ConfigurationError`` naming the option so the message points at it.
    func validate() throws
}

extension StageConfiguration {
    public func validate() throws {}
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
