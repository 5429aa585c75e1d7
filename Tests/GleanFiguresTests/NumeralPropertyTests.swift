@testable import GleanFigures
import Testing

/// Property tests of the numeral grammars: random integers below 10^15, spelled out in English
/// and in Chinese by the spellers below (written for these tests, the way style guides spell
/// numbers), read back to the same value and the whole spelling.
@Suite("Numeral properties")
struct NumeralPropertyTests {
    /// A fixed-seed generator, so a failure reproduces.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Integers of every length from 1 to 15 digits, some with runs of zeros.
    static func samples(seed: UInt64, count: Int) -> [Int64] {
        var rng = SplitMix64(state: seed)
        return (0..<count).map { n in
            let digits = n % 15 + 1
            var value = Int64.random(in: 1...9, using: &rng)
            for _ in 1..<digits { value = value * 10 + (Int64.random(in: 0...2, using: &rng) == 0 ? 0 : Int64.random(in: 0...9, using: &rng)) }
            return value
        }
    }

    static let units = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    /// 0 < n < 1000: "three hundred and forty-two".
    static func englishBelowThousand(_ n: Int64, and: Bool) -> String {
        var parts: [String] = []
        if n >= 100 { parts.append(units[Int(n / 100)] + " hundred") }
        let rest = Int(n % 100)
        if rest > 0 {
            let small = rest < 20 ? units[rest] : tens[rest / 10] + (rest % 10 > 0 ? "-" + units[rest % 10] : "")
            parts.append((n >= 100 && and ? "and " : "") + small)
        }
        return parts.joined(separator: " ")
    }

    static func english(_ n: Int64, and: Bool) -> String {
        let scales: [(Int64, String)] = [(1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand")]
        var rest = n
        var parts: [String] = []
        for (scale, word) in scales where rest >= scale {
            parts.append(englishBelowThousand(rest / scale, and: and) + " " + word)
            rest %= scale
        }
        if rest > 0 { parts.append((!parts.isEmpty && rest < 100 && and ? "and " : "") + englishBelowThousand(rest, and: and)) }
        return parts.joined(separator: " ")
    }

    static let chineseDigits = Array("零一二三四五六七八九")

    /// 0 < n < 10000, one section: 三千零五十, 一千零五.
    static func chineseSection(_ n: Int64, leadingTen: Bool) -> String {
        let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10].map(Int.init)
        let units = ["千", "百", "十", ""]
        var result = ""
        var zero = false
        for (k, d) in digits.enumerated() {
            if d == 0 {
                if !result.isEmpty { zero = true }
                continue
            }
            if zero { result += "零" }
            zero = false
            if !(k == 2 && d == 1 && result.isEmpty && !leadingTen) { result.append(chineseDigits[d]) }
            result += units[k]
        }
        return result
    }

    /// 0 < n < 10^8: sections of 万.
    static func chineseBelowYi(_ n: Int64, first: Bool) -> String {
        let wan = n / 10_000, rest = n % 10_000
        var result = ""
        if wan > 0 { result += chineseSection(wan, leadingTen: !first) + "万" }
        if rest > 0 { result += (wan > 0 && rest < 1000 ? "零" : "") + chineseSection(rest, leadingTen: wan > 0 || !first) }
        return result
    }

    static func chinese(_ n: Int64) -> String {
        let yi = n / 100_000_000, rest = n % 100_000_000
        var result = ""
        if yi > 0 { result += chineseBelowYi(yi, first: true) + "亿" }
        if rest > 0 { result += (yi > 0 && rest < 10_000_000 ? "零" : "") + chineseBelowYi(rest, first: yi == 0) }
        return result
    }

    @Test func spellersWriteWhatStyleGuidesShow() {
        #expect(Self.english(1_000_342, and: true) == "one million three hundred and forty-two")
        #expect(Self.english(2_000_015, and: true) == "two million and fifteen")
        #expect(Self.chinese(3050) == "三千零五十")
        #expect(Self.chinese(15) == "十五")
        #expect(Self.chinese(100_015) == "十万零一十五")
        #expect(Self.chinese(120_000_005) == "一亿二千万零五")
        #expect(Self.chinese(123_456_780_000_000) == "一百二十三万四千五百六十七亿八千万")
    }

    @Test(arguments: [false, true])
    func englishSpellingsReadBack(withAnd: Bool) {
        for n in Self.samples(seed: withAnd ? 7 : 11, count: 300) where n > 1 {  // a lone "one" is no figure
            let spelled = Self.english(n, and: withAnd)
            let found = figures("There were \(spelled) in all.", language: .en)
            #expect(found.count == 1 && found.first?.text == spelled && found.first?.value == Double(n), "\(n) '\(spelled)': \(found.map { "\($0.text)=\($0.value)" })")
        }
    }

    @Test func chineseSpellingsReadBack() {
        for n in Self.samples(seed: 13, count: 400) {
            let spelled = Self.chinese(n)
            let found = figures("总量为\(spelled)。", language: .zh)
            #expect(found.count == 1 && found.first?.text == spelled && found.first?.value == Double(n), "\(n) '\(spelled)': \(found.map { "\($0.text)=\($0.value)" })")
        }
    }

    @Test func digitsWithChineseMagnitudesReadBack() {
        // 1234.5678万 and 12.3456亿: digits before a magnitude, exact to the yuan.
        for n in Self.samples(seed: 17, count: 200) where n >= 10_000 {
            let wan = Double(n) / 10_000
            let text = "\(n / 10_000).\(String(String(n % 10_000 + 10_000).dropFirst()))万元"
            let found = figures("收入\(text)", language: .zh)
            #expect(found.first.map { same($0.value, wan * 10_000) } == true, "\(text): \(found.map(\.value))")
        }
    }
}
