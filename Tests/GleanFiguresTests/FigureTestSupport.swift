import Foundation
@testable import GleanFigures
import Testing

/// The figures of a text, with an optional published date (ISO 8601).
func figures(_ text: String, published: String? = nil, language: FigureExtractor.Language = .auto) -> [Figure] {
    let date = published.flatMap { ISO8601DateFormatter().date(from: $0 + (($0.count == 10) ? "T00:00:00Z" : "")) }
    return FigureExtractor(language: language).figures(in: text, published: date)
}

/// The one figure whose span is `span`; records an issue (and returns nil) when there is none.
func figure(_ span: String, in found: [Figure], sourceLocation: SourceLocation = #_sourceLocation) -> Figure? {
    let match = found.first { $0.text == span }
    if match == nil {
        Issue.record("no figure '\(span)' among \(found.map(\.text))", sourceLocation: sourceLocation)
    }
    return match
}

/// Values compared to twelve significant digits, as the extractor rounds them.
func same(_ a: Double, _ b: Double) -> Bool {
    abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1)
}
