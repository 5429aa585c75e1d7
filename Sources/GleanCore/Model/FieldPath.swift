/// A dotted path to a field inside nested objects: `author.name`, `price`.
///
/// A segment may not be empty. Paths address objects only; arrays are values like any other.
/// A field whose name itself contains a dot is reached only when it is at the top level and no
/// nested object matches (`Fields.value(at:)` tries the whole name first).
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public let segments: [String]

    /// Parses `a.b.c`; returns nil for an empty path or an empty segment.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else { return nil }
        segments = parts
        whole = text
    }

    /// A path of one segment that may contain dots: the field named exactly `name`.
    public init?(literalName name: String) {
        guard !name.isEmpty else { return nil }
        segments = [name]
        whole = name
    }

    private let whole: String
    public var description: String { whole }

    /// The paths of a configuration option's values, or a ``ConfigurationError`` naming the
    /// option and the text that is not a path.
    public static func decode(_ texts: [String], option: String) throws -> [FieldPath] {
        try texts.map { text in
            guard let path = FieldPath(text) else {
                throw ConfigurationError(option: option, "'\(text)' is not a field path (names separated by single dots)")
            }
            return path
        }
    }
}

extension Fields {
    /// The value at `path`, or nil when any segment is missing or not an object.
    public func value(at path: FieldPath) -> Value? {
        if path.segments.count > 1, let direct = self[path.description] { return direct }
        var current = self
        for (i, segment) in path.segments.enumerated() {
            guard let value = current[segment] else { return nil }
            if i == path.segments.count - 1 { return value }
            guard case .object(let inner) = value else { return nil }
            current = inner
        }
        return nil
    }

    /// Sets the value at `path`, creating intermediate objects; replaces non-object intermediates.
    public mutating func setValue(_ value: Value, at path: FieldPath) {
        set(value, segments: path.segments[...])
    }

    private mutating func set(_ value: Value, segments: ArraySlice<String>) {
        let head = segments.first!
        if segments.count == 1 {
            self[head] = value
            return
        }
        var inner = self[head]?.objectValue ?? Fields()
        inner.set(value, segments: segments.dropFirst())
        self[head] = .object(inner)
    }

    /// Removes and returns the value at `path`.
    @discardableResult
    public mutating func removeValue(at path: FieldPath) -> Value? {
        if path.segments.count > 1, index(of: path.description) != nil {
            return removeValue(forKey: path.description)
        }
        return remove(segments: path.segments[...])
    }

    private mutating func remove(segments: ArraySlice<String>) -> Value? {
        let head = segments.first!
        if segments.count == 1 { return removeValue(forKey: head) }
        guard var inner = self[head]?.objectValue else { return nil }
        let removed = inner.remove(segments: segments.dropFirst())
        if removed != nil { self[head] = .object(inner) }
        return removed
    }
}
