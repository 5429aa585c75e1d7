import GleanCore

/// What a figure measures (ARCHITECTURE.md, "Figures").
public enum FigureKind: String, Sendable, CaseIterable, Codable {
    case currency, percent
    case percentagePoints = "percentage_points"
    case count, multiple, duration
    /// A physical quantity with a unit of measure (17 km, 387万亩, 2.80 GHz). Not in the original
    /// contract's list: without it such figures would be counts of "km"; the accuracy harness maps
    /// it to the corpora's `dimension` with `duration`.
    case measure
    case number
}

/// How the text qualifies a figure ("over 800 million", "近千亿", "约3%").
public enum FigureQualifier: String, Sendable, Codable {
    case exact, over, under, approximately, approaching
    case atLeast = "at_least"
    case atMost = "at_most"
}

/// One figure found in a text.
public struct Figure: Sendable, Equatable {
    /// The span: number, magnitude and unit, not the qualifier word before it.
    public var text: String
    /// Offsets in Unicode code points, end exclusive.
    public var start: Int
    public var end: Int
    /// The normalised number: 37.39 billion → 37390000000, 78% → 78.
    public var value: Double
    public var kind: FigureKind
    /// ISO code for currencies, `%`, `pp`, `x`, a plural noun for counts, a time unit for durations.
    public var unit: String?
    public var qualifier: FigureQualifier
    /// The short noun phrase measured ("market size"), or nil.
    public var metric: String?
    /// `2024`, `2025-H1`, `2023-Q3`, `2025-07`, `2022/2024`, or nil.
    public var period: String?
    public var sentence: String

    /// The figure as a record value (an element of the `figures` array).
    public var asValue: Value {
        let number: Value = value == value.rounded() && abs(value) < 9e15 ? .int(Int64(value)) : .double(value)
        return .object([
            "text": .string(text), "start": .int(Int64(start)), "end": .int(Int64(end)), "value": number,
            "kind": .string(kind.rawValue), "unit": unit.map(Value.string) ?? .null, "qualifier": .string(qualifier.rawValue),
            "metric": metric.map(Value.string) ?? .null, "period": period.map(Value.string) ?? .null, "sentence": .string(sentence),
        ])
    }
}
