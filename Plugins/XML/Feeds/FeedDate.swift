import Foundation
import GleanCore

/// Parses the dates feeds carry, into UTC instants.
///
/// Accepted: RFC 822/1123 (`Mon, 21 Jul 2025 07:01:00 +0800`, named zones GMT/UT/UTC/Z,
/// EST/EDT/CST/CDT/MST/MDT/PST/PDT, military letters, two-digit years, optional weekday and
/// seconds), ISO 8601 / RFC 3339 and W3C-DTF variants (`2025-07-21T07:01:00+08:00`, `…Z`,
/// `2025-07-21T07:01`, `2025-07-21`, `20250721T070100Z`), `2025-07-21 07:01[:00]`, `2025/07/21 07:01`
/// and `2025年7月21日 07:01` / `2025年7月21日`. A date without a zone is read in `defaultOffset`.
public enum FeedDate {
    static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
        "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    ]
    static let zones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "a": -1, "m": -12, "n": 1, "y": 12, "cet": 1, "cest": 2, "bst": 1, "jst": 9, "hkt": 8, "sgt": 8, "ist": 5,
    ]

    /// The instant, or nil when the text is not a date this parser knows.
    public static func parse(_ raw: String, defaultOffset: Int = 0) -> Date? {
        let text = FeedParser.trimmed(raw)
        guard !text.isEmpty, text.utf8.count < 100 else { return nil }
        // RFC 822 starts with a weekday or a day-of-month followed by a month name: try it first.
        let utf8 = text.utf8
        if let first = text.unicodeScalars.first, first.properties.isAlphabetic || (!utf8.contains(UInt8(ascii: "-")) && !utf8.contains(UInt8(ascii: "/")) && first.isASCII) {
            if let date = parseRFC822(text, defaultOffset: defaultOffset) { return date }
        }
        if let date = ISO8601.parse(text, defaultOffsetSeconds: defaultOffset) { return date }
        if let date = parseNumericDateTime(text, defaultOffset: defaultOffset) { return date }
        return parseRFC822(text, defaultOffset: defaultOffset)
    }

    /// `2025-07-21 07:01`, `2025/07/21 07:01:00`, `2025年7月21日 07:01`, `20250721T070100Z`,
    /// `2025-07-21T07:01:00.000+0800` and friends: numbers in order, an optional zone at the end.
    static func parseNumericDateTime(_ text: String, defaultOffset: Int) -> Date? {
        var numbers: [Int] = []
        var digits = ""
        var rest = Substring(text)
        var zoneOffset: Int?
        // A trailing zone: Z, ±hh[:]mm, or a named zone (after the date part, so "2025-07-21" keeps its "-21").
        if let zone = trailingNumericZone(text) {
            rest = text.dropLast(zone.count)
            zoneOffset = zone == "Z" ? 0 : offset(fromNumeric: zone)
        } else if let last = text.split(separator: " ").last, let hours = zones[last.lowercased()], last.count >= 3 {
            zoneOffset = hours * 3600
            rest = text.dropLast(last.count)
        }
        var compact = false
        for character in rest {
            if character.isASCII, character.isNumber {
                digits.append(character)
                // Found by fuzzing: a long run of digits overflowed Int and crashed.
                guard digits.count <= 14 else { return nil }
            } else {
                if !digits.isEmpty { numbers.append(Int(digits) ?? -1) }
                if digits.count == 8 && numbers.count == 1 { compact = true }
                digits = ""
                guard "-/:. T年月日时分秒点".contains(character) || character.isWhitespace else { return nil }
            }
        }
        if !digits.isEmpty { numbers.append(Int(digits) ?? -1) }
        if compact || (numbers.count >= 1 && String(numbers[0]).count == 8) {
            // 20250721T070100
            let d = numbers[0]
            var expanded = [d / 10000, d / 100 % 100, d % 100]
            if numbers.count > 1 { let t = numbers[1]; expanded += t >= 10000 ? [t / 10000, t / 100 % 100, t % 100] : [t / 100, t % 100] }
            numbers = expanded
        }
        guard numbers.count >= 3, numbers.count <= 7, (1000...9999).contains(numbers[0]), (1...12).contains(numbers[1]), (1...31).contains(numbers[2]) else { return nil }
        let hour = numbers.count > 3 ? numbers[3] : 0
        let minute = numbers.count > 4 ? numbers[4] : 0
        let second = numbers.count > 5 ? numbers[5] : 0
        guard hour <= 24, minute < 60, second <= 60 else { return nil }
        let days = ISO8601.daysFromCivil(numbers[0], numbers[1], numbers[2])
        let local = Double(days) * 86_400 + Double(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: local - Double(zoneOffset ?? defaultOffset))
    }

    /// `Z`, `+08:00`, `+0800` or `+08` at the end of `text`, after a time (a colon before it).
    static func trailingNumericZone(_ text: String) -> String? {
        let characters = Array(text.suffix(6))
        if characters.last == "Z", text.contains(":") || text.contains("T") { return "Z" }
        for length in [6, 5, 3] where characters.count >= length {
            let candidate = characters.suffix(length)
            guard let sign = candidate.first, sign == "+" || sign == "-" else { continue }
            let body = candidate.dropFirst()
            let shapeOK = length == 6 ? body.enumerated().allSatisfy { $0.offset == 2 ? $0.element == ":" : $0.element.isNumber } : body.allSatisfy(\.isNumber)
            let before = text.dropLast(length)
            if shapeOK, before.contains(":") || before.contains("T") || before.count > 10 { return String(candidate) }
        }
        return nil
    }

    /// RFC 822: `[Wkd,] DD Mon YYYY HH:MM[:SS] [zone]` (also `Mon DD YYYY …`). Tokenised on UTF-8
    /// bytes without allocating: this runs for every item of most RSS feeds.
    static func parseRFC822(_ text: String, defaultOffset: Int) -> Date? {
        var text = text
        return text.withUTF8 { parseRFC822(utf8: $0, defaultOffset: defaultOffset) }
    }

    private static func parseRFC822(utf8: UnsafeBufferPointer<UInt8>, defaultOffset: Int) -> Date? {
        // The first six tokens: [weekday] day month year [time] [zone]; what follows (a comment
        // such as "(CST)") is ignored.
        var tokens = TokenRanges()
        var start = -1
        for index in 0...utf8.count {
            let separator = index == utf8.count || utf8[index] == UInt8(ascii: " ") || utf8[index] == UInt8(ascii: ",") || utf8[index] == 0x09
            if separator {
                if start >= 0 { tokens.append(start..<index) }
                start = -1
            } else if start < 0 {
                start = index
            }
        }
        func token(_ i: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: utf8[tokens[i]]) }
        var first = 0
        if tokens.count > 0, let byte = token(0).first, byte | 0x20 >= 0x61, byte | 0x20 <= 0x7A, month(token(0)) == nil { first = 1 }
        guard tokens.count - first >= 3 else { return nil }
        var day: Int?, month: Int?
        if let d = number(token(first)), let m = Self.month(token(first + 1)) {
            day = d
            month = m
        } else if let m = Self.month(token(first)), let d = number(token(first + 1)) {
            day = d
            month = m
        }
        guard let day, let month, (1...31).contains(day), var year = number(token(first + 2)) else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        var hour = 0, minute = 0, second = 0
        var offset = defaultOffset
        var index = first + 3
        if tokens.count > index, token(index).contains(UInt8(ascii: ":")) {
            // HH:MM[:SS]
            var parts = (-1, -1, -1)
            var part = 0
            var value = 0, digits = 0
            let time = token(index)
            for position in 0...time.count {
                let byte = position < time.count ? time[position] : UInt8(ascii: ":")
                if byte == UInt8(ascii: ":") {
                    guard digits > 0, part < 3 else { return nil }
                    switch part {
                    case 0: parts.0 = value
                    case 1: parts.1 = value
                    default: parts.2 = value
                    }
                    part += 1
                    value = 0
                    digits = 0
                } else {
                    guard byte >= 0x30, byte <= 0x39, digits < 4 else { return nil }
                    value = value * 10 + Int(byte - 0x30)
                    digits += 1
                }
            }
            guard part >= 2, parts.0 <= 24, parts.1 < 60, parts.2 <= 60 else { return nil }
            hour = parts.0
            minute = parts.1
            second = max(parts.2, 0)
            index += 1
        }
        if tokens.count > index {
            let zone = token(index)
            if let sign = zone.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard let numeric = numericOffset(zone) else { return nil }
                offset = numeric
            } else if let named = zones[String(decoding: zone, as: UTF8.self).lowercased()] {
                offset = named * 3600
            } else {
                return nil
            }
        }
        let days = ISO8601.daysFromCivil(year, month, day)
        return Date(timeIntervalSince1970: Double(days) * 86_400 + Double(hour * 3600 + minute * 60 + second - offset))
    }

    /// Up to six byte ranges, stored inline.
    private struct TokenRanges {
        private var storage: (Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0, 0..<0, 0..<0, 0..<0)
        private(set) var count = 0

        /// Adds a range; ignored when six are already held.
        mutating func append(_ range: Range<Int>) {
            switch count {
            case 0: storage.0 = range
            case 1: storage.1 = range
            case 2: storage.2 = range
            case 3: storage.3 = range
            case 4: storage.4 = range
            case 5: storage.5 = range
            default: return
            }
            count += 1
        }

        subscript(index: Int) -> Range<Int> {
            switch index {
            case 0: storage.0
            case 1: storage.1
            case 2: storage.2
            case 3: storage.3
            case 4: storage.4
            default: storage.5
            }
        }
    }

    /// A day or year: one to four ASCII digits.
    private static func number(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !token.isEmpty, token.count <= 4 else { return nil }
        var n = 0
        for byte in token {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            n = n * 10 + Int(byte - 0x30)
        }
        return n
    }

    /// The month a token names (`Jul`, `july`, `Sept.`), from its first three letters, or nil.
    static func month(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
        var letters = token.lazy.filter { $0 != UInt8(ascii: ".") }.makeIterator()
        guard let a = letters.next(), let b = letters.next(), let c = letters.next() else { return nil }
        let key = (UInt32(a | 0x20) << 16) | (UInt32(b | 0x20) << 8) | UInt32(c | 0x20)
        let number: Int?
        switch key {
        case 0x6A616E: number = 1   // jan
        case 0x666562: number = 2   // feb
        case 0x6D6172: number = 3   // mar
        case 0x617072: number = 4   // apr
        case 0x6D6179: number = 5   // may
        case 0x6A756E: number = 6   // jun
        case 0x6A756C: number = 7   // jul
        case 0x617567: number = 8   // aug
        case 0x736570: number = 9   // sep
        case 0x6F6374: number = 10  // oct
        case 0x6E6F76: number = 11  // nov
        case 0x646563: number = 12  // dec
        default: number = nil
        }
        // A longer word must be the month's full name ("July"), not any word starting alike.
        guard let number, token.count > 3 else { return number }
        let word = String(decoding: token.filter { $0 != UInt8(ascii: ".") }.map { $0 | 0x20 }, as: UTF8.self)
        return months[word] == number ? number : nil
    }

    /// `+0800`, `+08:00`, `-05` in UTF-8 → seconds east of UTC.
    static func numericOffset(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let sign = token.first else { return nil }
        var value = 0, digits = 0
        for (position, byte) in token.dropFirst().enumerated() {
            if byte == UInt8(ascii: ":"), position == 2, digits == 2 { continue }
            guard byte >= 0x30, byte <= 0x39, digits < 4 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        guard digits == 4 || digits == 2 else { return nil }
        let hours = digits == 4 ? value / 100 : value
        let minutes = digits == 4 ? value % 100 : 0
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// `+0800`, `+08:00`, `-05` → seconds east of UTC.
    static func offset(fromNumeric text: String) -> Int? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter(\.isNumber)
        guard digits.count == 4 || digits.count == 2, text.dropFirst().allSatisfy({ $0.isNumber || $0 == ":" }) else { return nil }
        let hours = Int(digits.prefix(2))!
        let minutes = digits.count == 4 ? Int(digits.suffix(2))! : 0
        guard hours <= 14, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    /// Parses `+08:00`, `-0500`, `UTC` or an IANA zone name (`Asia/Shanghai`, at the current offset).
    public static func offset(forZone zone: String) -> Int? {
        if let numeric = offset(fromNumeric: zone) { return numeric }
        if let named = zones[zone.lowercased()] { return named * 3600 }
        return TimeZone(identifier: zone)?.secondsFromGMT()
    }
}
