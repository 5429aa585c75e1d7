import GleanText
/// Magnitude words after a number: thousand, million, billion, trillion, hundred; k, m, mn, bn,
/// tn; 十, 百, 千, 万, 亿 and their compounds (千万, 百亿, 千亿, 万亿), with 余/多 before them
/// (500余万) and chained sections (1亿5000万, 7万 5千 4百).
enum Magnitudes {
    struct Match {
        var factor: Double
        var end: Int
        /// Chained sections add this after multiplying (1亿5000万: 1 × 1e8 + 5e7).
        var addend: Double = 0
        var qualifier: FigureQualifier?
        var isChinese = false
    }

    static let englishScales: WordTable<Double> = [
        "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12, "dozens": 12, "dz": 12, "dzs": 12, "doz": 12, "lakh": 1e5, "lakhs": 1e5,
        "crore": 1e7, "crores": 1e7,
    ]

    /// Letter suffixes (`10k`, `3.5bn`). `m`/`b` alone only when `money` (a currency is near) or
    /// written in capitals: "100m" on its own is a distance.
    static func letterSuffix(_ word: String, original: String, money: Bool) -> Double? {
        switch word {
        case "k": return 1e3
        case "mn", "mln", "mio": return 1e6
        case "bn", "bln": return 1e9
        case "tn", "trn", "tln": return 1e12
        case "m": return money || original == "M" ? 1e6 : nil
        case "mm": return money && original == "MM" ? 1e6 : nil
        case "b": return 1e9
        default: return nil
        }
    }

    /// The magnitude after a number ending at `i`, or nil.
    static func parse(_ text: ScalarText, after i: Int, style: NumberCore.Style, money: Bool) -> Match? {
        // After Chinese numerals only 万 and 亿 multiply (五十千 is not 50,000).
        if let chinese = chineseMagnitude(text, at: i, allowSmall: style != .chinese) { return chineseChain(text, chinese) }
        guard style != .chinese else { return nil }
        // Letters fused ("10k", "1.2b") or two-letter ones after a space ("1.2 bn").
        let j = text.skipSpaces(from: i, limit: 2)
        if let (word, end) = text.word(at: j), text.isWordEnd(end) {
            if style == .digits, j == i || word.count >= 2 || word == "k" || word == "m" && money, let factor = letterSuffix(word, original: text.string(j..<end), money: money) {
                return Match(factor: factor, end: end)
            }
            if j > i, let scale = englishScales[word], style == .digits {
                // "2 million", "322 hundred", "3.5 billion", also "1.5 million gallon".
                var match = Match(factor: scale, end: end)
                // "two hundred million": chained scales.
                let k = text.skipSpaces(from: end, limit: 2)
                if k > end, let (next, nextEnd) = text.word(at: k), let more = englishScales[next], more > scale, text.isWordEnd(nextEnd) {
                    match.factor *= more
                    match.end = nextEnd
                }
                // "3 hundred and 21".
                let n = text.skipSpaces(from: match.end, limit: 2)
                // Not "3 hundred and 2 hundred": two numbers.
                if scale == 100, text.matches("and ", at: n), let c = text[n + 4], Characters.isDigit(c), let rest = DigitNumbers.parse(text, at: n + 4), rest.isPlainInteger, rest.value < 100,
                   !(text.word(at: text.skipSpaces(from: rest.end, limit: 2)).map { englishScales[$0.word] != nil } ?? false) {
                    match.addend = rest.value
                    match.end = rest.end
                    return match
                }
                // "3 million and a half".
                let m = text.skipSpaces(from: match.end, limit: 2)
                if text.matches("and a half", at: m), text.isWordEnd(m + 10) {
                    match.addend = match.factor / 2
                    match.end = m + 10
                }
                return match
            }
        }
        return nil
    }

    /// 十/百/千 optionally followed by 万/亿, or 万/亿/万亿 alone, with 余/多/几 before them.
    private static func chineseMagnitude(_ text: ScalarText, at i: Int, allowSmall: Bool = true) -> Match? {
        var j = text.skipSpaces(from: i, limit: 2)
        var qualifier: FigureQualifier?
        if let c = text[j], c == "余" || c == "多" || c == "餘" {
            qualifier = .over
            j += 1
        }
        var factor = 1.0
        var sawAny = false
        if allowSmall, let c = text[j], let small = ChineseNumerals.smallUnit(c), !(text[j + 1].map(Self.isMetricAfterThousand) ?? false) {
            factor *= small
            j += 1
            sawAny = true
        }
        var sawLarge = false
        while let c = text[j], let large = ChineseNumerals.largeUnit(c) {
            // 万亿 = 1e12; 亿万 is not a magnitude.
            if sawLarge, large <= factor { break }
            factor *= large
            j += 1
            sawAny = true
            sawLarge = true
        }
        // "30多家": the qualifier alone, before a classifier.
        if !sawAny, qualifier != nil, let c = text[j], Characters.isHan(c) { return Match(factor: 1, end: j, qualifier: qualifier, isChinese: true) }
        guard sawAny else { return nil }
        return Match(factor: factor, end: j, qualifier: qualifier, isChinese: true)
    }

    /// 千克, 千米, 千瓦, 百分: units and words that start like a magnitude.
    private static func isMetricAfterThousand(_ c: Unicode.Scalar) -> Bool {
        c == "克" || c == "米" || c == "瓦" || c == "卡" || c == "帕" || c == "字" || c == "分" || c == "兆" || c == "伏"
    }

    /// 1亿5000万, 7万 5千 4百: more sections after a Chinese magnitude, each smaller.
    private static func chineseChain(_ text: ScalarText, _ first: Match) -> Match {
        var match = first
        var limit = first.factor
        while true {
            var j = text.skipSpaces(from: match.end, limit: 2)
            let zero = text[j] == "零"
            if zero { j += 1 }
            guard let c = text[j], Characters.isDigit(c), let number = DigitNumbers.parse(text, at: j), number.isPlainInteger || number.value != number.value.rounded() else { break }
            if let next = chineseMagnitude(text, at: number.end), next.factor < limit, next.qualifier == nil {
                match.addend += number.value * next.factor
                match.end = next.end
                limit = next.factor
                continue
            }
            // 3千5百万: the small unit belongs to this section, the 万 after it to the whole.
            if let c = text[number.end], let small = ChineseNumerals.smallUnit(c), small < limit, let after = text[number.end + 1], ChineseNumerals.largeUnit(after) != nil {
                match.addend += number.value * small
                match.end = number.end + 1
                limit = small
                continue
            }
            // "3万4000", "1千零20": plain digits below the last magnitude, written right after it.
            if j == match.end + (zero ? 1 : 0), number.isPlainInteger, number.value < limit, !(text[number.end].map { Characters.isDigit($0) || $0 == "." } ?? false) {
                match.addend += number.value
                match.end = number.end
            }
            break
        }
        // 3千零50万, 3千5百万: sections below 万 written before 万 or 亿 multiply by it.
        if first.factor < 1e4, let c = text[match.end], let large = ChineseNumerals.largeUnit(c), !(text[match.end + 1].map { ChineseNumerals.largeUnit($0) != nil } ?? false) {
            match.factor *= large
            match.addend *= large
            match.end += 1
        }
        return match
    }
}
