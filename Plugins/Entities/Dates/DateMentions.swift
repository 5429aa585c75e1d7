import Foundation
import GleanText

/// DATE entities in English and Chinese, normalised to ISO 8601 (`2025-07-21`, `2025-07`,
/// `2025`); relative ones ("yesterday", "last year", 去年, 7月21日 without a year) resolve
/// against the published date and keep their text as `normalized` without one.
///
/// Read: ISO and slashed dates (2025-07-21, 2025/7/21); "July 21, 2025", "21 July 2025",
/// "July 2025", "July 21"; weekdays (the last one on or before the published date); a year after in/since/by/until/from/during/before/after/through
/// ("in 2024"); yesterday/today/tomorrow, last/this/next year/month/week; Chinese
/// 2024年7月21日, 2024年7月, 2024年, 二〇二四年, 7月21日, 去年/今年/明年/前年, 昨天/今天/明天,
/// 上月/本月/下月, 上半年/下半年 (normalised to the year).
package enum DateMentions {
    package static func find(in text: ScalarText, published: Date?, english: Bool, chinese: Bool) -> [Entity] {
        var found: [Entity] = []
        let now = published.map { Calendar.utc.dateComponents([.year, .month, .day], from: $0) }
        var i = 0
        let n = text.count
        while i < n {
            let c = text.scalars[i]
            if Characters.isDigit(c) || chinese && chineseDigit(c) != nil {
                // Only at the start of a number.
                if i > 0, Characters.isDigit(text.scalars[i - 1]) || text.scalars[i - 1] == "." || chineseDigit(text.scalars[i - 1]) != nil {
                    i += 1
                    continue
                }
                if let match = numeric(text, i, now: now, english: english, chinese: chinese) {
                    found.append(match)
                    i = match.end
                    continue
                }
            } else if english, Characters.isLatinLetter(c), i == 0 || !Characters.isLatinLetter(text.scalars[i - 1]) {
                if let match = englishWords(text, i, now: now) {
                    found.append(match)
                    i = match.end
                    continue
                }
                i = text.wordEnd(from: i)
                continue
            } else if chinese, Characters.isHan(c), let match = chineseRelative(text, i, now: now) {
                found.append(match)
                i = match.end
                continue
            }
            i += 1
        }
        return found
    }

    // MARK: Numbers first

    private static func number(_ text: ScalarText, _ i: Int, maxDigits: Int, chinese: Bool) -> (value: Int, end: Int)? {
        var value = 0, j = i
        while j < text.count, j - i < maxDigits {
            let c = text.scalars[j]
            if let d = Characters.digit(c) { value = value * 10 + d } else if chinese, let d = chineseDigit(c) { value = value * 10 + d } else { break }
            j += 1
        }
        guard j > i, j >= text.count || (Characters.digit(text.scalars[j]) == nil && (!chinese || chineseDigit(text.scalars[j]) == nil)) else { return nil }
        return (value, j)
    }

    private static func chineseDigit(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "〇", "零": return 0
        case "一": return 1
        case "二": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    private static func iso(_ year: Int?, _ month: Int?, _ day: Int?) -> String? {
        guard let year, (1000...2999).contains(year) else { return nil }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        guard let month else { return pad(year, 4) }
        guard (1...12).contains(month) else { return nil }
        guard let day else { return pad(year, 4) + "-" + pad(month, 2) }
        guard (1...31).contains(day) else { return nil }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    private static func entity(_ text: ScalarText, _ start: Int, _ end: Int, _ normalized: String?) -> Entity {
        let string = text.string(start..<end)
        return Entity(text: string, start: start, end: end, type: .date, normalized: normalized ?? string)
    }

    private static func numeric(_ text: ScalarText, _ i: Int, now: DateComponents?, english: Bool, chinese: Bool) -> Entity? {
        let arabic = Characters.isDigit(text.scalars[i])
        guard let first = number(text, i, maxDigits: 4, chinese: !arabic) else { return nil }
        let separator = text[first.end]
        // 2025-07-21, 2025/7/21, 2025.07.21
        if arabic, first.end - i == 4, let s = separator, s == "-" || s == "/" || s == ".",
           let month = number(text, first.end + 1, maxDigits: 2, chinese: false), text[month.end] == s,
           let day = number(text, month.end + 1, maxDigits: 2, chinese: false),
           let normalized = iso(first.value, month.value, day.value) {
            if let after = text[day.end], Characters.isDigit(after) || Characters.isLatinLetter(after) { return nil }
            return entity(text, i, day.end, normalized)
        }
        if chinese, separator == "年", first.end - i == 4 || first.end - i == 2 && arabic == false {
            let year = first.end - i == 4 ? first.value : nil
            guard let year else { return nil }
            var end = first.end + 1
            var month: Int?, day: Int?
            if let m = number(text, end, maxDigits: 2, chinese: false) ?? chineseSmall(text, end), text[m.end] == "月" {
                month = m.value
                end = m.end + 1
                if let d = number(text, end, maxDigits: 2, chinese: false) ?? chineseSmall(text, end), text[d.end] == "日" || text[d.end] == "号" {
                    day = d.value
                    end = d.end + 1
                }
            } else if text.matches("上半年", at: end) || text.matches("下半年", at: end) {
                end += 3
            }
            guard let normalized = iso(year, month, day) else { return nil }
            return entity(text, i, end, normalized)
        }
        if chinese, arabic, first.end - i <= 2, separator == "月" {
            let month = first.value
            var end = first.end + 1
            var day: Int?
            if let d = number(text, end, maxDigits: 2, chinese: false), text[d.end] == "日" || text[d.end] == "号" {
                day = d.value
                end = d.end + 1
            } else if text.matches("份", at: end) {
                end += 1
            } else {
                return nil  // 3月 alone is too often a duration ("3个月" is not, "3月" rarely is)
            }
            guard (1...12).contains(month) else { return nil }
            return entity(text, i, end, now.flatMap { iso($0.year, month, day) })
        }
        if english, arabic, first.end - i <= 2, let space = text[first.end], space == " ", let month = monthName(text, first.end + 1) {
            // 21 July 2025, 21 July
            var end = month.end
            var year: Int?
            if text[end] == " ", let y = number(text, end + 1, maxDigits: 4, chinese: false), y.end - end - 1 == 4 { year = y.value; end = y.end }
            guard (1...31).contains(first.value) else { return nil }
            return entity(text, i, end, iso(year ?? now?.year, month.value, first.value))
        }
        if english, arabic, first.end - i == 4, (1900...2100).contains(first.value), text.isWordEnd(first.end), text[first.end] != "%",
           let before = text.word(before: i), yearPrepositions.contains(before.word) {
            if let after = text[first.end], after == "." || after == ",", let next = text[first.end + 1], Characters.isDigit(next) { return nil }
            return entity(text, i, first.end, iso(first.value, nil, nil))
        }
        return nil
    }

    private static let yearPrepositions: Set<String> = ["in", "since", "by", "until", "till", "from", "during", "before", "after", "through", "of", "to", "early", "late", "mid"]

    /// 一 … 十二, 三十一 (months and days written in Chinese numerals).
    private static func chineseSmall(_ text: ScalarText, _ i: Int) -> (value: Int, end: Int)? {
        var j = i, value = 0
        if let d = text[j].flatMap(chineseDigit), d > 0 {
            value = d
            j += 1
            if text[j] == "十" {
                value *= 10
                j += 1
                if let u = text[j].flatMap(chineseDigit), u > 0 { value += u; j += 1 }
            }
        } else if text[j] == "十" {
            value = 10
            j += 1
            if let u = text[j].flatMap(chineseDigit), u > 0 { value += u; j += 1 }
        }
        return j > i ? (value, j) : nil
    }

    // MARK: English words

    private static let months: WordTable<Int> = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    /// A capitalised month name at `i` (with an abbreviation's dot).
    private static func monthName(_ text: ScalarText, _ i: Int) -> (value: Int, end: Int)? {
        guard let c = text[i], Characters.isUpper(c), let word = text.word(at: i), let month = months[word.word] else { return nil }
        var end = word.end
        if word.word.count <= 4, word.word != "june", word.word != "july", text[end] == "." { end += 1 }
        // "May" and "March" are words too: accept them only with a day or a year.
        return (month, end)
    }

    private static func englishWords(_ text: ScalarText, _ i: Int, now: DateComponents?) -> Entity? {
        if let month = monthName(text, i) {
            var end = month.end
            var day: Int?, year: Int?
            if text[end] == " ", let d = number(text, end + 1, maxDigits: 2, chinese: false), (1...31).contains(d.value) {
                var dayEnd = d.end
                for suffix in ["st", "nd", "rd", "th"] where text.matches(suffix, at: dayEnd) { dayEnd += 2; break }
                if text.isWordEnd(dayEnd) {
                    day = d.value
                    end = dayEnd
                    if text[end] == ",", text[end + 1] == " ", let y = number(text, end + 2, maxDigits: 4, chinese: false), y.end - end - 2 == 4 { year = y.value; end = y.end } else if text[end] == " ", let y = number(text, end + 1, maxDigits: 4, chinese: false), y.end - end - 1 == 4 { year = y.value; end = y.end }
                }
            } else if text[end] == " " || text[end] == ",", let y = number(text, end + (text[end] == "," ? 2 : 1), maxDigits: 4, chinese: false), y.end - end - (text[end] == "," ? 2 : 1) == 4, (1900...2100).contains(y.value) {
                year = y.value
                end = y.end
            }
            guard day != nil || year != nil else { return nil }
            return entity(text, i, end, iso(year ?? now?.year, month.value, day))
        }
        guard let word = text.word(at: i) else { return nil }
        let calendar = Calendar.utc
        func shifted(days: Int) -> String? {
            guard let now, let date = calendar.date(from: now), let moved = calendar.date(byAdding: .day, value: days, to: date) else { return nil }
            let c = calendar.dateComponents([.year, .month, .day], from: moved)
            return iso(c.year, c.month, c.day)
        }
        switch word.word {
        case "yesterday": return entity(text, i, word.end, shifted(days: -1))
        case "today": return entity(text, i, word.end, shifted(days: 0))
        case "tomorrow": return entity(text, i, word.end, shifted(days: 1))
        case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
            // A weekday in news is the last one on or before the published date.
            guard let c = text[i], Characters.isUpper(c) else { return nil }
            let weekday = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"].firstIndex(of: word.word)! + 1
            guard let now, let date = calendar.date(from: now) else { return entity(text, i, word.end, nil) }
            let today = calendar.component(.weekday, from: date)
            return entity(text, i, word.end, shifted(days: -((today - weekday + 7) % 7)))
        case "last", "this", "next":
            let offset = word.word == "last" ? -1 : word.word == "next" ? 1 : 0
            let spaceEnd = text.skipSpaces(from: word.end, limit: 1)
            guard spaceEnd > word.end, let unit = text.word(at: spaceEnd), text.isWordEnd(unit.end) else { return nil }
            switch unit.word {
            case "year": return entity(text, i, unit.end, now?.year.flatMap { iso($0 + offset, nil, nil) })
            case "month":
                guard let now, let year = now.year, let month = now.month else { return entity(text, i, unit.end, nil) }
                let index = year * 12 + month - 1 + offset
                return entity(text, i, unit.end, iso(index / 12, index % 12 + 1, nil))
            case "week": return entity(text, i, unit.end, nil)
            default: return nil
            }
        default: return nil
        }
    }

    // MARK: Chinese relative words

    private static let chineseRelativeWords: [(String, Calendar.Component?, Int)] = [
        ("前年", .year, -2), ("去年", .year, -1), ("今年", .year, 0), ("明年", .year, 1),
        ("上个月", .month, -1), ("上月", .month, -1), ("本月", .month, 0), ("下个月", .month, 1), ("下月", .month, 1),
        ("前天", .day, -2), ("昨天", .day, -1), ("昨日", .day, -1), ("今天", .day, 0), ("今日", .day, 0), ("明天", .day, 1),
    ]

    /// The first characters of those words: most Han characters start none of them.
    private static let chineseRelativeStarts = ScalarSet(chineseRelativeWords.map { $0.0.unicodeScalars.first! })

    private static func chineseRelative(_ text: ScalarText, _ i: Int, now: DateComponents?) -> Entity? {
        guard chineseRelativeStarts.contains(text.scalars[i]) else { return nil }
        for (word, unit, offset) in chineseRelativeWords where text.matches(word, at: i) {
            var end = i + word.unicodeScalars.count
            if unit == .year, text.matches("上半年", at: end) || text.matches("下半年", at: end) { end += 3 }
            guard let now, let unit, let date = Calendar.utc.date(from: now), let moved = Calendar.utc.date(byAdding: unit, value: offset, to: date) else {
                return entity(text, i, end, nil)
            }
            let c = Calendar.utc.dateComponents([.year, .month, .day], from: moved)
            switch unit {
            case .year: return entity(text, i, end, iso(c.year, nil, nil))
            case .month: return entity(text, i, end, iso(c.year, c.month, nil))
            default: return entity(text, i, end, iso(c.year, c.month, c.day))
            }
        }
        return nil
    }
}
