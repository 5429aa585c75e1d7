import GleanText
/// A number as written, before magnitude words and units: digits, English words or Chinese numerals.
struct NumberCore {
    enum Style { case digits, words, chinese }

    var start: Int
    var end: Int
    var value: Double
    var style: Style
    /// Digits only, no separators, decimals, sign or words ("2024"): could be a year or an ID.
    var isPlainInteger = false
    var digitCount = 0
    /// A kind the numeral itself decided (百分之五 → percent, 六成 → percent).
    var kind: FigureKind?
    /// A qualifier written inside the number (500余万, 三十多).
    var qualifier: FigureQualifier?
}

/// Decimal digits after a point, kept as an integer so that the value is the double nearest the
/// decimal written ("36.57" is 3657 / 100, not 36 + 0.5 + 0.07, which drifts in the last bits).
struct DecimalDigits {
    private(set) var numerator: Double = 0
    private(set) var count = 0

    mutating func append(_ digit: Int) {
        // Beyond 17 digits a double holds no more precision; the rest are read and dropped.
        guard count < 17 else { return }
        numerator = numerator * 10 + Double(digit)
        count += 1
    }

    /// `whole` plus these decimals, rounded once.
    func adding(to whole: Double) -> Double {
        guard count > 0 else { return whole }
        var power = 1.0
        for _ in 0..<count { power *= 10 }
        // Whole and fraction as one integer over a power of ten when it fits in 2^53: exact.
        let scaled = whole * power + numerator
        if abs(scaled) < 9_007_199_254_740_992, whole == whole.rounded() { return scaled / power }
        return whole + numerator / power
    }
}

/// Numbers written with digits: `1,234,567.89`, `12,34,567`, `1 234 567`, `３．５`, `-3.2`, `4/5`.
enum DigitNumbers {
    /// "….ddd.ddd,dd" from a dot at `i` after the first group: the value and its end.
    private static func europeanNumber(_ text: ScalarText, integer: Double, at i: Int) -> (value: Double, end: Int)? {
        var value = integer
        var k = i
        var groups = 0
        while text[k] == ".", let a = text[k + 1].flatMap(Characters.digit), let b = text[k + 2].flatMap(Characters.digit), let c = text[k + 3].flatMap(Characters.digit),
              !(text[k + 4].map(Characters.isDigit) ?? false) {
            value = value * 1000 + Double(a * 100 + b * 10 + c)
            k += 4
            groups += 1
        }
        guard groups > 0, text[k] == ",", let first = text[k + 1].flatMap(Characters.digit) else { return nil }
        var decimals = Double(first) / 10
        var end = k + 2
        if let second = text[end].flatMap(Characters.digit) {
            decimals += Double(second) / 100
            end += 1
        }
        guard !(text[end].map(Characters.isDigit) ?? false) else { return nil }
        // "51.507,0.127" is a pair of coordinates, not a European number.
        if text[end] == ".", text[end + 1].map(Characters.isDigit) == true { return nil }
        return (value + decimals, end)
    }

    /// Parses a number starting at `i` (a digit, or a minus sign or '.' before one).
    static func parse(_ text: ScalarText, at i: Int) -> NumberCore? {
        var j = i
        var negative = false
        if let c = text[j], Characters.isMinus(c) || c == "负" || c == "負" {
            // A minus sign only when it is not a hyphen joining words or a range.
            guard let next = text[j + 1], Characters.isDigit(next) else { return nil }
            if let previous = text[j - 1], Characters.isDigit(previous) || Characters.isLatinLetter(previous) || previous == "-" { return nil }
            negative = true
            j += 1
        }
        guard let first = text[j] else { return nil }
        var integer: Double = 0
        var digits = 0
        var plain = true
        if first == "." || first == "\u{FF0E}" {
            // ".25": only at a word boundary.
            guard let next = text[j + 1], Characters.isDigit(next), !(text[j - 1].map { Characters.isDigit($0) || Characters.isLatinLetter($0) } ?? false) else { return nil }
        } else {
            guard Characters.digit(first) != nil else { return nil }
            // The first group.
            var groupLength = 0
            while let c = text[j], let d = Characters.digit(c) {
                integer = integer * 10 + Double(d)
                digits += 1
                groupLength += 1
                j += 1
            }
            // Thousands groups: ",ddd" (or Indian ",dd" before a final ",ddd"), thin or plain spaces.
            if groupLength <= 3 {
                var k = j
                var groups: [Int] = []
                var groupValue = integer
                var sawSeparator: Unicode.Scalar?
                // A full-width comma is a clause separator in Chinese, a group separator only
                // between full-width digits.
                let fullWidth = first.value >= 0xFF10
                while let separator = text[k], separator == "," || (separator == "\u{FF0C}" && fullWidth) || separator == "\u{2009}" || separator == "\u{202F}" || separator == " " || separator == "\u{A0}" {
                    if let previous = sawSeparator, previous != separator { break }
                    var length = 0
                    var m = k + 1
                    var value = groupValue
                    while let c = text[m], let d = Characters.digit(c) {
                        value = value * 10 + Double(d)
                        length += 1
                        m += 1
                        if length > 3 { break }
                    }
                    let isSpace = separator == " " || separator == "\u{A0}"
                    guard length == 3 || (length == 2 && !isSpace && separator != "\u{FF0C}") else { break }
                    if length == 3, let after = text[m], Characters.isDigit(after) { break }
                    groups.append(length)
                    groupValue = value
                    sawSeparator = separator
                    k = m
                }
                // Indian grouping must end with a group of three.
                while let last = groups.last, last == 2 {
                    groups.removeLast()
                }
                if !groups.isEmpty, !groups.contains(2) || groups.last == 3 {
                    // Recompute over the accepted groups.
                    var value = integer
                    var m = j
                    for length in groups {
                        m += 1
                        for _ in 0..<length {
                            value = value * 10 + Double(Characters.digit(text[m]!)!)
                            m += 1
                        }
                    }
                    integer = value
                    digits += groups.reduce(0, +)
                    j = m
                    plain = false
                }
            }
        }
        var value = integer
        // European grouping with a decimal comma: "1.111,11". Only with the comma's one or two
        // decimals, which no other reading has ("1.111" alone stays 1.111).
        if plain, digits <= 3, text[j] == ".", let european = europeanNumber(text, integer: integer, at: j) {
            value = european.value
            j = european.end
            plain = false
        } else if let point = text[j], point == "." || point == "\u{FF0E}", let next = text[j + 1], Characters.isDigit(next) {
            var decimals = DecimalDigits()
            j += 1
            while let c = text[j], let d = Characters.digit(c) {
                decimals.append(d)
                j += 1
            }
            value = decimals.adding(to: value)
            plain = false
        }
        // Simple fractions: "4/5", "１６/5" (small denominators only: "7/21" is a date).
        if let slash = text[j], slash == "/" || slash == "\u{FF0F}", value == value.rounded(), let d = text[j + 1].flatMap(Characters.digit), d >= 2, text[j + 2].map({ !Characters.isDigit($0) && $0 != "/" }) ?? true, value < 100, !(text[i - 1].map { $0 == "/" } ?? false) {
            value /= Double(d)
            j += 2
            plain = false
        } else if let slash = text[j], slash == "/", value == 1, let d1 = text[j + 1].flatMap(Characters.digit), let d2 = text[j + 2].flatMap(Characters.digit), d1 > 0,
                  text[j + 3].map({ !Characters.isDigit($0) && $0 != "/" }) ?? true {
            // "1/40": one over a two-digit denominator.
            value /= Double(d1 * 10 + d2)
            j += 3
            plain = false
        }
        // Exponents: "1.3e6", "-12e-1", "2.5^-1", "1.3x10^6".
        if let exponent = exponent(text, at: j, base: value) {
            value = exponent.value
            j = exponent.end
            plain = false
        }
        // Mixed fractions: "2 1/4", "1 ３/5", improper ones too ("1 4/3": 2⅓), a small whole number
        // and a one-digit fraction, one or two spaces between.
        if plain, value < 100, text[j] == " ", let fraction = mixedFraction(text, at: j) {
            value += fraction.value
            j = fraction.end
            plain = false
        }
        if negative {
            value = -value
            plain = false
        }
        return NumberCore(start: i, end: j, value: value, style: .digits, isPlainInteger: plain, digitCount: digits)
    }

    /// "1.3e6", "-12e-1", "2.5^-1" (a power of the number), "1.3x10^6", "8x2^10", and without a
    /// caret when a sign follows: "5.5x10-3", "2.48×10−5".
    private static func exponent(_ text: ScalarText, at j: Int, base: Double) -> (value: Double, end: Int)? {
        var k = j
        // The value is base × radix^exponent, or base^exponent when `radix` is nil.
        var radix: Double? = 10
        if let e = text[k], e == "e" || e == "E" {
            k += 1
        } else if text[k] == "^" {
            k += 1
            radix = nil
        } else if let x = text[k], x == "x" || x == "×" || x == "X", let b1 = text[k + 1].flatMap(Characters.digit) {
            var b = Double(b1)
            k += 2
            if let b2 = text[k].flatMap(Characters.digit) {
                b = b * 10 + Double(b2)
                k += 1
            }
            if text[k] == "^" {
                k += 1
            } else if !(b == 10 && (text[k] == "-" || text[k] == "\u{2212}") && text[k + 1].map(Characters.isDigit) == true) {
                return nil
            }
            guard b >= 2 else { return nil }
            radix = b
        } else {
            return nil
        }
        var sign = 1.0
        while let c = text[k], c == "+" || c == "-" || c == "\u{2212}" {
            if c != "+" { sign = -sign }
            k += 1
        }
        var exponent = 0.0
        var digits = 0
        while let c = text[k], let d = Characters.digit(c), digits < 4 {
            exponent = exponent * 10 + Double(d)
            digits += 1
            k += 1
        }
        guard digits > 0, text.isWordEnd(k) else { return nil }
        let result: Double
        switch radix {
        case 10?: result = base * pow10(sign * exponent)
        case let radix?: result = base * pow(radix, sign * exponent)
        case nil: result = pow(abs(base), sign * exponent) * (base < 0 ? -1 : 1)
        }
        guard result.isFinite, !result.isNaN else { return nil }
        return (result, k)
    }

    private static func pow10(_ exponent: Double) -> Double {
        var result = 1.0
        let steps = Int(abs(exponent))
        guard steps <= 308 else { return exponent > 0 ? .infinity : 0 }
        for _ in 0..<steps { result = exponent > 0 ? result * 10 : result / 10 }
        return result
    }

    private static func pow(_ base: Double, _ exponent: Double) -> Double {
        guard exponent == exponent.rounded(), abs(exponent) <= 64 else { return .nan }
        var result = 1.0
        for _ in 0..<Int(abs(exponent)) { result *= base }
        return exponent < 0 ? 1 / result : result
    }

    private static func mixedFraction(_ text: ScalarText, at j: Int) -> (value: Double, end: Int)? {
        let k = text.skipSpaces(from: j, limit: 2)
        guard let n = text[k].flatMap(Characters.digit), let slash = text[k + 1], slash == "/" || slash == "\u{FF0F}",
              let d = text[k + 2].flatMap(Characters.digit), d >= 2, text.isWordEnd(k + 3), text[k + 3] != "/" else { return nil }
        return (Double(n) / Double(d), k + 3)
    }
}
