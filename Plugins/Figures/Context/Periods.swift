import GleanText
/// Periods a figure is about: explicit years (`2024`), halves (`2025-H1`), quarters (`2023-Q3`),
/// months (`2025-07`), ranges (`2022/2024`) and relative years (last year, 今年…) resolved against
/// the record's published year. A relative expression without a published date gives no period.
struct PeriodMention {
    var start: Int
    var end: Int
    var period: String
}

enum Periods {
    static let monthNames: WordTable<Int> = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9,
        "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
        "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    ]
    static let ordinalWords: WordTable<Int> = ["first": 1, "second": 2, "third": 3, "fourth": 4]
    /// Packed words that can start an English period ("last year", "first half", "July 2025", "from 2022").
    static let starterKeys: PackedSet = PackedSet((["last", "this", "next", "the", "a", "from"] + Array(ordinalWords.keys) + Array(monthNames.keys)).map(ScalarText.pack))

    /// Every period mention in `range` of the text.
    static func mentions(in text: ScalarText, range: Range<Int>, publishedYear: Int?) -> [PeriodMention] {
        var found: [PeriodMention] = []
        var i = range.lowerBound
        // The year the sentence is about, for 上半年 / "the first half" without a year.
        var contextYear = publishedYear
        for k in range where k + 4 <= range.upperBound && Characters.isDigit(text.scalars[k]) {
            if let year = year(text, at: k) {
                contextYear = year.value
                break
            }
        }
        while i < range.upperBound {
            let c = text.scalars[i]
            // Cheap checks first: most characters cannot start a period.
            if Characters.isLatinLetter(c) {
                guard let word = text.packedWord(at: i) else {
                    while i < range.upperBound, Characters.isLatinLetter(text.scalars[i]) { i += 1 }
                    continue
                }
                if !starterKeys.contains(word.key), !((c == "H" || c == "Q") && word.end == i + 1) {
                    i = word.end
                    continue
                }
            } else if !Characters.isDigit(c), !isChineseStart(c) {
                i += 1
                continue
            }
            if let mention = mention(text, at: i, limit: range.upperBound, contextYear: contextYear, publishedYear: publishedYear) {
                found.append(mention)
                i = mention.end
            } else {
                i += 1
            }
        }
        return found
    }

    /// A four-digit year 1900–2100 at `i`, standing alone as digits.
    static func year(_ text: ScalarText, at i: Int) -> (value: Int, end: Int)? {
        guard let c = text[i], Characters.isDigit(c), !(text[i - 1].map { Characters.isDigit($0) || $0 == "." || $0 == "," } ?? false) else { return nil }
        var value = 0
        for k in 0..<4 {
            guard let c = text[i + k], let d = Characters.digit(c) else { return nil }
            value = value * 10 + d
        }
        if let after = text[i + 4], Characters.isDigit(after) || Characters.isLatinLetter(after) && !(after == "s" && !text.isWordEnd(i + 5)) { return nil }
        if let after = text[i + 4], after == "." || after == ",", let next = text[i + 5], Characters.isDigit(next) { return nil }
        guard value >= 1900, value <= 2100 else { return nil }
        return (value, i + 4)
    }

    static let englishRelative: [(pattern: [Unicode.Scalar], offset: Int)] = [
        ("last year", -1), ("this year", 0), ("next year", 1), ("the previous year", -1), ("the year before", -1), ("a year earlier", -1), ("a year ago", -1),
    ].map { (Array($0.0.unicodeScalars), $0.1) }
    static let chineseRelative: [(pattern: [Unicode.Scalar], offset: Int)] = [
        ("去年", -1), ("上年", -1), ("今年", 0), ("本年", 0), ("明年", 1), ("前年", -2),
    ].map { (Array($0.0.unicodeScalars), $0.1) }
    /// Characters that can start a Chinese period (relative years, halves, quarters, months).
    static func isChineseStart(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "去", "上", "今", "本", "明", "前", "下", "第", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十": return true
        default: return false
        }
    }

    private static func mention(_ text: ScalarText, at i: Int, limit: Int, contextYear: Int?, publishedYear: Int?) -> PeriodMention? {
        guard let c = text[i] else { return nil }
        let latin = Characters.isLatinLetter(c)
        if latin, i > 0, Characters.isLatinLetter(text.scalars[i - 1]) { return nil }
        if !latin, !Characters.isDigit(c), !isChineseStart(c) { return nil }
        // Relative years.
        if latin, c == "l" || c == "t" || c == "n" || c == "a" || c == "L" || c == "T" || c == "N" || c == "A" {
            for (pattern, offset) in englishRelative where text.matches(pattern, at: i) && text.isWordEnd(i + pattern.count) {
                guard let publishedYear else { return nil }
                return PeriodMention(start: i, end: i + pattern.count, period: String(publishedYear + offset))
            }
        }
        for (pattern, offset) in chineseRelative where !latin && text.matches(pattern, at: i) {
            let end = i + pattern.count
            guard let publishedYear else { return nil }
            let year = publishedYear + offset
            if let part = chinesePart(text, at: end, year: year) { return PeriodMention(start: i, end: part.end, period: part.period) }
            return PeriodMention(start: i, end: end, period: String(year))
        }
        // Years, with what follows them.
        if Characters.isDigit(c), let (yearValue, yearEnd) = year(text, at: i) {
            var end = yearEnd
            if let next = text[end], next == "年" {
                end += 1
                if let part = chinesePart(text, at: end, year: yearValue) { return PeriodMention(start: i, end: part.end, period: part.period) }
                // 2022年至2024年, 2022-2024年.
                if let range = yearRange(text, from: end, startYear: yearValue) { return PeriodMention(start: i, end: range.end, period: range.period) }
                return PeriodMention(start: i, end: end, period: String(yearValue))
            }
            if let range = yearRange(text, from: end, startYear: yearValue) { return PeriodMention(start: i, end: range.end, period: range.period) }
            // "2025 H1", "2023 Q3".
            let k = text.skipSpaces(from: end)
            if let letter = text[k], letter == "H" || letter == "Q", let digit = text[k + 1].flatMap(Characters.digit), text.isWordEnd(k + 2) {
                return PeriodMention(start: i, end: k + 2, period: "\(yearValue)-\(Character(letter))\(digit)")
            }
            // "from 2022 to 2024" is read at "from"; a year on its own.
            return PeriodMention(start: i, end: end, period: String(yearValue))
        }
        // English: "H1 2025", "Q3 2023", "first half of 2025", "the third quarter of 2023", "July 2025".
        if c == "H" || c == "Q", let digit = text[i + 1].flatMap(Characters.digit), text.isWordEnd(i + 2), i == 0 || text.isWordEnd(i - 1) {
            let k = text.skipSpaces(from: i + 2)
            let year = self.year(text, at: k)
            guard let y = year?.value ?? contextYear else { return nil }
            return PeriodMention(start: i, end: year?.end ?? i + 2, period: "\(y)-\(Character(c))\(digit)")
        }
        if Characters.isLatinLetter(c), i == 0 || text.isWordEnd(i - 1), let (word, wordEnd) = text.word(at: i) {
            if word == "from", let range = fromToRange(text, after: wordEnd) { return PeriodMention(start: i, end: range.end, period: range.period) }
            if let ordinal = ordinalWords[word] {
                let k = text.skipSpaces(from: wordEnd)
                if let (part, partEnd) = text.word(at: k), part == "half" || part == "quarter", ordinal <= (part == "half" ? 2 : 4) {
                    var end = partEnd
                    var year = contextYear
                    let m = text.skipSpaces(from: partEnd)
                    if let (of, ofEnd) = text.word(at: m), of == "of" || of == "in" {
                        let y = text.skipSpaces(from: ofEnd)
                        if let explicit = self.year(text, at: y) {
                            year = explicit.value
                            end = explicit.end
                        }
                    }
                    guard let year else { return nil }
                    return PeriodMention(start: i, end: end, period: "\(year)-\(part == "half" ? "H" : "Q")\(ordinal)")
                }
            }
            if let month = monthNames[word], word.count >= 3 {
                var k = text.skipSpaces(from: wordEnd)
                if text[k] == "." { k = text.skipSpaces(from: k + 1) }
                if let explicit = year(text, at: k) {
                    return PeriodMention(start: i, end: explicit.end, period: String(format2: explicit.value, month))
                }
            }
        }
        // Chinese without a year: 上半年, 三季度, 7月.
        if Characters.isHan(c) || Characters.isDigit(c), let year = contextYear, let part = chinesePart(text, at: i, year: year) {
            return PeriodMention(start: i, end: part.end, period: part.period)
        }
        return nil
    }

    /// 上半年 / 下半年 / 一季度 / 第三季度 / 前三季度 / 7月 after a year.
    private static func chinesePart(_ text: ScalarText, at i: Int, year: Int) -> (period: String, end: Int)? {
        if text.matches("上半年", at: i) { return ("\(year)-H1", i + 3) }
        if text.matches("下半年", at: i) { return ("\(year)-H2", i + 3) }
        var j = i
        var cumulative = false
        if text[j] == "第" { j += 1 }
        else if text[j] == "前" { cumulative = true; j += 1 }
        if let c = text[j], let q = ChineseNumerals.digit(c) ?? Characters.digit(c), (1...4).contains(q) {
            if text.matches("季度", at: j + 1) { return (cumulative ? "\(year)-Q1/\(year)-Q\(q)" : "\(year)-Q\(q)", j + 3) }
            if text[j + 1] == "季", text[j + 2] != "节" { return ("\(year)-Q\(q)", j + 2) }
        }
        // Months: 7月, 12月, 七月.
        var month = 0
        var k = i
        while let c = text[k], let d = Characters.digit(c), k - i < 2 {
            month = month * 10 + d
            k += 1
        }
        if k == i, let c = text[k], let d = ChineseNumerals.digit(c) {
            month = d
            k += 1
            if text[k] == "十" || text[k] == "拾" {
                month = d * 10
                k += 1
                if let c2 = text[k], let d2 = ChineseNumerals.digit(c2) { month += d2; k += 1 }
            }
        } else if k == i, text[k] == "十" {
            month = 10
            k += 1
            if let c2 = text[k], let d2 = ChineseNumerals.digit(c2) { month += d2; k += 1 }
        }
        if k > i, (1...12).contains(month), text[k] == "月", text[k + 1] != "份" || true {
            var end = k + 1
            if text[end] == "份" { end += 1 }
            return (String(format2: year, month), end)
        }
        return nil
    }

    /// "-2024", "–2024", "至2024年", "到2024年" after a year.
    private static func yearRange(_ text: ScalarText, from i: Int, startYear: Int) -> (period: String, end: Int)? {
        var j = i
        guard let c = text[j] else { return nil }
        if Characters.isRangeDash(c) || c == "至" || c == "到" {
            j += 1
        } else {
            return nil
        }
        j = text.skipSpaces(from: j)
        guard let end = year(text, at: j), end.value > startYear else { return nil }
        var stop = end.end
        if text[stop] == "年" { stop += 1 }
        return ("\(startYear)/\(end.value)", stop)
    }

    /// "from 2022 to 2024" (after "from").
    private static func fromToRange(_ text: ScalarText, after i: Int) -> (period: String, end: Int)? {
        let j = text.skipSpaces(from: i)
        guard let first = year(text, at: j) else { return nil }
        let k = text.skipSpaces(from: first.end)
        guard let (to, toEnd) = text.word(at: k), to == "to" || to == "through" || to == "until" else { return nil }
        let m = text.skipSpaces(from: toEnd)
        guard let second = year(text, at: m), second.value > first.value else { return nil }
        return ("\(first.value)/\(second.value)", second.end)
    }
}

extension String {
    /// `2025-07`.
    init(format2 year: Int, _ month: Int) {
        self = "\(year)-" + (month < 10 ? "0\(month)" : "\(month)")
    }
}
