import GleanCore

/// An entity type: the built-in ones of ARCHITECTURE.md ("Entities"), or a user rule's own.
public struct EntityType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let org = Self("ORG")
    public static let person = Self("PERSON")
    public static let gpe = Self("GPE")
    public static let work = Self("WORK")
    public static let event = Self("EVENT")
    public static let publication = Self("PUBLICATION")
    public static let date = Self("DATE")
}

/// One entity: its text, its span in code points (`end` exclusive), its type and its
/// normalised form (ISO 8601 for dates, the canonical name for a known alias, else the text).
public struct Entity: Hashable, Sendable {
    public var text: String
    public var start: Int
    public var end: Int
    public var type: EntityType
    public var normalized: String

    public init(text: String, start: Int, end: Int, type: EntityType, normalized: String? = nil) {
        self.text = text
        self.start = start
        self.end = end
        self.type = type
        self.normalized = normalized ?? text
    }

    /// The record form: `{text, start, end, type, normalized}`.
    public var asValue: Value {
        .object(["text": .string(text), "start": .int(Int64(start)), "end": .int(Int64(end)), "type": .string(type.rawValue), "normalized": .string(normalized)])
    }
}
