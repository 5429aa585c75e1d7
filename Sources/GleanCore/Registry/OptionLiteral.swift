/// A value whose default can be shown as YAML text in `glean stages` and the README: `4`, `30`,
/// `true`, `UTC`, `[]`, `{}`, `none`.
///
/// Options whose default is not a literal (`from the document`, `the sink's name`) give the text
/// themselves (see ``OptionKey/init(_:_:default:shown:doc:)``).
public protocol OptionLiteral {
    /// The value as it is written in a pipeline file.
    var optionLiteral: String { get }
}

extension Int: OptionLiteral {
    public var optionLiteral: String { String(self) }
}

extension Double: OptionLiteral {
    /// Whole numbers without a fraction (`30`, not `30.0`).
    public var optionLiteral: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}

extension Bool: OptionLiteral {
    public var optionLiteral: String { self ? "true" : "false" }
}

extension String: OptionLiteral {
    public var optionLiteral: String { self }
}

extension Array: OptionLiteral where Element: OptionLiteral {
    /// `[]`, `[a, b]`.
    public var optionLiteral: String { "[" + map(\.optionLiteral).joined(separator: ", ") + "]" }
}

extension Dictionary: OptionLiteral where Key == String, Value: OptionLiteral {
    /// `{}`, `{a: b}` (keys sorted).
    public var optionLiteral: String {
        "{" + sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.optionLiteral)" }.joined(separator: ", ") + "}"
    }
}

extension Optional: OptionLiteral where Wrapped: OptionLiteral {
    /// `none` for nil.
    public var optionLiteral: String { map(\.optionLiteral) ?? "none" }
}
