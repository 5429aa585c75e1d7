/// The documentation of one option of a stage kind: what `glean stages`, the README's stage table
/// and the unknown-key check read. Derived from an ``OptionKey`` (see ``OptionKey/spec``).
public struct OptionSpec: Sendable, Hashable {
    /// The key in the pipeline file.
    public let name: String
    /// The type as users write it: `string`, `integer`, `boolean`, `[string]`, `{string: string}`…
    public let type: String
    /// The default as YAML text, or nil when the option is required.
    public let defaultValue: String?
    /// One sentence on what it does.
    public let doc: String
    /// The values accepted, for an option with a fixed set of them (an enumeration); else empty.
    public let allowedValues: [String]
    /// The accepted range as text (`between 1 and 64`, `at least 1024`), for a numeric option with one.
    public let range: String?

    /// An option's documentation; prefer declaring an ``OptionKey`` and using its ``OptionKey/spec``.
    public init(name: String, type: String, defaultValue: String?, doc: String, allowedValues: [String] = [], range: String? = nil) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.doc = doc
        self.allowedValues = allowedValues
        self.range = range
    }

    /// A required option.
    public static func required(_ name: String, _ type: String, _ doc: String) -> OptionSpec {
        OptionSpec(name: name, type: type, defaultValue: nil, doc: doc)
    }

    /// An optional option and its default.
    public static func optional(_ name: String, _ type: String, default value: String, _ doc: String) -> OptionSpec {
        OptionSpec(name: name, type: type, defaultValue: value, doc: doc)
    }

    /// True when the option has no default.
    public var isRequired: Bool { defaultValue == nil }
}
