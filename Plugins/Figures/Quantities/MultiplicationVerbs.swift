import GleanText

/// Verbs that state a multiple without a number: "revenue doubled" (2×), "tripled", "trebled",
/// "quadrupled" … "octupled", "halved" (0.5×); 翻番 and 翻了一番 (2×), 翻两番 (4×: two doublings),
/// 翻倍, 翻了一倍 (2×), 减半 (0.5×). Each is a `multiple` figure whose span is the verb; the scan
/// asks here at each English word that cannot start a number and at 翻, 减 and 減.
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

    /// The English verb whose packed key (``ScalarText/packedWord(at:)``) is `key`, as a candidate.
    static func english(key: UInt64, start: Int, end: Int) -> FigureCandidate? {
        englishForms[packed: key].map { candidate(start, end, $0, chinese: false) }
    }

    /// The Chinese verb starting at `i` (at 翻, 减 or 減), as a candidate.
    static func chinese(_ text: ScalarText, at i: Int) -> FigureCandidate? {
        chineseFactor(text, at: i).map { candidate(i, $0.end, $0.factor, chinese: true) }
    }

    private static func candidate(_ start: Int, _ end: Int, _ factor: Double, chinese: Bool) -> FigureCandidate {
        FigureCandidate(start: start, end: end, qualifierStart: start, value: factor, kind: .multiple, unit: "x", qualifier: nil, factor: 1, isChinese: chinese)
    }

    /// 翻番, 翻了一番, 翻两番, 翻了三番 (2^n), 翻倍, 翻了一倍, 减半.
    private static func chineseFactor(_ text: ScalarText, at i: Int) -> (factor: Double, end: Int)? {
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
}
