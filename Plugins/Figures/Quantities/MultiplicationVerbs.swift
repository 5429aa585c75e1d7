import GleanText

/// Verbs that state a multiple without a number: "revenue doubled" (2×), "tripled", "trebled",
/// "quadrupled" … "octupled", "halved" (0.5×); 翻番 and 翻了一番 (2×), 翻两番 (4×: two doublings),
/// 翻倍, 翻了一倍 (2×), 减半 (0.5×). Each is a `multiple` figure whose span is the verb.
enum MultiplicationVerbs {
    /// English stems and their factor; the verb forms are stem + "d" and "ing" (doubled, doubling; "doubles" is as often a noun).
    static let englishStems: [(stem: String, factor: Double)] = [
        ("double", 2), ("triple", 3), ("treble", 3), ("quadruple", 4), ("quintuple", 5), ("sextuple", 6), ("septuple", 7), ("octuple", 8),
        ("halve", 0.5),
    ]
    static let englishForms: WordTable<Double> = {
        var table: [String: Double] = [:]
        for (stem, factor) in englishStems {
            let base = String(stem.dropLast())  // "doubl", "halv"
            for form in [stem + "d", base + "ing"] { table[form] = factor }
        }
        return WordTable(table.map { ($0.key, $0.value) })
    }()

    /// The verbs in `text`, as candidates, in order.
    static func candidates(in text: ScalarText, language: FigureExtractor.Language) -> [FigureCandidate] {
        var result: [FigureCandidate] = []
        var i = 0
        let n = text.count
        while i < n {
            let c = text.scalars[i]
            if language != .zh, Characters.isLatinLetter(c), i == 0 || !Characters.isLatinLetter(text.scalars[i - 1]) {
                let end = text.wordEnd(from: i)
                // Only words of the right length are looked up, by packed key (no string is built).
                if end - i >= 6, end - i <= 11, let packed = text.packedWord(at: i), let factor = englishForms[packed: packed.key] {
                    result.append(candidate(i, end, factor, chinese: false))
                }
                i = end
                continue
            }
            if language != .en, c == "翻" || c == "减" || c == "減", let (factor, end) = chinese(text, at: i) {
                result.append(candidate(i, end, factor, chinese: true))
                i = end
                continue
            }
            i += 1
        }
        return result
    }

    private static func candidate(_ start: Int, _ end: Int, _ factor: Double, chinese: Bool) -> FigureCandidate {
        FigureCandidate(start: start, end: end, qualifierStart: start, value: factor, kind: .multiple, unit: "x", qualifier: nil, factor: 1, isChinese: chinese)
    }

    /// 翻番, 翻了一番, 翻两番, 翻了三番 (2^n), 翻倍, 翻了一倍, 减半.
    private static func chinese(_ text: ScalarText, at i: Int) -> (Double, Int)? {
        if text.scalars[i] != "翻" {
            return text[i + 1] == "半" ? (0.5, i + 2) : nil
        }
        var j = i + 1
        if text[j] == "了" { j += 1 }
        if text[j] == "番" || text[j] == "倍" { return (2, j + 1) }
        guard let c = text[j], let n = ChineseNumerals.digit(c) ?? Characters.digit(c), n >= 1, n <= 10 else { return nil }
        if text[j + 1] == "番" { return (Double(1 << n), j + 2) }
        // 翻了一倍 is a doubling; 翻了三倍 is read both as 3× and 4×, so it is left alone.
        if n == 1, text[j + 1] == "倍" { return (2, j + 2) }
        return nil
    }

    /// Adds the verbs that do not overlap a figure already found.
    static func add(_ verbs: [FigureCandidate], to candidates: inout [FigureCandidate]) {
        guard !verbs.isEmpty else { return }
        var merged: [FigureCandidate] = []
        merged.reserveCapacity(candidates.count + verbs.count)
        var v = 0
        for candidate in candidates {
            while v < verbs.count, verbs[v].end <= candidate.start {
                if merged.last.map({ $0.end <= verbs[v].start }) ?? true { merged.append(verbs[v]) }
                v += 1
            }
            while v < verbs.count, verbs[v].start < candidate.end { v += 1 }
            merged.append(candidate)
        }
        while v < verbs.count {
            if merged.last.map({ $0.end <= verbs[v].start }) ?? true { merged.append(verbs[v]) }
            v += 1
        }
        candidates = merged
    }
}
