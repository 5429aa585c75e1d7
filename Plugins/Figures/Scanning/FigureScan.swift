import GleanText
/// A figure found by the scan, before its metric, period and sentence are attached.
struct FigureCandidate {
    var start: Int
    var end: Int
    /// Where the qualifier before the figure starts (metrics are read before it).
    var qualifierStart: Int
    var value: Double
    var kind: FigureKind
    var unit: String?
    var qualifier: FigureQualifier?
    /// The magnitude factor written (for ranges: "3 to 5 billion").
    var factor: Double
    var isChinese: Bool
    /// Kept only if it becomes part of a proportion ("one" before "in five"; see ``Proportions``).
    var provisional = false
}

/// The left-to-right scan: at each position that can start a number, read the number, its
/// magnitude and unit, and decide whether it is a figure (see ``FigureExtractor`` for the rules).
struct FigureScan {
    let text: ScalarText
    let language: FigureExtractor.Language
    private let lexicon = UnitLexicon.shared
    /// Whether the text mentions yen (then `¥` is JPY).
    private lazy var mentionsYen: Bool = {
        let string = text.string(0..<text.count).lowercased()
        return string.contains("yen") || string.contains("jpy") || string.contains("日元") || string.contains("円") || string.contains("japan") || string.contains("日本")
    }()

    init(text: ScalarText, language: FigureExtractor.Language) {
        self.text = text
        self.language = language
    }

    enum Outcome {
        case figure(FigureCandidate)
        case skip(to: Int)
    }

    mutating func run() -> [FigureCandidate] {
        var result: [FigureCandidate] = []
        var i = 0
        let n = text.count
        while i < n {
            let c = text.scalars[i]
            let outcome: Outcome?
            if Characters.isDigit(c) || (Characters.isMinus(c) || c == "负" || c == "負" || c == ".") && text[i + 1].map(Characters.isDigit) == true {
                if c == ".", let previous = text[i - 1], !Characters.isSpace(previous) {
                    i += 1
                    continue
                }
                // "－－9", "--5": a doubled dash is punctuation, not a sign.
                if Characters.isMinus(c), let previous = text[i - 1], Characters.isMinus(previous) {
                    i += 1
                    continue
                }
                outcome = digitsAt(i)
            } else if language != .en, c == "半" || c == "对" || c == "對", let special = halfAt(i) {
                outcome = special
            } else if c.value >= 0xBC, c.value <= 0x215E, (c.value <= 0xBE || c.value >= 0x2150), let fraction = Self.vulgarFractions[c] {
                outcome = complete(NumberCore(start: i, end: i + 1, value: fraction, style: .digits))
            } else if language != .en, ChineseNumerals.isNumeral(c) || c == "负" || c == "負", c != "几", c != "幾", !(ChineseNumerals.largeUnit(c) != nil) {
                outcome = chineseAt(i)
            } else if language != .en, c == "万" || c == "萬", text.matches("分之", at: i + 1) {
                outcome = chineseAt(i)
            } else if language != .en, c == "翻" || c == "减" || c == "減", let verb = MultiplicationVerbs.chinese(text, at: i) {
                outcome = .figure(verb)
            } else if language != .zh, Characters.isLatinLetter(c), i == 0 || !Characters.isLatinLetter(text.scalars[i - 1]) {
                // Numbers inside URLs and e-mail addresses are not figures.
                if (c == "h" || c == "w" || c == "H" || c == "W"), text.matches("http://", at: i) || text.matches("https://", at: i) || text.matches("www.", at: i) {
                    var j = i
                    while j < n, !Characters.isSpace(text.scalars[j]) { j += 1 }
                    i = j
                    continue
                }
                outcome = wordsAt(i)
            } else {
                outcome = nil
            }
            switch outcome {
            case .figure(var candidate)?:
                // A symbol between two numbers ("1$1118") cannot belong to both.
                if let previous = result.last, candidate.start < previous.end {
                    candidate.start = text.skipSpaces(from: previous.end, limit: 4)
                    candidate.qualifierStart = max(candidate.qualifierStart, previous.end)
                    guard candidate.start < candidate.end else {
                        i = max(candidate.end, i + 1)
                        continue
                    }
                }
                result.append(candidate)
                i = max(candidate.end, i + 1)
            case .skip(let end)?:
                i = max(end, i + 1)
            case nil:
                i += 1
            }
        }
        return result
    }

    static let vulgarFractions: ScalarTable<Double> = [
        "½": 0.5, "⅓": 1.0 / 3, "⅔": 2.0 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅖": 0.4, "⅗": 0.6, "⅘": 0.8, "⅙": 1.0 / 6, "⅚": 5.0 / 6,
        "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875,
    ]

    // MARK: - Starts

    private mutating func digitsAt(_ i: Int) -> Outcome? {
        // Digits fused to letters that are not a currency code: model numbers, IDs ("LGA1156", "B12").
        if let previous = text[i - 1] {
            if Characters.isLatinLetter(previous), lexicon.currency(before: text, numberStart: i) == nil { return .skip(to: tokenEnd(from: i)) }
            if previous == "-", let beforeDash = text[i - 2], Characters.isLatinLetter(beforeDash) { return .skip(to: tokenEnd(from: i)) }
            if previous == "%" || previous == "=" || previous == "&" { return .skip(to: tokenEnd(from: i)) }
            if previous == "+" || previous == "#" || previous == "_" || previous == "/" || previous == "\\" || previous == "@" { return .skip(to: tokenEnd(from: i)) }
            if previous == "." || previous == ",", let beforePoint = text[i - 2], Characters.isDigit(beforePoint) { return .skip(to: tokenEnd(from: i)) }
        }
        guard var core = DigitNumbers.parse(text, at: i) else { return nil }
        // "１６分之5", "3分之一": a Chinese fraction with a digit denominator.
        if let fraction = ChineseNumerals.fraction(denominator: core.value, after: core.end, in: text) {
            core.value = fraction.value
            core.end = fraction.end
            core.isPlainInteger = false
            return complete(core)
        }
        // "2000 over 3", "1 over three": a fraction, when nothing follows the denominator.
        if core.isPlainInteger, let (word, wordEnd) = text.word(at: text.skipSpaces(from: core.end, limit: 1)), word == "over", wordEnd > core.end + 1 {
            let d = text.skipSpaces(from: wordEnd, limit: 1)
            let denominator = text[d].map(Characters.isDigit) == true ? DigitNumbers.parse(text, at: d) : EnglishNumbers.parse(text, at: d)
            if let denominator, denominator.value != 0, d > wordEnd, text[text.skipSpaces(from: denominator.end, limit: 2)].map({ !Characters.isLatinLetter($0) && !Characters.isDigit($0) }) ?? true {
                core.value /= denominator.value
                core.end = denominator.end
                core.isPlainInteger = false
                return complete(core)
            }
        }
        // "3又一千分之23": a mixed number with a Chinese fraction.
        if core.isPlainInteger, let mixed = ChineseNumerals.mixedFraction(after: core.end, in: text) {
            core.value += mixed.value
            core.end = mixed.end
            core.isPlainInteger = false
            return complete(core)
        }
        if let reason = excludedDigits(core) { return .skip(to: reason) }
        return complete(core)
    }

    private mutating func chineseAt(_ i: Int) -> Outcome? {
        let c = text.scalars[i]
        // Financial forms are ordinary characters unless next to another numeral (退伍, 大陆).
        if ChineseNumerals.isFinancialOnly(c), !(text[text.skipSpaces(from: i + 1, limit: 2)].map { ChineseNumerals.isNumeral($0) || $0 == "点" || $0 == "點" || $0 == "打" } ?? false),
           !(text[i - 1].map(ChineseNumerals.isNumeral) ?? false) { return nil }
        if let previous = text[i - 1], ChineseNumerals.isNumeral(previous) { return nil }
        // Ordinals and rankings: 第一, 前五, 前三名 (前三季度 is a period, read elsewhere).
        if let previous = text[i - 1], previous == "第" || previous == "前" || previous == "初" || previous == "周" || previous == "星" { return .skip(to: chineseEnd(from: i)) }
        guard let core = ChineseNumerals.parse(text, at: i) else { return nil }
        // Words that contain numerals: 一些, 统一, 四川, 十分, 千万 (must), 万一.
        if core.kind == nil, Self.isWord(text, core) { return .skip(to: core.end) }
        // Chinese years and dates: 二〇二四年, 七月, 二十一日.
        if let next = text[core.end], next == "月" || next == "日" || next == "号" || next == "時" || next == "时" || next == "点" && !(text[core.end + 1].map(Characters.isDigit) ?? false) {
            return .skip(to: core.end + 1)
        }
        if let next = text[core.end], next == "年", core.value >= 1000, core.end - core.start == 4 { return .skip(to: core.end + 1) }
        return complete(core)
    }

    /// 半百 (50), 半成 (5%), 打对折 (50%: half price).
    private mutating func halfAt(_ i: Int) -> Outcome? {
        let c = text.scalars[i]
        if c == "半", let next = text[i + 1] {
            if next == "百", !(text[i + 2].map { ChineseNumerals.isNumeral($0) || $0 == "分" } ?? false), !Self.numeralWords.words.contains(where: { text.matches($0, at: i + 1) }) {
                return .figure(FigureCandidate(start: i, end: i + 2, qualifierStart: i, value: 50, kind: .number, unit: nil, qualifier: nil, factor: 1, isChinese: true))
            }
            if next == "成" {
                return .figure(FigureCandidate(start: i, end: i + 2, qualifierStart: i, value: 5, kind: .percent, unit: "%", qualifier: nil, factor: 1, isChinese: true))
            }
            if let duration = chineseHalfDuration(at: i) { return .figure(duration) }
            return nil
        }
        if text[i + 1] == "折", text[i - 1] == "打" {
            return .figure(FigureCandidate(start: i, end: i + 2, qualifierStart: i, value: 50, kind: .percent, unit: "%", qualifier: nil, factor: 1, isChinese: true))
        }
        return nil
    }

    private mutating func wordsAt(_ i: Int) -> Outcome? {
        // Most words are not numbers: check a packed key before building a string.
        guard let packed = text.packedWord(at: i) else {
            var j = i
            while let c = text[j], Characters.isLatinLetter(c) { j += 1 }
            return .skip(to: j)
        }
        guard EnglishNumbers.starterKeys.contains(packed.key) else {
            // "doubled", "quintupled": a multiple without a number.
            if packed.end - i >= 6, let verb = MultiplicationVerbs.english(key: packed.key, start: i, end: packed.end) { return .figure(verb) }
            return .skip(to: packed.end)
        }
        guard let (word, end) = text.word(at: i) else { return nil }
        guard EnglishNumbers.startsNumber(word) || word == "minus" || word == "negative" else { return .skip(to: end) }
        // "minus 5".
        if word == "minus" || word == "negative", let c = text[text.skipSpaces(from: end)], Characters.isDigit(c), case .figure(var figure)? = digitsAt(text.skipSpaces(from: end)) {
            figure.value = -figure.value
            figure.start = i
            return .figure(figure)
        }
        if let phrase = unitPhrase(at: i, word: word, end: end) { return .figure(phrase) }
        guard let core = EnglishNumbers.parse(text, at: i) else { return .skip(to: end) }
        // "thirty-second place", "the twenty-first century": compound ordinals hold no figure.
        if text[core.end] == "-", let (next, nextEnd) = text.word(at: core.end + 1), EnglishNumbers.unitOrdinals.contains(next),
           let last = text.word(before: core.end), EnglishNumbers.tens[last.word] != nil {
            return .skip(to: nextEnd)
        }
        // "absolute zero": a temperature.
        if word == "zero", let before = text.word(before: i), before.word == "absolute" {
            return .figure(FigureCandidate(start: before.start, end: end, qualifierStart: before.start, value: 0, kind: .measure, unit: "K", qualifier: nil, factor: 1, isChinese: false))
        }
        // "several hundred years", "a few thousand": no definite value, not a figure.
        if ["hundred", "thousand", "million", "billion", "dozen"].contains(word), let before = text.word(before: i),
           ["several", "few", "many", "some", "multiple", "numerous"].contains(before.word) { return .skip(to: core.end) }
        // Rankings ("top five") and pronouns ("the one you mentioned").
        if let before = text.word(before: i), ["top", "no", "number", "rank", "ranked", "grade", "level", "phase", "chapter", "section", "part", "the", "this", "that", "which", "any", "every", "each", "no", "another", "someone", "anyone", "everyone"].contains(before.word), core.value <= 10 || before.word == "top" {
            // "that one mile" is still a distance: a unit of measure after "one" makes it a quantity.
            let measured = ["the", "this", "that", "which", "any", "every", "each", "another"].contains(before.word)
                && lexicon.unit(after: text, at: text.skipSpaces(from: core.end, limit: 2), numberEnd: core.end)?.entry.kind == .measure
            if before.word == "top" || core.value == 1 && !measured { return .skip(to: core.end) }
        }
        return complete(core)
    }

    /// "an hour and a half" (1.5 hours), "a mile and a quarter", "half an hour", "half a mile":
    /// a unit counted by "a" and a fraction. "A year" alone is no figure.
    private func unitPhrase(at i: Int, word: String, end: Int) -> FigureCandidate? {
        guard word == "a" || word == "an" || word == "half" else { return nil }
        var k = text.skipSpaces(from: end, limit: 2)
        guard k > end else { return nil }
        if word != "half" {
            // Most "a"s are articles: look up a unit only when "and a" follows the next word.
            let after = text.skipSpaces(from: text.wordEnd(from: k), limit: 2)
            guard text.matches("and a", at: after) else { return nil }
        }
        var value = 1.0
        if word == "half" {
            guard let (article, articleEnd) = text.word(at: k), article == "a" || article == "an" else { return nil }
            k = text.skipSpaces(from: articleEnd, limit: 2)
            value = 0.5
        }
        guard let (entry, unitEnd) = lexicon.unit(after: text, at: k, numberEnd: end), entry.kind == .duration || entry.kind == .measure, entry.latin else { return nil }
        var figureEnd = unitEnd
        if word != "half" {
            let m = text.skipSpaces(from: unitEnd, limit: 2)
            if text.matches("and a half", at: m), text.isWordEnd(m + 10) {
                value = 1.5
                figureEnd = m + 10
            } else if text.matches("and a quarter", at: m), text.isWordEnd(m + 13) {
                value = 1.25
                figureEnd = m + 13
            } else {
                return nil
            }
        }
        return FigureCandidate(start: i, end: figureEnd, qualifierStart: i, value: value * entry.factor, kind: entry.kind, unit: entry.unit, qualifier: nil, factor: 1, isChinese: false)
    }

    /// 半小时, 半个月, 半年 (not 上半年, a period): half of a time unit.
    private func chineseHalfDuration(at i: Int) -> FigureCandidate? {
        if let previous = text[i - 1], "上下前后一".unicodeScalars.contains(previous) || ChineseNumerals.isNumeral(previous) { return nil }
        guard let (entry, unitEnd) = lexicon.unit(after: text, at: i + 1, numberEnd: i + 1), entry.kind == .duration, !entry.latin else { return nil }
        return FigureCandidate(start: i, end: unitEnd, qualifierStart: i, value: 0.5 * entry.factor, kind: .duration, unit: entry.unit, qualifier: nil, factor: 1, isChinese: true)
    }

    // MARK: - Exclusions

    /// Where to resume when digits are not a figure (a date, time, ordinal, citation, ID…), or nil.
    private func excludedDigits(_ core: NumberCore) -> Int? {
        let end = core.end
        let next = text[end]
        // An exponent of a unit the lexicon does not know ("J/m^2"): not a figure of its own.
        if text[core.start - 1] == "^" { return tokenEnd(from: end) }
        // Times: 07:01, 3pm.
        if next == ":" || next == "\u{FF1A}", text[end + 1].map(Characters.isDigit) == true, core.value < 25 { return tokenEnd(from: end + 1) }
        let afterSpace = text.skipSpaces(from: end, limit: 2)
        if core.value <= 12, let c = text[afterSpace], c == "a" || c == "p" || c == "A" || c == "P",
           let (word, wordEnd) = text.word(at: afterSpace), ["am", "pm", "a", "p"].contains(word) {
            // "3 pm", "3.30 pm" are times; "2.1 pm", "2.123 pm" (not minutes) are picometres.
            var minutes = core.isPlainInteger
            if !minutes, let point = (core.start..<core.end).first(where: { text.scalars[$0] == "." }), core.end - point == 3,
               let tens = Characters.digit(text.scalars[point + 1]), tens < 6 { minutes = true }
            if minutes, word == "am" || word == "pm" || text[wordEnd] == "." { return wordEnd }
        }
        // Ordinals: 1st, 2nd, 23rd, 4th.
        if let c = next, "sSnNrRtT".unicodeScalars.contains(c), let (word, wordEnd) = text.word(at: end), ["st", "nd", "rd", "th"].contains(word) { return wordEnd }
        // The word before the number, read once (most numbers in prose have one).
        let before = text.word(before: core.start)
        // Dates: 2025-07-21, 2025/7/21, 5/17/2018, 21.07.2025, 2025-07.
        if core.isPlainInteger, let separator = next, separator == "-" || separator == "/" || separator == "." || separator == "\u{FF0F}" {
            if let second = DigitNumbers.parse(text, at: end + 1), second.isPlainInteger, second.digitCount <= 4 {
                let third = text[second.end] == separator ? DigitNumbers.parse(text, at: second.end + 1) : nil
                if let third, third.isPlainInteger { return third.end }
                if core.digitCount == 4, (1900...2100).contains(Int(core.value)), second.digitCount <= 2, separator != "." { return second.end }  // 2025-07, 2013-14
                if separator == "/", core.value <= 12, second.value <= 31, second.digitCount <= 2 { return second.end }
            }
        }
        // Chinese dates and times: 7月, 21日, 3号, 8时, 8点 (not 分钟, 分之).
        if let next, next == "月" || next == "日" || next == "号" || next == "時" || next == "时" { return end + 1 }
        if next == "点", core.isPlainInteger, !(text[end + 1].map(Characters.isDigit) ?? false) { return end + 1 }
        // Years: 2024年, and a bare four-digit year when nothing makes it a quantity.
        if core.isPlainInteger, core.digitCount == 4, (1000...2999).contains(Int(core.value)), next == "年" { return end + 1 }
        // Dates with month names: "July 21", "21 July 2025", "Jul. 4".
        if core.isPlainInteger, core.value <= 31 {
            if let before, Periods.monthNames[before.word] != nil, before.word.count >= 3 { return end }
            let after = text.skipSpaces(from: end)
            if after > end, let (word, wordEnd) = text.word(at: after), Periods.monthNames[word] != nil, word.count >= 3, word != "may" || text[text.skipSpaces(from: wordEnd)].map(Characters.isDigit) == true { return wordEnd }
        }
        // Citation markers: [1], [11], 【3】.
        if let open = text[core.start - 1], open == "[" || open == "【", let close = next, close == "]" || close == "】" || close == "," { return end + 1 }
        // Ordinals and rankings before: 第3, 前5名, No. 3, #1, top 10.
        if let previous = text[core.start - 1], previous == "第" { return end }
        if let previous = text[text.skipSpacesBackward(from: core.start) - 1], previous == "前", next == "名" || next == "强" || next == "位" { return end }
        if let before, Self.labelWords.contains(before.word) {
            if before.word != "number" || core.value < 100 { return end }
        }
        // Phone numbers: groups of digits separated by spaces ("138 0013 8000").
        if core.isPlainInteger, next == " ", let group = text[end + 1], Characters.isDigit(group),
           let second = DigitNumbers.parse(text, at: end + 1), second.isPlainInteger, second.digitCount >= 4 || Characters.digit(group) == 0 {
            var stop = second.end
            while text[stop] == " ", let c = text[stop + 1], Characters.isDigit(c), let more = DigitNumbers.parse(text, at: stop + 1), more.isPlainInteger { stop = more.end }
            return stop
        }
        // Phone numbers and IDs: a leading zero, eleven-digit mobiles, nine or more bare digits.
        if core.isPlainInteger, core.digitCount >= 2, let first = text[core.start], Characters.digit(first) == 0 { return tokenEnd(from: end) }
        if core.isPlainInteger, core.digitCount >= 9, lexicon.currency(before: text, numberStart: core.start) == nil,
           lexicon.unit(after: text, at: text.skipSpaces(from: end, limit: 2), numberEnd: end)?.entry.kind != .currency { return tokenEnd(from: end) }
        if let separator = next, separator == "-", core.isPlainInteger, let second = DigitNumbers.parse(text, at: end + 1), second.isPlainInteger, second.digitCount >= 4 { return tokenEnd(from: second.end) }
        // Inside a title: 《2024年度报告》, “Top 10 Dramas”.
        if isInsideTitle(core.start) { return end }
        return nil
    }

    /// Whether an opening `"` comes before `i` on its line (an odd number of them).
    private func isInsideQuotes(_ i: Int) -> Bool {
        var j = i - 1
        var quotes = 0
        while j >= 0, i - j < 200, text.scalars[j] != "\n" {
            if text.scalars[j] == "\"" { quotes += 1 }
            j -= 1
        }
        return quotes % 2 == 1
    }

    /// Whether `i` is inside 《…》 or a quoted title in its clause.
    private func isInsideTitle(_ i: Int) -> Bool {
        var j = i - 1
        var steps = 0
        while j >= 0, steps < 80 {
            let c = text.scalars[j]
            if c == "》" || c == "”" || c == "。" || c == "\n" { return false }
            if c == "《" { return true }
            if c == "“" {
                // A title when the quoted text starts with a capital or is short Chinese.
                if let first = text[j + 1], Characters.isUpper(first) { return true }
                return false
            }
            j -= 1
            steps += 1
        }
        return false
    }

    /// Words before a number that make it a label, not a quantity ("page 3", "top 10").
    static let labelWords: WordSet = [
        "top", "no", "number", "rank", "ranked", "ranking", "grade", "level", "phase", "chapter", "section", "article", "version", "room", "line",
        "page", "item", "route", "flight", "model", "series", "episode", "season", "vol", "volume", "tier",
    ]

    /// ``numeralWords`` by first character, as scalars (checked at every Chinese numeral).
    static let numeralWordsByFirst: ScalarTable<[[Unicode.Scalar]]> = ScalarTable(Dictionary(grouping: numeralWords.words.map { Array($0.unicodeScalars) }, by: { $0[0] }).map { ($0.key, $0.value) })

    /// Words containing numerals that are not numbers.
    static let numeralWords: WordSet = [
        "一些", "一起", "一样", "一般", "一直", "一定", "一致", "一切", "一旦", "一体", "一带", "一路", "一系列", "一流", "一线", "一站式", "一方面",
        "一同", "一再", "一律", "一边", "一下", "一时", "一向", "一度", "一举", "一道", "一手", "一番", "一新", "一贯", "一味", "一齐", "一心", "一口气",
        "十分", "千万", "万万", "万一", "万众", "万物", "百姓", "百货", "百度", "百科", "千里", "三亚", "四川", "九州", "五金", "七夕", "八卦", "九寨沟",
        "十足", "三农", "两岸", "两会", "两者", "两地", "一一", "一是", "二是", "三是", "四是", "五是", "一则", "一来", "二来", "一方", "双方", "万象",
        "千方百计", "四面八方", "五花八门", "一带一路", "一线城市", "二线城市", "三线城市", "一季", "百花", "千家万户", "七彩", "八方",
    ]
    /// Characters before a numeral that make a word with it (统一, 唯一, 之一, 同一).
    static let numeralWordStarts: ScalarSet = ["统", "唯", "之", "同", "逐", "单", "专", "划", "归", "万", "合", "某", "任", "其", "哪", "这", "那"]

    private static func isWord(_ text: ScalarText, _ core: NumberCore) -> Bool {
        let length = core.end - core.start
        for word in numeralWordsByFirst[text.scalars[core.start]] ?? [] where word.count >= length && text.matches(word, at: core.start) {
            return true
        }
        if let previous = text[core.start - 1], numeralWordStarts.contains(previous), length == 1 { return true }
        return false
    }

    /// The end of the alphanumeric token containing `i`.
    private func tokenEnd(from i: Int) -> Int {
        var j = i
        while let c = text[j], Characters.isDigit(c) || Characters.isLatinLetter(c) || (c == "-" || c == "." || c == "/" || c == ":") && (text[j + 1].map { Characters.isDigit($0) || Characters.isLatinLetter($0) } ?? false) { j += 1 }
        return j
    }

    private func chineseEnd(from i: Int) -> Int {
        var j = i
        while let c = text[j], ChineseNumerals.isNumeral(c) { j += 1 }
        return j
    }

    // MARK: - Magnitude, unit, kind

    /// Completes a number with its magnitude, unit, currency and qualifier; nil when it is not a figure.
    private mutating func complete(_ core: NumberCore) -> Outcome? {
        var start = core.start
        var end = core.end
        var value = core.value
        var kind = core.kind ?? .number
        var unit: String? = kind == .percent ? "%" : (kind == .multiple ? "x" : nil)
        var qualifier = core.qualifier
        var factor = 1.0
        var countNounEnd: Int?
        var isChinese = core.style == .chinese
        let prefix = lexicon.currency(before: text, numberStart: core.start)
        if let magnitude = Magnitudes.parse(text, after: end, style: core.style, money: prefix != nil || nextIsCurrency(after: end)) {
            factor = magnitude.factor
            value = value * magnitude.factor + magnitude.addend
            end = magnitude.end
            if magnitude.qualifier != nil { qualifier = magnitude.qualifier }
            isChinese = isChinese || magnitude.isChinese
        }
        // An uncertainty belongs to the figure: "2,000.45±0.01 pounds".
        if let plusMinus = text[end], plusMinus == "±", let c = text[end + 1], Characters.isDigit(c), let uncertainty = DigitNumbers.parse(text, at: end + 1) {
            end = uncertainty.end
        }
        // Units after.
        if core.kind == nil {
            var unitStart = text.skipSpaces(from: end, limit: isChinese ? 4 : 2)
            // Hyphenated units: "3-inch", "45-acre", "two-year", "12-cent".
            if text[end] == "-", let (entry, _) = lexicon.unit(after: text, at: end + 1, numberEnd: end + 1), entry.pattern.count > 1, entry.kind != .percent, entry.kind != .percentagePoints {
                unitStart = end + 1
            }
            // "three quarters of an hour", "two thirds of a mile": a fraction of one unit.
            if core.style == .words, value < 1 {
                let article = text.matches("of an ", at: unitStart) ? 6 : (text.matches("of a ", at: unitStart) ? 5 : 0)
                if article > 0, let (entry, _) = lexicon.unit(after: text, at: unitStart + article, numberEnd: end), entry.kind == .duration || entry.kind == .measure, entry.latin {
                    unitStart += article
                }
            }
            let chineseSuffix = text[text.skipSpaces(from: end, limit: 4)]
            // 两个半小时, 一个半月: a whole number and a half of a time unit.
            if let c = text[end], c == "个" || c == "個", text[end + 1] == "半" {
                if let (entry, unitEnd) = lexicon.unit(after: text, at: end + 2, numberEnd: end + 2), entry.kind == .duration, !entry.latin {
                    return completeHalfDuration(core, start: start, value: value, unit: entry.unit, factor: entry.factor, end: unitEnd)
                } else if text[end + 2] == "月" {
                    return completeHalfDuration(core, start: start, value: value, unit: "month", factor: 1, end: end + 3)
                }
            }
            // 摄氏25度, 华氏77度, 零下5度: temperatures with the scale written first.
            if let c = chineseSuffix, c == "度", let scale = temperatureScale(before: start) {
                kind = .measure
                unit = scale.unit
                start = scale.start
                end = text.skipSpaces(from: end, limit: 4) + 1
                if scale.belowZero { value = -value }
            } else if let c = chineseSuffix, c == "成", core.style == .chinese || core.value < 10 || value == 10, value <= 10 {
                kind = .percent
                unit = "%"
                value *= 10
                end = text.skipSpaces(from: end, limit: 4) + 1
                // 七成六: 76%.
                let k = text.skipSpaces(from: end, limit: 1)
                if let d = text[k].flatMap({ Characters.digit($0) ?? ChineseNumerals.digit($0) }), d > 0, value < 100,
                   !(text[k + 1].map { ChineseNumerals.isNumeral($0) || Characters.isDigit($0) || $0 == "年" || $0 == "月" || $0 == "成" } ?? false) {
                    value += Double(d)
                    end = k + 1
                }
            } else if let c = text[end], c == "打", core.style == .chinese, !(text[end + 1].map(Characters.isHan) ?? false) {
                value *= 12
                end += 1
            } else if let c = chineseSuffix, c == "折", value < 100, value != 10 {
                kind = .percent
                unit = "%"
                value = value < 10 ? value * 10 : value
                end = text.skipSpaces(from: end, limit: 4) + 1
            } else if let (entry, unitEnd) = lexicon.unit(after: text, at: unitStart, numberEnd: end), !(entry.kind == .duration && entry.unit == "year" && !isDurationYear(value: value, core: core, unitStart: unitStart)),
                      !(entry.pattern == ["\""] && isInsideQuotes(core.start)) {  // "English 101" is not 101 inches
                kind = entry.kind
                unit = entry.unit.isEmpty ? nil : entry.unit
                end = unitEnd
                if entry.factor != 1, factor == 1 {
                    value *= entry.factor
                    factor = entry.factor
                }
                // "four times per week", "twice a day": a frequency, not a multiple.
                if entry.kind == .multiple, entry.pattern == Self.timesPattern, let frequency = frequencyPeriod(after: end) {
                    kind = .measure
                    unit = "times/" + frequency.period
                    end = frequency.end
                }
                if entry.kind == .currency, entry.unit.isEmpty { unit = currencyCode(symbol: text.scalars[unitStart]) }
                // "361 million pounds" is money; "25 pounds" a weight.
                if entry.unit == "lb", factor >= 1e6 || prefix != nil {
                    kind = .currency
                    unit = "GBP"
                }
                if entry.kind == .currency {
                    // "75 USD million": a magnitude after the currency.
                    let m = text.skipSpaces(from: end, limit: 2)
                    if factor == 1, m > end, let (word, wordEnd) = text.word(at: m), let scale = Magnitudes.englishScales[word], scale >= 1e3 {
                        value *= scale
                        factor = scale
                        end = wordEnd
                    } else if let cents = centsAfter(end, unit: unit) {
                        // "3 dollars 50 cents", "15 dollars and 50", "thirteen dollars forty-five cents".
                        value += cents.value / 100
                        end = cents.end
                    }
                }
                // 零下5摄氏度: below zero, the sign written as words before the number.
                if entry.unit == "°C" || entry.unit == "°F", let scale = temperatureScale(before: start), scale.belowZero {
                    value = -value
                    start = scale.start
                }
                // 两米半, 三斤半: and a half.
                if text[end] == "半", entry.kind != .currency || core.style == .chinese {
                    value += 0.5
                    end += 1
                }
            } else if let measure = englishMeasureAbbreviation(after: end) {
                kind = .measure
                unit = measure.unit
                end = measure.end
            } else if let classifier = chineseClassifier(at: end) {
                kind = .count
                unit = classifier.unit
                end = classifier.end
                isChinese = true
            } else if core.style != .chinese, let noun = englishCountNoun(after: end) {
                kind = .count
                unit = noun.word
                countNounEnd = end
                end = noun.end
            }
        }
        // A currency before the number: "$ 75 million", "US$5bn", "人民币500万元".
        if let prefix {
            if kind == .count, countNounEnd != nil {
                // "$ 800 rebates": the money, not a count of rebates.
                end = countNounEnd!
            }
            if kind == .number || kind == .currency || kind == .count {
                kind = .currency
                if prefix.entry.factor != 1, factor == 1 {
                    value *= prefix.entry.factor
                    factor = prefix.entry.factor
                }
                if unit == nil || prefix.entry.unit != "¥" { unit = prefix.entry.unit == "¥" ? (mentionsYen ? "JPY" : "CNY") : prefix.entry.unit }
                start = prefix.start
            }
        }
        // Letters or digits fused after the figure: "3D", "5G", "4K" (when not a magnitude).
        if let next = text[end], Characters.isLatinLetter(next) || Characters.isDigit(next) && core.style != .chinese, end == core.end || Characters.isLatinLetter(next) {
            if !(Characters.isLatinLetter(next) && text[end - 1].map(Characters.isSpace) == true) { return .skip(to: tokenEnd(from: end)) }
        }
        // Years used as dates: a bare four-digit year with nothing that makes it a quantity.
        if core.isPlainInteger, core.digitCount == 4, (1900...2100).contains(Int(core.value)), kind == .number, factor == 1, prefix == nil { return .skip(to: end) }
        // Lone words that are not quantities: "one", "a", 一, 两 on their own.
        var provisional = false
        if kind == .number, factor == 1 {
            if core.style == .words, core.value == 1 {
                guard startsProportion(after: end) else { return .skip(to: end) }
                provisional = true
            }
            if core.style == .chinese, core.end - core.start == 1, let next = text[end], Characters.isHan(next), text[core.start - 1] != "是" { return .skip(to: end) }
        }
        // Too many digits for a double ("1" and a million zeros, even with a currency after).
        guard value.isFinite else { return .skip(to: end) }
        // Qualifiers around the figure.
        if let after = Qualifiers.after(text, end: end) {
            qualifier = qualifier ?? after.0
            if after.1 <= end + 2, text.matches("以上", at: end) || text.matches("左右", at: end) { /* not part of the span */ }
        }
        let before = Qualifiers.before(text, start: start)
        if let before { qualifier = before }
        var qualifierStart = start
        if before != nil { qualifierStart = qualifierStartIndex(before: start) }
        return .figure(FigureCandidate(start: start, end: end, qualifierStart: qualifierStart, value: value, kind: kind, unit: unit, qualifier: qualifier, factor: factor, isChinese: isChinese, provisional: provisional))
    }

    /// A number of a time unit and a half (两个半小时).
    private func completeHalfDuration(_ core: NumberCore, start: Int, value: Double, unit: String, factor: Double, end: Int) -> Outcome {
        .figure(FigureCandidate(start: start, end: end, qualifierStart: start, value: (value + 0.5) * factor, kind: .duration, unit: unit, qualifier: core.qualifier, factor: 1, isChinese: true))
    }

    /// 摄氏 or 华氏 and 零下 (below zero), in either order, just before a number: the scale (°C when
    /// only 零下 is written), where the words start, and whether the number is below zero.
    private func temperatureScale(before start: Int) -> (unit: String, start: Int, belowZero: Bool)? {
        var k = text.skipSpacesBackward(from: start, limit: 2)
        var unit: String?
        var belowZero = false
        for _ in 0..<2 {
            if !belowZero, text.matches("零下", endingAt: k) {
                belowZero = true
            } else if unit == nil, text.matches("摄氏", endingAt: k) || text.matches("攝氏", endingAt: k) {
                unit = "°C"
            } else if unit == nil, text.matches("华氏", endingAt: k) || text.matches("華氏", endingAt: k) {
                unit = "°F"
            } else {
                break
            }
            k -= 2
        }
        guard unit != nil || belowZero else { return nil }
        return (unit ?? "°C", k, belowZero)
    }

    /// Abbreviations that are also words, read as units only where a word cannot be meant:
    /// "2 in" (inches) at the end of a phrase or before thick/long/wide…, "30 C" / "-10C"
    /// (Celsius) as a token of its own.
    private func englishMeasureAbbreviation(after i: Int) -> (unit: String, end: Int)? {
        let j = text.skipSpaces(from: i, limit: 1)
        if j > i, text.matches("in", at: j), text.isWordEnd(j + 2) {
            let k = text.skipSpaces(from: j + 2, limit: 2)
            guard let next = text[k] else { return ("in", j + 2) }
            if !Characters.isLatinLetter(next) && !Characters.isDigit(next) { return next == "." || next == "," || next == ")" || next == ";" ? ("in", j + 2) : nil }
            if let (word, _) = text.word(at: k), ["thick", "long", "wide", "tall", "high", "deep", "across", "diameter", "in", "of"].contains(word) { return ("in", j + 2) }
            return nil
        }
        if text[j] == "C", text.isWordEnd(j + 1), text[j + 1] != "." || text.isWordEnd(j + 2), !(text[i - 1].map(Characters.isLatinLetter) ?? false) {
            return ("°C", j + 1)
        }
        // Written exactly so (the case matters): megaannum and gigaannum ("66 Ma ago", "1Ga"),
        // joule-seconds.
        for unit in ["Ma", "Ga", "Js"] where text.matchesExactly(unit, at: j) && text.isWordEnd(j + 2) {
            if unit != "Js", j > i {
                // Written apart, only before "ago" or "BP": "In 1999 Ma founded…" is a name.
                let k = text.skipSpaces(from: j + 2, limit: 2)
                guard k > j + 2, let (next, _) = text.word(at: k), next == "ago" || next == "bp" else { continue }
            }
            return (unit == "Js" ? "J·s" : unit, j + 2)
        }
        return nil
    }

    static let timesPattern = Array("times".unicodeScalars)

    /// Whether "in" and a number follow ("one in five"): a proportion (see ``Proportions``).
    private func startsProportion(after i: Int) -> Bool {
        let j = text.skipSpaces(from: i, limit: 2)
        guard j > i, let (word, wordEnd) = text.word(at: j), word == "in" else { return false }
        let k = text.skipSpaces(from: wordEnd, limit: 2)
        guard k > wordEnd else { return false }
        if let c = text[k], Characters.isDigit(c) { return true }
        return text.word(at: k).map { EnglishNumbers.startsNumber($0.word) && $0.word != "a" && $0.word != "an" } ?? false
    }

    /// "per week", "a day", "each month", "every year" after "times": the period of a frequency.
    private func frequencyPeriod(after i: Int) -> (period: String, end: Int)? {
        let j = text.skipSpaces(from: i, limit: 2)
        guard j > i, let (word, wordEnd) = text.word(at: j), ["per", "a", "an", "each", "every"].contains(word) else { return nil }
        let k = text.skipSpaces(from: wordEnd, limit: 2)
        guard k > wordEnd, let (period, periodEnd) = text.word(at: k), text.isWordEnd(periodEnd),
              ["second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade", "century"].contains(period) else { return nil }
        return (period, periodEnd)
    }

    /// Cents after a whole amount of dollars, euros or pounds: "50 cents", "and 50", "forty-five".
    private func centsAfter(_ i: Int, unit: String?) -> (value: Double, end: Int)? {
        guard let unit, ["USD", "EUR", "GBP", "CAD", "AUD", "HKD"].contains(unit) else { return nil }
        var j = text.skipSpaces(from: i, limit: 2)
        guard j > i else { return nil }
        if let (word, wordEnd) = text.word(at: j), word == "and" { j = text.skipSpaces(from: wordEnd, limit: 2) }
        let amount: NumberCore?
        if let c = text[j], Characters.isDigit(c) {
            amount = DigitNumbers.parse(text, at: j).flatMap { $0.isPlainInteger && $0.digitCount <= 2 ? $0 : nil }
        } else {
            amount = EnglishNumbers.parse(text, at: j).flatMap { $0.value < 100 && $0.value == $0.value.rounded() ? $0 : nil }
        }
        guard let amount else { return nil }
        var end = amount.end
        let k = text.skipSpaces(from: end, limit: 2)
        // "10 $ 30 $": an amount with a currency of its own is the next figure, not cents.
        if let after = lexicon.unit(after: text, at: k, numberEnd: end), after.entry.kind == .currency, after.entry.unit != "USD-cents" { return nil }
        if let (word, wordEnd) = text.word(at: k), ["cents", "cent", "pence", "penny"].contains(word) {
            end = wordEnd
        } else if let next = text[text.skipSpaces(from: end, limit: 2)], Characters.isLatinLetter(next) || Characters.isDigit(next) {
            // "15 dollars 50 more people": only a bare amount at the end of a phrase counts.
            return nil
        }
        return (amount.value, end)
    }

    private func qualifierStartIndex(before start: Int) -> Int {
        // The qualifier is at most three words or three Chinese characters before the figure.
        let end = text.skipSpacesBackward(from: start)
        if let c = text[end - 1], Characters.isHan(c) {
            for (pattern, _) in Qualifiers.chineseBeforeScalars where end >= pattern.count && text.matches(pattern, at: end - pattern.count) { return end - pattern.count }
            return end
        }
        var position = start
        for _ in 0..<3 {
            guard let found = text.word(before: position) else { break }
            position = found.start
            if Qualifiers.englishBefore.contains(where: { $0.phrase.first == found.word }) { return position }
        }
        return start
    }

    /// N年 is a duration only for small counts (三年, 5 years); 2024年 is a date.
    private func isDurationYear(value: Double, core: NumberCore, unitStart: Int) -> Bool {
        guard value < 200, value > 0 else { return false }
        // "2 year-old", "5-year plan" are durations too; "同年" is not a number.
        return true
    }

    private func nextIsCurrency(after i: Int) -> Bool {
        let j = text.skipSpaces(from: i, limit: 2)
        guard let (word, _) = text.word(at: j) else { return false }
        // "5m yuan", "3bn dollars": the word after the suffix.
        if let (_, afterEnd) = text.word(at: j), let (next, _) = text.word(at: text.skipSpaces(from: afterEnd, limit: 2)) {
            if ["yuan", "dollars", "euros", "pounds", "usd", "rmb", "yen"].contains(next) { return true }
        }
        return ["yuan", "dollars", "euros", "usd", "rmb"].contains(word)
    }

    private mutating func currencyCode(symbol: Unicode.Scalar) -> String {
        switch symbol {
        case "€": return "EUR"
        case "£": return "GBP"
        case "¥": return mentionsYen ? "JPY" : "CNY"
        default: return "USD"
        }
    }

    static let classifiers: ScalarSet = [
        "个", "個", "家", "部", "人", "名", "位", "款", "项", "項", "次", "件", "台", "辆", "輛", "座", "所", "条", "條", "篇", "集", "场", "場", "户", "戶",
        "套", "张", "張", "本", "首", "只", "隻", "头", "頭", "份", "起", "批", "支", "架", "艘", "例", "册", "冊", "种", "種", "类", "類", "笔", "筆",
        "宗", "处", "處", "双", "雙", "对", "對", "栋", "棟", "间", "間", "届", "屆", "期", "章", "层", "層", "岁", "歲", "国", "國", "省", "城", "所", "枚", "颗", "顆",
    ]

    /// A Chinese classifier after the number: 5.76亿人, 3.63万部, 21部, 人次.
    private func chineseClassifier(at i: Int) -> (unit: String, end: Int)? {
        guard let c = text[i], Self.classifiers.contains(c) else { return nil }
        if c == "人", text[i + 1] == "次" { return ("人次", i + 2) }
        if c == "个" || c == "個", let next = text[i + 1], Characters.isHan(next), !Self.classifiers.contains(next) {
            // 个项目, 个城市: keep the noun's first character with the classifier.
            return (String(Character(c)), i + 1)
        }
        return (String(Character(c)), i + 1)
    }

    static let notNouns: WordSet = [
        "is", "was", "has", "as", "its", "his", "this", "thus", "plus", "us", "yes", "always", "perhaps", "across", "less", "unless",
        "towards", "besides", "whereas", "does", "goes", "ago", "times", "percent", "hers", "ours", "theirs", "yours", "whose", "was",
        "series", "news", "analysis", "basis", "crisis", "status", "bonus", "campus", "census", "focus", "virus", "corpus", "gas", "bus",
        "various", "previous", "famous", "serious", "numerous", "continuous", "tremendous", "enormous", "obvious", "us", "wireless", "countless",
        "express", "access", "process", "success", "business", "progress", "address", "mass", "class", "glass", "press", "stress",
    ]
    static let irregularPlurals: WordSet = ["people", "children", "men", "women", "staff", "personnel", "cattle", "sheep", "fish", "police", "deer", "aircraft", "livestock", "media"]
    static let notAdjectives: WordSet = [
        "of", "to", "in", "on", "at", "for", "from", "by", "with", "and", "or", "but", "the", "a", "an", "than", "as", "per", "that", "which",
        "in", "into", "over", "under", "between", "among", "after", "before", "during", "since", "until", "while", "is", "was", "are", "were",
        "will", "would", "has", "have", "had", "be", "been", "this", "these", "those", "it", "they", "we", "he", "she", "its", "their",
    ]

    /// An English plural noun after the number: "647,000 jobs", "21 recommended works".
    private func englishCountNoun(after i: Int) -> (word: String, end: Int)? {
        let j = text.skipSpaces(from: i, limit: 2)
        guard j > i, let (first, firstEnd) = text.word(at: j), text.isWordEnd(firstEnd) else { return nil }
        if isPluralNoun(first) { return (first, firstEnd) }
        guard !Self.notAdjectives.contains(first), first.count > 2 else { return nil }
        var k = text.skipSpaces(from: firstEnd, limit: 2)
        if text[firstEnd] == "-" { k = firstEnd + 1 }  // "21 short-video platforms"
        guard k > firstEnd, let (second, secondEnd) = text.word(at: k), text.isWordEnd(secondEnd) || text[secondEnd] == "-" else { return nil }
        if isPluralNoun(second) { return (second, secondEnd) }
        return nil
    }

    private func isPluralNoun(_ word: String) -> Bool {
        if Self.irregularPlurals.contains(word) { return true }
        guard word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is"), !Self.notNouns.contains(word) else { return false }
        return true
    }
}

/// Ranges: "5-20%", "3 to 5 billion yuan", "between 44 mg and 50 mg", "30%-40%": the first number
/// takes the second's kind, unit and magnitude when it has none of its own.
enum Ranges {
    static func propagate(_ candidates: inout [FigureCandidate], in text: ScalarText) {
        guard candidates.count > 1 else { return }
        for index in 0..<(candidates.count - 1) {
            let first = candidates[index], second = candidates[index + 1]
            guard first.kind == .number, second.kind != .number, second.start - first.end <= 5 else { continue }
            let between = text.string(first.end..<second.start).trimmingSpaces
            guard ["-", "–", "—", "~", "～", "至", "到", "to", "and", "or", "-to-", "- to", "-to", "– to"].contains(between.lowercased()) else { continue }
            candidates[index].kind = second.kind
            candidates[index].unit = second.unit
            if first.factor == 1, second.factor > 1 {
                candidates[index].value *= second.factor
                candidates[index].factor = second.factor
            }
        }
    }
}

/// "1 in 21", "one in five adults": a proportion (1/21, 0.2), as one number.
enum Proportions {
    static func merge(_ candidates: inout [FigureCandidate], in text: ScalarText) {
        candidates.mergeAdjacent { first, second in
            guard first.kind == .number, second.kind == .number || second.kind == .count, first.factor == 1, second.factor == 1,
                  first.value >= 1, first.value == first.value.rounded(), second.value == second.value.rounded(), first.value < second.value,
                  !(1900.0...2100.0).contains(second.value), text.string(first.end..<second.start).trimmingSpaces.lowercased() == "in" else { return nil }
            var merged = first
            merged.value = first.value / second.value
            merged.end = second.end
            merged.provisional = false
            return merged
        }
        // A lone "one" kept for a proportion that did not form.
        candidates.removeAll { $0.provisional }
    }
}

extension Array where Element == FigureCandidate {
    /// Replaces each candidate and the next with their combination when `combine` returns one
    /// (the combined candidate is not combined again with the one after).
    mutating func mergeAdjacent(_ combine: (FigureCandidate, FigureCandidate) -> FigureCandidate?) {
        var index = 0
        while index + 1 < count {
            if let merged = combine(self[index], self[index + 1]) {
                self[index] = merged
                remove(at: index + 1)
            }
            index += 1
        }
    }
}

/// "percent of 10", "per cent of twenty-two": a percentage written before its number (the
/// Recognizers-Text grammar). Only where no number comes before "percent" ("5 percent of 10
/// people" is 5%, and the 10 stays a number).
enum PercentBefore {
    static let phrases = ["percents of", "percent of", "per cent of"].map { Array($0.unicodeScalars) }

    static func apply(_ candidates: inout [FigureCandidate], in text: ScalarText) {
        for index in candidates.indices where candidates[index].kind == .number && candidates[index].factor == 1 {
            let start = candidates[index].start
            var end = start
            while end > 0, start - end < 3, let c = text[end - 1], Characters.isSpace(c) { end -= 1 }
            // Compared in place, case-insensitively for ASCII: offsets stay those of the text.
            guard let phrase = phrases.first(where: { end >= $0.count && text.matches($0, at: end - $0.count) }) else { continue }
            let phraseStart = end - phrase.count
            // Only where the phrase opens the text or a clause ("a small percent of 40" is not
            // 40%), so nothing numeric comes before "percent".
            let clauseEnd = text.skipSpacesBackward(from: phraseStart)
            guard clauseEnd == 0 || (text[clauseEnd - 1].map { !Characters.isLatinLetter($0) && !Characters.isDigit($0) } ?? true) else { continue }
            candidates[index].kind = .percent
            candidates[index].unit = "%"
            candidates[index].start = phraseStart
            candidates[index].qualifierStart = min(candidates[index].qualifierStart, phraseStart)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, Characters.isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, Characters.isSpace(last) { scalars.removeLast() }
        return String(scalars)
    }
}
