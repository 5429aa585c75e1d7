import GleanText
/// Chinese numerals: 一…九, 十, 百, 千, 万, 亿, 两, 零, 〇, financial 壹贰叁…, traditional forms,
/// decimals with 点, fractions with 分之 (百分之三十 is a percent), mixed numbers with 又, 负 for
/// negatives, 几/余/多 as "some" (一百零几万 → 1,000,000, read as at least).
enum ChineseNumerals {
    /// Digit values, including financial and traditional forms.
    static func digit(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "零", "〇", "○": return 0
        case "一", "壹", "弌": return 1
        case "二", "贰", "貳", "两", "兩", "弍": return 2
        case "三", "叁", "參", "弎": return 3
        case "四", "肆": return 4
        case "五", "伍": return 5
        case "六", "陆", "陸": return 6
        case "七", "柒": return 7
        case "八", "捌": return 8
        case "九", "玖": return 9
        default: return nil
        }
    }

    /// Units inside a section (十, 百, 千).
    static func smallUnit(_ c: Unicode.Scalar) -> Double? {
        switch c {
        case "十", "拾": return 10
        case "百", "佰": return 100
        case "千", "仟": return 1000
        default: return nil
        }
    }

    /// Section units (万, 亿).
    static func largeUnit(_ c: Unicode.Scalar) -> Double? {
        switch c {
        case "万", "萬": return 1e4
        case "亿", "億": return 1e8
        default: return nil
        }
    }

    /// 兆 as 10¹² (the traditional reading Recognizers-Text follows), but not in units such as
    /// 兆瓦 (megawatt) or 兆字节 (megabyte).
    static func isTrillion(_ text: ScalarText, at i: Int) -> Bool {
        guard text[i] == "兆" else { return false }
        guard let next = text[i + 1] else { return true }
        return !"瓦字赫帕伏欧比焦".unicodeScalars.contains(next)
    }

    /// Financial forms, which are ordinary characters in words (退伍, 大陆) unless next to numerals.
    static func isFinancialOnly(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "壹", "贰", "貳", "叁", "參", "肆", "伍", "陆", "陸", "柒", "捌", "玖", "拾", "佰", "仟": return true
        default: return false
        }
    }

    /// 廿 (20), 卅 (30), 卌 (40): a digit and 十 in one character (廿三 = 23).
    static func tens(_ c: Unicode.Scalar) -> Double? {
        switch c {
        case "廿": return 20
        case "卅": return 30
        case "卌": return 40
        default: return nil
        }
    }

    static func isNumeral(_ c: Unicode.Scalar) -> Bool {
        digit(c) != nil || smallUnit(c) != nil || largeUnit(c) != nil || tens(c) != nil || c == "几" || c == "幾" || c == "兆"
    }

    /// Parses a Chinese numeral at `i` (possibly after 负, or a 百分之 / X分之 fraction).
    static func parse(_ text: ScalarText, at i: Int) -> NumberCore? {
        var j = i
        var negative = false
        if let c = text[j], c == "负" || c == "負" {
            negative = true
            j += 1
        }
        // 百分之X, 千分之X, 万分之X.
        for (prefix, scale) in [("百分之", 1.0), ("佰分之", 1.0), ("千分之", 0.1), ("仟分之", 0.1), ("万分之", 0.01), ("萬分之", 0.01)] {
            if let end = matchSpaced(text, prefix, at: j), let rest = fractionPart(text, at: end) {
                let value = rest.value * scale * (negative ? -1 : 1)
                return NumberCore(start: i, end: rest.end, value: value, style: .chinese, kind: .percent)
            }
        }
        guard var whole = integerOrDecimal(text, at: j) else { return nil }
        var end = whole.end
        // X分之Y: Y / X; 万分之三, 百万分之五 (a bare power of ten) are percents.
        if let afterFen = matchSpaced(text, "分之", at: text.skipSpaces(from: end)), let numerator = fractionPart(text, at: afterFen), whole.value != 0 {
            let bare = text[j].map { smallUnit($0) != nil || largeUnit($0) != nil } ?? false
            if bare, whole.value >= 1000 {
                return NumberCore(start: i, end: numerator.end, value: numerator.value / whole.value * 100 * (negative ? -1 : 1), style: .chinese, kind: .percent)
            }
            whole.value = numerator.value / whole.value
            end = numerator.end
        } else if let mixed = mixedFraction(after: end, in: text) {
            // 三又三分之一, 三百五十又3分之1.
            whole.value += mixed.value
            end = mixed.end
        }
        var core = NumberCore(start: i, end: end, value: negative ? -whole.value : whole.value, style: .chinese)
        core.qualifier = whole.some ? .atLeast : nil
        return core
    }

    /// "分之Y" after a denominator: Y / denominator, and the end.
    static func fraction(denominator: Double, after i: Int, in text: ScalarText) -> (value: Double, end: Int)? {
        guard denominator != 0, let afterFen = matchSpaced(text, "分之", at: text.skipSpaces(from: i)), let numerator = fractionPart(text, at: afterFen) else { return nil }
        return (numerator.value / denominator, numerator.end)
    }

    /// "又X分之Y" after a whole number: Y / X.
    static func mixedFraction(after i: Int, in text: ScalarText) -> (value: Double, end: Int)? {
        guard let afterYou = matchSpaced(text, "又", at: text.skipSpaces(from: i)) else { return nil }
        let j = text.skipSpaces(from: afterYou)
        let denominator: (value: Double, end: Int)?
        if let c = text[j], Characters.isDigit(c), let digits = DigitNumbers.parse(text, at: j) {
            denominator = (digits.value, digits.end)
        } else if let chinese = integerOrDecimal(text, at: j) {
            denominator = (chinese.value, chinese.end)
        } else {
            denominator = nil
        }
        guard let denominator else { return nil }
        return fraction(denominator: denominator.value, after: denominator.end, in: text)
    }

    /// A numerator after 分之: Chinese or Arabic, possibly negative.
    private static func fractionPart(_ text: ScalarText, at i: Int) -> (value: Double, end: Int)? {
        let j = text.skipSpaces(from: i)
        var negative = false
        var k = j
        if let c = text[k], c == "负" || c == "負" {
            negative = true
            k += 1
        }
        if let c = text[k], Characters.isDigit(c), let digits = DigitNumbers.parse(text, at: k) {
            return (negative ? -digits.value : digits.value, digits.end)
        }
        guard let parsed = integerOrDecimal(text, at: k) else { return nil }
        return (negative ? -parsed.value : parsed.value, parsed.end)
    }

    /// `literal` at `i`, allowing single spaces between its characters ("分  之").
    private static func matchSpaced(_ text: ScalarText, _ literal: String, at i: Int) -> Int? {
        var j = i
        for (n, expected) in literal.unicodeScalars.enumerated() {
            if n > 0 { j = text.skipSpaces(from: j) }
            guard let c = text[j], c == expected else { return nil }
            j += 1
        }
        return j
    }

    /// An integer with units and an optional 点 decimal part.
    private static func integerOrDecimal(_ text: ScalarText, at i: Int) -> (value: Double, end: Int, some: Bool)? {
        var zhao = 0.0, yi = 0.0, wan = 0.0, section = 0.0
        var pending: Double?          // a digit not yet multiplied by a unit
        var positional: Double?       // consecutive digits before any unit (二〇二四, 九九)
        var sawUnit = false
        var smallLimit = 1e4          // a small unit must be below the previous one in its section
        var lastUnit = 1.0            // the last unit (for 一百五 = 150, 九十二萬四 = 924,000)
        var previousWasUnit = false
        var abbreviates = false       // the pending digit directly follows a unit
        var some = false
        var count = 0
        var j = i
        var end = i
        while let c = text[j] {
            let isSome = c == "几" || c == "幾"
            // 两 closing a number is the weight unit liang (二两, 三千两百两), not a digit.
            if c == "两" || c == "兩", count > 0, !(text[j + 1].map(isNumeral) ?? false) { break }
            if let d = digit(c) ?? (isSome ? 0 : nil) {
                if isSome { some = true }
                if pending != nil, !sawUnit {
                    positional = (positional ?? pending!) * 10 + Double(d)
                } else if pending != nil, !previousWasUnit, digit(text[j - 1] ?? " ") != 0 {
                    break
                }
                abbreviates = previousWasUnit && d != 0
                pending = Double(d)
                previousWasUnit = false
            } else if let unit = smallUnit(c) {
                guard positional == nil, unit < smallLimit else { break }
                // 一百零十万: a unit after 零 has an implicit one.
                section += (pending == nil || pending == 0 ? 1 : pending!) * unit
                pending = nil
                smallLimit = unit
                lastUnit = unit
                sawUnit = true
                previousWasUnit = true
            } else if let tens = tens(c) {
                guard positional == nil, pending == nil || pending == 0, 10 < smallLimit else { break }
                section += tens
                pending = nil
                smallLimit = 10
                lastUnit = 10
                sawUnit = true
                previousWasUnit = true
            } else if isTrillion(text, at: j) {
                guard positional == nil, count > 0, zhao == 0 else { break }
                zhao = (yi + wan + section + (pending ?? 0)) * 1e12
                yi = 0
                wan = 0
                section = 0
                pending = nil
                smallLimit = 1e4
                lastUnit = 1e12
                sawUnit = true
                previousWasUnit = true
            } else if let unit = largeUnit(c) {
                guard positional == nil, count > 0 else { break }
                if unit == 1e4 {
                    guard wan == 0 else { break }
                    wan = (section + (pending ?? 0)) * 1e4
                    guard wan > 0 || some else { break }
                } else {
                    yi = (yi + wan + section + (pending ?? 0)) * 1e8
                    guard yi > 0 || some else { break }
                    wan = 0
                }
                section = 0
                pending = nil
                smallLimit = 1e4
                lastUnit = unit
                sawUnit = true
                previousWasUnit = true
            } else {
                break
            }
            count += 1
            j += 1
            end = j
            // Single spaces between numerals ("壹百 二 十 幾億").
            let next = text.skipSpaces(from: j, limit: 2)
            if next > j, let c2 = text[next], isNumeral(c2) { j = next }
        }
        guard count > 0 else { return nil }
        var value: Double
        if let positional {
            value = positional
        } else {
            var tail = pending ?? 0
            if let p = pending, abbreviates, lastUnit > 1 { tail = p * lastUnit / 10 }
            value = zhao + yi + wan + section + tail
        }
        // Decimals: 点 followed by digits.
        let pointAt = text.skipSpaces(from: end, limit: 2)
        if let point = text[pointAt], point == "点" || point == "點" {
            let k = text.skipSpaces(from: pointAt + 1, limit: 2)
            if let first = text[k], digit(first) != nil {
                var decimals = DecimalDigits()
                var m = k
                while let c = text[m], let d = digit(c) {
                    decimals.append(d)
                    m += 1
                    let next = text.skipSpaces(from: m, limit: 2)
                    if next > m, let c2 = text[next], digit(c2) != nil { m = next }
                }
                value = decimals.adding(to: value)
                end = m
            }
        }
        return (value, end, some)
    }
}
