/// An ordered map of field names to values: the body of a ``Record`` and of an object ``Value``.
///
/// Order is insertion order and is kept in every output. Storage is one array of name–value
/// pairs (one allocation per object) and look-ups are linear: records hold tens of fields, where a
/// scan of contiguous pairs beats hashing and keeps the type small and cheap to copy.
public struct Fields: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: Value

        public init(name: String, value: Value) {
            self.name = name
            self.value = value
        }
    }

    /// The fields in order.
    public private(set) var fields: [Field]

    /// An empty map.
    public init() { fields = [] }

    /// A map of the given pairs; a repeated name keeps its first position and its last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, Value) {
        fields = []
        for (name, value) in pairs { self[name] = value }
    }

    public init(dictionaryLiteral elements: (String, Value)...) { self.init(elements) }

    /// Takes fields as they are, without checking for repeated names. For parsers that have checked.
    package init(unchecked fields: [Field]) { self.fields = fields }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }
    /// The names in order.
    public var names: [String] { fields.map(\.name) }
    /// The values in order.
    public var values: [Value] { fields.map(\.value) }

    /// The index of `name`, or nil.
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    /// The value of `name`; setting `nil` removes the field.
    public subscript(name: String) -> Value? {
        get { index(of: name).map { fields[$0].value } }
        set {
            if let i = index(of: name) {
                if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append(Field(name: name, value: newValue))
            }
        }
    }

    /// Removes `name` and returns its value.
    @discardableResult
    public mutating func removeValue(forKey name: String) -> Value? {
        guard let i = index(of: name) else { return nil }
        return fields.remove(at: i).value
    }

    /// Renames a field in place, keeping its position. Replaces an existing field named `newName`.
    public mutating func rename(_ name: String, to newName: String) {
        guard name != newName, let i = index(of: name) else { return }
        if let j = index(of: newName) {
            fields[j].value = fields[i].value
            fields.remove(at: i)
        } else {
            fields[i].name = newName
        }
    }

    public func makeIterator() -> some IteratorProtocol<(name: String, value: Value)> {
        var iterator = fields.makeIterator()
        return AnyIterator { iterator.next().map { ($0.name, $0.value) } }
    }
}
