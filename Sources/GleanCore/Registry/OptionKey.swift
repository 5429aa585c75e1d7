/// One option of a stage kind, declared once: its name, the type as users write it, its default,
/// one sentence of documentation, and the values or range it accepts.
///
/// Everything else comes from the key: the ``OptionSpec`` that `glean stages`, the README table
/// and the unknown-key check read (``spec``), and decoding with the default, the range or
/// allowed-values check and its ``ConfigurationError`` (through ``OptionReader``). Declare keys as
/// static members of the configuration and read them in `init(from:)`:
///
/// ```swift
/// static let concurrency = OptionKey<Int>("concurrency", "integer", default: 4, in: 1...64, doc: "Feeds fetched at once.")
/// static let format = OptionKey<Format>("format", default: .auto, doc: "`lines` or `array`.")  // allowed: Format.allCases
/// static let encoding = OptionKey<String?>("encoding", "string", default: nil, shown: "from the document", doc: "…")
/// static let url = OptionKey<[String]>.oneOrMany("url", "string | [string]", shown: "none", doc: "…")
/// ```
public struct OptionKey<Value: Sendable>: Sendable {
    /// What an absent option gives.
    enum Fallback: Sendable {
        case required
        case value(Value)
    }

    /// The key in the pipeline file.
    public let name: String
    /// The type as users write it: `string`, `integer`, `[string]`, `string | [string]`…
    public let type: String
    /// One sentence on what the option does.
    public let doc: String
    let fallback: Fallback
    /// The default as shown to users; nil when required.
    let defaultText: String?
    /// The accepted values of an enumeration (raw values, in declaration order); else empty.
    public let allowedValues: [String]
    /// The accepted range as text, `between 1 and 64` or `at least 1024`.
    public let range: String?
    /// Decodes the value; nil when the key is absent (or null).
    let read: @Sendable (KeyedDecodingContainer<OptionCodingKey>, OptionCodingKey) throws -> Value?
    /// Throws a ``ConfigurationError`` naming the option for a value outside the range.
    let check: @Sendable (Value) throws -> Void

    init(
        name: String, type: String, doc: String, fallback: Fallback, defaultText: String?,
        allowedValues: [String] = [], range: String? = nil,
        read: @escaping @Sendable (KeyedDecodingContainer<OptionCodingKey>, OptionCodingKey) throws -> Value?,
        check: @escaping @Sendable (Value) throws -> Void = { _ in }
    ) {
        self.name = name
        self.type = type
        self.doc = doc
        self.fallback = fallback
        self.defaultText = defaultText
        self.allowedValues = allowedValues
        self.range = range
        self.read = read
        self.check = check
    }

    /// The documentation the runtime reads: `glean stages`, the README table, unknown-key checks.
    public var spec: OptionSpec {
        OptionSpec(name: name, type: type, defaultValue: defaultText, doc: doc, allowedValues: allowedValues, range: range)
    }

    /// The default, or nil when the option is required.
    public var defaultValue: Value? {
        if case .value(let value) = fallback { return value }
        return nil
    }

    /// True when the option has no default.
    public var isRequired: Bool { defaultText == nil }
}

extension OptionKey where Value: Decodable {
    /// A required option: a missing key is an error that names it and quotes ``doc``.
    public static func required(_ name: String, _ type: String, doc: String) -> OptionKey {
        OptionKey(name: name, type: type, doc: doc, fallback: .required, defaultText: nil, read: { try $0.decodeIfPresent(Value.self, forKey: $1) })
    }

    /// An optional option whose default is described in words (`from the document`, `the sink's
    /// name`) or differs from its literal (`none` for nil).
    public init(_ name: String, _ type: String, default value: Value, shown: String, doc: String) {
        self.init(name: name, type: type, doc: doc, fallback: .value(value), defaultText: shown, read: { try $0.decodeIfPresent(Value.self, forKey: $1) })
    }
}

extension OptionKey where Value: Decodable & OptionLiteral {
    /// An optional option; its default is shown as its literal (`4`, `true`, `UTC`, `none` for nil).
    public init(_ name: String, _ type: String, default value: Value, doc: String) {
        self.init(name, type, default: value, shown: value.optionLiteral, doc: doc)
    }

    /// An optional number that must lie in `range`; outside it: "must be between 1 and 64".
    public init(_ name: String, _ type: String, default value: Value, in range: ClosedRange<Value>, doc: String)
    where Value: Comparable {
        let text = "between \(range.lowerBound.optionLiteral) and \(range.upperBound.optionLiteral)"
        self.init(
            name: name, type: type, doc: doc, fallback: .value(value), defaultText: value.optionLiteral, range: text,
            read: { try $0.decodeIfPresent(Value.self, forKey: $1) },
            check: { if !range.contains($0) { throw ConfigurationError(option: name, "must be \(text)") } })
    }

    /// An optional number with a lower bound; below it: "must be at least 1024".
    public init(_ name: String, _ type: String, default value: Value, in range: PartialRangeFrom<Value>, doc: String)
    where Value: Comparable {
        let text = "at least \(range.lowerBound.optionLiteral)"
        self.init(
            name: name, type: type, doc: doc, fallback: .value(value), defaultText: value.optionLiteral, range: text,
            read: { try $0.decodeIfPresent(Value.self, forKey: $1) },
            check: { if !range.contains($0) { throw ConfigurationError(option: name, "must be \(text)") } })
    }
}

extension OptionKey where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
    /// An optional enumeration written as a string (type `string`); the allowed values are the
    /// raw values of `Value.allCases`, and any other is "'x' is not one of a, b, c".
    public init(_ name: String, default value: Value, doc: String) {
        self.init(
            name: name, type: "string", doc: doc, fallback: .value(value), defaultText: value.rawValue,
            allowedValues: Value.allCases.map(\.rawValue),
            read: { container, key in
                try container.decodeIfPresent(String.self, forKey: key).map { try OptionChoice.parse($0, Value.self, option: name) }
            })
    }
}

extension OptionKey {
    /// An optional list of enumeration values (type `[string]`), nil when absent; each must be a
    /// raw value of `Element.allCases`.
    public static func list<Element: CaseIterable & RawRepresentable & Sendable>(
        _ name: String, of element: Element.Type, shown: String, doc: String
    ) -> OptionKey where Value == [Element]?, Element.RawValue == String {
        OptionKey(
            name: name, type: "[string]", doc: doc, fallback: .value(nil), defaultText: shown,
            allowedValues: Element.allCases.map(\.rawValue),
            read: { container, key in
                guard let names = try container.decodeIfPresent([String].self, forKey: key) else { return nil }
                return .some(try names.map { try OptionChoice.parse($0, Element.self, option: name) })
            })
    }

    /// An option written as one value or as a list (`url: x` or `url: [x, y]`).
    public static func oneOrMany<Element: Decodable & Sendable>(
        _ name: String, _ type: String, default value: [Element] = [], shown: String, doc: String
    ) -> OptionKey where Value == [Element] {
        OptionKey(
            name: name, type: type, doc: doc, fallback: .value(value), defaultText: shown,
            read: { container, key in
                guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
                return try container.decodeOneOrMany(Element.self, forKey: key)
            })
    }
}

/// Parsing an enumeration option's text.
enum OptionChoice {
    /// The case whose raw value is `text`, or "'x' is not one of a, b, c; did you mean 'b'?".
    static func parse<Choice: CaseIterable & RawRepresentable>(_ text: String, _: Choice.Type, option: String) throws -> Choice
    where Choice.RawValue == String {
        if let choice = Choice(rawValue: text) { return choice }
        let known = Choice.allCases.map(\.rawValue)
        let hint = DidYouMean.suggestion(for: text, among: known).map { "; did you mean '\($0)'?" } ?? ""
        throw ConfigurationError(option: option, "'\(text)' is not one of \(known.joined(separator: ", "))\(hint)")
    }
}
