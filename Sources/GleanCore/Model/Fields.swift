/// An ordered map of field names to values: the body of a ``Record`` and of an object ``Value``.
///
/// Order is insertion order and is kept in every output. Look-ups are linear: records hold tens of
/// fields, where a scan of contiguous names beats hashing and keeps the type small and cheap to copy.
public struct Fields: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var names: [String]
    public private(set) var values: [Value]

    /// An empty map.
    public init() {
        names = []
        values = []
    }

    /// A map of the given pairs; a repeated name keeps its first position and its last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, Value) {
        names = []
        values = []
        for (name, value) in pairs { self[name] = value }
    }

    public init(dictionaryLiteral elements: (String, Value)...) { self.init(elements) }

    /// Appends without checking for an existing name. For parsers that have already checked.
    package init(uncheckedNames names: [String], values: [Value]) {
        self.names = names
        self.values = values
    }

    public var count: Int { names.count }
    public var isEmpty: Bool { names.isEmpty }

    /// The index of `name`, or nil.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// The value of `name`; setting `nil` removes the field.
    public subscript(name: String) -> Value? {
        get { index(of: name).map { values[$0] } }
        set {
            if let i = index(of: name) {
                if let newValue {
                    values[i] = newValue
                } else {
                    names.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    /// Removes `name` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey name: String) -> Value? {
        guard let i = index(of: name) else { return nil }
        names.remove(at: i)
        return values.remove(at: i)
    }

    /// Renames a field in place, keeping its position. Replaces an existing field named `newName`.
    public mutating func rename(_ name: String, to newName: String) {
        guard name != newName, let i = index(of: name) else { return }
        if let j = index(of: newName) {
            values[j] = values[i]
            names.remove(at: i)
            values.remove(at: i)
        } else {
            names[i] = newName
        }
    }

    public func makeIterator() -> some IteratorProtocol<(name: String, value: Value)> {
        var i = 0
        return AnyIterator { () -> (name: String, value: Value)? in
            guard i < names.count else { return nil }
            defer { i += 1 }
            return (names[i], values[i])
        }
    }
}
