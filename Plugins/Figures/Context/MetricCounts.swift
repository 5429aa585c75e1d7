import GleanText

/// The noun a metric counts, for a number that stands alone: "the user base reached 612 million"
/// counts users, "visitor numbers hit 2 million" visitors, "the number of employees is 5,000"
/// employees, 用户规模达6.12亿 用户, 参与人数超过300 人. Such a number is a `count` of that noun.
///
/// English: the metric ends in a collective head (base, count, number(s), total, tally,
/// headcount) after a noun, or starts with "number of", "total of", "count of"; "population"
/// alone counts people. Chinese: the metric ends in 规模, 数量, 总数, 人数 or 数 after a noun
/// (the last two characters before it; 人数 counts 人), except nouns of money or trade
/// (市场规模 is a market's size, not a count of markets).
enum MetricCounts {
    static let englishHeads: WordSet = ["base", "count", "number", "numbers", "total", "tally", "headcount"]
    static let englishOpeners: WordSet = ["number", "numbers", "total", "count"]
    static let chineseSuffixes = ["人数", "总数", "總數", "数量", "數量", "规模", "規模", "数", "數"]
    /// Nouns whose 规模/数 is a size or an amount, not a count.
    static let chineseNotCounted = ["市场", "市場", "产业", "產業", "行业", "行業", "经济", "經濟", "交易", "融资", "融資", "投资", "投資", "资产", "資產",
                                    "业务", "業務", "营收", "收入", "销售", "銷售", "基金", "贷款", "貸款", "存款", "资金", "資金"]
    /// Words ending in 数 that are not "the number of": an index, a score, a multiple, an age.
    static let chineseNotNumberOf = ["指数", "指數", "分数", "次数", "倍数", "系数", "岁数"]

    static func noun(ofMetric metric: String, chinese: Bool) -> String? {
        chinese ? chineseNoun(metric) : englishNoun(metric)
    }

    private static func englishNoun(_ metric: String) -> String? {
        let words = metric.lowercased().split(separator: " ").map(String.init)
        guard let last = words.last, words.allSatisfy({ $0.unicodeScalars.allSatisfy(Characters.isLatinLetter) }) else { return nil }
        if words.count >= 3, englishOpeners.contains(words[0]), words[1] == "of" { return plural(last) }
        if words == ["population"] { return "people" }
        guard words.count >= 2, englishHeads.contains(last) else { return nil }
        let noun = words[words.count - 2]
        guard noun.count > 2, !Metrics.phraseBreaks.contains(noun), !["market", "trade", "sales", "revenue", "grand"].contains(noun) else { return nil }
        return plural(noun)
    }

    private static func plural(_ noun: String) -> String {
        if noun.hasSuffix("s") || noun == "people" || noun == "staff" { return noun }
        if noun.hasSuffix("y"), let before = noun.unicodeScalars.dropLast().last, !"aeiou".unicodeScalars.contains(before) { return noun.dropLast() + "ies" }
        if noun.hasSuffix("x") || noun.hasSuffix("ch") || noun.hasSuffix("sh") { return noun + "es" }
        return noun + "s"
    }

    private static func chineseNoun(_ metric: String) -> String? {
        guard let suffix = chineseSuffixes.first(where: { metric.hasSuffix($0) }), !chineseNotNumberOf.contains(where: { metric.hasSuffix($0) }) else { return nil }
        if suffix == "人数" { return "人" }
        let rest = metric.unicodeScalars.dropLast(suffix.unicodeScalars.count)
        guard rest.count >= 2, rest.allSatisfy(Characters.isHan) else { return nil }
        let noun = String(String.UnicodeScalarView(rest.suffix(2)))
        guard !chineseNotCounted.contains(noun) else { return nil }
        return noun
    }
}
