import Foundation
import GleanText

/// Finds figures in English and Chinese text: numbers with their magnitude, unit, kind,
/// qualifier, metric, period and sentence (ARCHITECTURE.md, "Figures").
///
/// Hand-written rather than built on a library: no Swift library recognises numbers in text, and
/// the ones in other languages (Recognizers-Text, quantulum3) are thousands of times slower and do
/// not know Chinese magnitudes, qualifiers or periods. Rules, in brief:
/// - numbers: digits with `,`/thin-space/full-width separators, decimals, signs, simple fractions;
///   English number words; Chinese numerals (see ``ChineseNumerals``); magnitudes (``Magnitudes``).
/// - kinds and units from ``UnitLexicon``; counts from a Chinese classifier (家, 部, 人…) or an
///   English plural noun after the number ("647,000 jobs", "21 recommended works").
/// - not figures: dates (2025-07-21, 7月21日, July 21), years used as dates (a four-digit year
///   1900–2100 without a unit, `2024年`), times (07:01, 3pm), ordinals (1st, 第一), rankings (top
///   five, 前五, No. 1), citation markers ([1][11]), numbers inside titles (《…》, quoted titles),
///   phone numbers and IDs (a leading `+` or `0`, nine or more bare digits, digits fused with
///   letters such as `LGA1156`), and lone "one"/"a"/一 that are words rather than quantities.
/// - a figure's `sentence` is its sentence, cut to 240 characters around the figure when longer than 600.
public struct FigureExtractor: Sendable {
    public enum Language: String, Sendable, CaseIterable {
        case auto, en, zh
    }

    public var language: Language
    /// Kinds to keep (nil: all).
    public var kinds: Set<FigureKind>?

    public init(language: Language = .auto, kinds: Set<FigureKind>? = nil) {
        self.language = language
        self.kinds = kinds
    }

    /// The figures of `text`, in order. `published` resolves relative periods ("last year", 今年).
    public func figures(in text: String, published: Date? = nil) -> [Figure] {
        let scalars = ScalarText(text)
        var scan = FigureScan(text: scalars, language: language)
        var candidates = scan.run()
        guard !candidates.isEmpty else { return [] }
        ScaleSections.merge(&candidates, in: scalars)
        CompoundQuantities.merge(&candidates, in: scalars)
        PercentBefore.apply(&candidates, in: scalars)
        Proportions.merge(&candidates, in: scalars)
        Ranges.propagate(&candidates, in: scalars)
        let year = published.map { Calendar.utc.component(.year, from: $0) }
        let sentences = Sentences.ranges(in: scalars)
        var figures: [Figure] = []
        var sentenceIndex = 0
        var periodCache: (sentence: Int, mentions: [PeriodMention])?
        var previousMetric: (sentence: Int, metric: String)?
        var sentenceCache: (window: Range<Int>, text: String) = (0..<0, "")
        for var candidate in candidates {
            while sentenceIndex + 1 < sentences.count, sentences[sentenceIndex].upperBound <= candidate.start { sentenceIndex += 1 }
            let sentence = sentences.isEmpty ? 0..<scalars.count : sentences[sentenceIndex]
            let window = Self.window(sentence, around: candidate)
            if sentenceCache.window != window { sentenceCache = (window, scalars.string(window)) }
            // Period mentions are read once per sentence (linear even for a sentence of megabytes).
            if periodCache?.sentence != sentenceIndex {
                periodCache = (sentenceIndex, Periods.mentions(in: scalars, range: sentence, publishedYear: year))
            }
            // Work only for figures the caller wants (a bare number may still become a count).
            if let kinds, !kinds.contains(candidate.kind), !(candidate.kind == .number && kinds.contains(.count)) { continue }
            let chinese = isChineseContext(scalars, candidate)
            var metric: String?
            if candidate.kind == .duration {
                metric = nil
            } else if candidate.kind == .count, let unit = candidate.unit, unit.unicodeScalars.allSatisfy({ Characters.isLatinLetter($0) }) {
                metric = unit
            } else if chinese {
                metric = Metrics.chinese(scalars, figureStart: candidate.qualifierStart, sentence: window)
            } else {
                metric = Metrics.english(scalars, figureStart: candidate.qualifierStart, figureEnd: candidate.end, sentence: window)
            }
            // "同比增长34.9%", "a hundredfold increase": what the previous figure measured.
            if metric == nil, let previous = previousMetric, previous.sentence == sentenceIndex, [.currency, .percent, .percentagePoints, .multiple].contains(candidate.kind) { metric = previous.metric }
            if let metric { previousMetric = (sentenceIndex, metric) }
            // "the user base reached 612 million": a count of what the metric counts.
            if candidate.kind == .number, let metric, let noun = MetricCounts.noun(ofMetric: metric, chinese: chinese) {
                candidate.kind = .count
                candidate.unit = noun
            }
            if let kinds, !kinds.contains(candidate.kind) { continue }
            figures.append(Figure(
                text: scalars.string(candidate.start..<candidate.end), start: candidate.start, end: candidate.end,
                value: Self.rounded(candidate.value), kind: candidate.kind, unit: candidate.unit, qualifier: candidate.qualifier ?? .exact,
                metric: metric, period: Self.period(for: candidate, mentions: periodCache?.mentions ?? [], window: window, text: scalars),
                sentence: sentenceCache.text))
        }
        return figures
    }

    /// The sentence, or 240 characters of it around the figure when it is longer than 600 (a
    /// "sentence" that long is a list or junk without punctuation).
    static func window(_ sentence: Range<Int>, around candidate: FigureCandidate) -> Range<Int> {
        guard sentence.count > 600 else { return sentence }
        let lower = max(sentence.lowerBound, candidate.start - 120)
        return lower..<min(sentence.upperBound, lower + 240)
    }

    private func isChineseContext(_ text: ScalarText, _ candidate: FigureCandidate) -> Bool {
        if let c = text[candidate.qualifierStart - 1], Characters.isHan(c) { return true }
        if let c = text[text.skipSpacesBackward(from: candidate.qualifierStart) - 1], Characters.isHan(c) { return true }
        return candidate.isChinese
    }

    /// The period mentioned right after the figure (joined by "in", "during"…), else the one it
    /// is inside, else the nearest before it in its sentence (window).
    static func period(for candidate: FigureCandidate, mentions: [PeriodMention], window: Range<Int>, text: ScalarText) -> String? {
        // Mentions are in text order: binary search for the first at or after the figure's end.
        var low = 0, high = mentions.count
        while low < high {
            let middle = (low + high) / 2
            if mentions[middle].start < candidate.end { low = middle + 1 } else { high = middle }
        }
        if low < mentions.count {
            let after = mentions[low]
            if after.start - candidate.end <= 12, Self.onlyConnectors(text, candidate.end..<after.start) { return after.period }
        }
        var index = low - 1
        while index >= 0 {
            let mention = mentions[index]
            if mention.end <= window.lowerBound { break }
            if mention.start <= candidate.start, mention.end >= candidate.end { return mention.period }
            if mention.end <= candidate.qualifierStart { return mention.period }
            index -= 1
        }
        return nil
    }

    private static let connectorKeys: PackedSet = PackedSet(["in", "during", "for", "of", "by", "the", "at", "as", "over", "since", "through", "throughout", "until"].map(ScalarText.pack))

    /// Whether the text between a figure and a period only joins them ("in", "during the", "（").
    static func onlyConnectors(_ text: ScalarText, _ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            let c = text.scalars[i]
            if c == " " || c == "(" || c == "（" || c == "," {
                i += 1
                continue
            }
            guard let word = text.packedWord(at: i), word.end <= range.upperBound, connectorKeys.contains(word.key) else { return false }
            i = word.end
        }
        return true
    }

    /// Twelve significant digits: 37.39 × 1e9 is 37390000000, not 37390000000.000004.
    static func rounded(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return value }
        // Whole numbers a double holds exactly stay exact (long Chinese numerals, 15-digit sums).
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return value }
        let magnitude = (abs(value)).exponent10
        let scale = pow(10, Double(11 - magnitude))
        guard scale.isFinite, scale > 0 else { return value }
        let result = (value * scale).rounded() / scale
        return result.isFinite ? result : value
    }
}

extension Double {
    /// floor(log10(self)) for positive values.
    var exponent10: Int { Int(log10(self).rounded(.down)) }
}

