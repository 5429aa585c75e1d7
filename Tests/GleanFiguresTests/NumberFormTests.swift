@testable import GleanFigures
import Testing

@Suite("Number forms")
struct NumberFormTests {
    /// (text, the figure's span, its value, its kind, its unit)
    static let forms: [(String, String, Double, FigureKind, String?)] = [
        // Digits, separators, decimals, signs.
        ("sales of 1,234,567 units", "1,234,567 units", 1_234_567, .count, "units"),
        ("a loan of 12,34,567.89 rupees", "12,34,567.89 rupees", 1_234_567.89, .currency, "INR"),
        ("revenue of 1\u{2009}234\u{2009}567 euros", "1\u{2009}234\u{2009}567 euros", 1_234_567, .currency, "EUR"),
        ("收入１２３，４５６元", "１２３，４５６元", 123_456, .currency, "CNY"),
        ("利润３．５亿元", "３．５亿元", 3.5e8, .currency, "CNY"),
        ("profit fell to -3.2 million dollars", "-3.2 million dollars", -3.2e6, .currency, "USD"),
        // English words.
        ("one hundred billion yuan", "one hundred billion yuan", 1e11, .currency, "CNY"),
        ("a dozen firms", "a dozen firms", 12, .count, "firms"),
        ("two-thirds of users", "two-thirds", 2.0 / 3, .number, nil),
        ("half a million viewers", "half a million viewers", 500_000, .count, "viewers"),
        ("twenty-one trillion and three hundred", "twenty-one trillion and three hundred", 21e12 + 300, .number, nil),
        ("five and a half million", "five and a half million", 5.5e6, .number, nil),
        ("three quarters", "three quarters", 0.75, .number, nil),
        // Magnitudes.
        ("10k subscribers", "10k subscribers", 10_000, .count, "subscribers"),
        ("US$3.5bn", "US$3.5bn", 3.5e9, .currency, "USD"),
        ("$20m", "$20m", 20e6, .currency, "USD"),
        ("收入3.5万元", "3.5万元", 35_000, .currency, "CNY"),
        ("投资1.2亿美元", "1.2亿美元", 1.2e8, .currency, "USD"),
        ("估值3千万", "3千万", 3e7, .number, nil),
        ("规模达百亿", "百亿", 1e10, .number, nil),
        ("约2万亿元", "2万亿元", 2e12, .currency, "CNY"),
        ("营收1亿5000万元", "1亿5000万元", 1.5e8, .currency, "CNY"),
        ("1,100.9亿", "1,100.9亿", 1.1009e11, .number, nil),
        // Chinese numerals.
        ("三百五十万元", "三百五十万元", 3.5e6, .currency, "CNY"),
        ("一千零五", "一千零五", 1005, .number, nil),
        ("两千三百五", "两千三百五", 2350, .number, nil),
        ("壹佰贰拾叁万元", "壹佰贰拾叁万元", 1_230_000, .currency, "CNY"),
        ("负三十二", "负三十二", -32, .number, nil),
        ("五十五点五七九", "五十五点五七九", 55.579, .number, nil),
        ("三分之一的用户", "三分之一", 1.0 / 3, .number, nil),
        ("十万柒仟捌佰伍拾肆", "十万柒仟捌佰伍拾肆", 107_854, .number, nil),
        // Kinds and units.
        ("同比增长34.9%", "34.9%", 34.9, .percent, "%"),
        ("up 12 per cent", "12 per cent", 12, .percent, "%"),
        ("百分之三十", "百分之三十", 30, .percent, "%"),
        ("六成用户", "六成", 60, .percent, "%"),
        ("提高7.3个百分点", "7.3个百分点", 7.3, .percentagePoints, "pp"),
        ("up 2.5 percentage points", "2.5 percentage points", 2.5, .percentagePoints, "pp"),
        ("rose 2.56 times", "2.56 times", 2.56, .multiple, "x"),
        ("a threefold rise", "threefold", 3, .multiple, "x"),
        ("a 5-fold rise", "5-fold", 5, .multiple, "x"),
        ("增长3倍", "3倍", 3, .multiple, "x"),
        ("用户5.76亿人", "5.76亿人", 5.76e8, .count, "人"),
        ("上线3.63万部", "3.63万部", 36_300, .count, "部"),
        ("3,574 dramas", "3,574 dramas", 3574, .count, "dramas"),
        ("it runs 101 minutes", "101 minutes", 101, .duration, "minute"),
        ("每集3分钟", "3分钟", 3, .duration, "minute"),
        ("历时两年", "两年", 2, .duration, "year"),
        ("HK$500 million", "HK$500 million", 5e8, .currency, "HKD"),
        ("€20m", "€20m", 2e7, .currency, "EUR"),
        ("£3.5bn", "£3.5bn", 3.5e9, .currency, "GBP"),
        ("RMB 300", "RMB 300", 300, .currency, "CNY"),
        ("2000港元", "2000港元", 2000, .currency, "HKD"),
        ("300欧元", "300欧元", 300, .currency, "EUR"),
        ("50英镑", "50英镑", 50, .currency, "GBP"),
        ("387万亩", "387万亩", 3.87e6, .measure, "mu"),
        ("17 km away", "17 km", 17, .measure, "km"),
        ("2.80 GHz", "2.80 GHz", 2.8, .measure, "GHz"),
        ("it cost 3 dollars 50 cents", "3 dollars 50 cents", 3.5, .currency, "USD"),
        ("they paid 75 USD million", "75 USD million", 75e6, .currency, "USD"),
        ("五兆六十二亿", "五兆六十二亿", 5.0062e12, .number, nil),
        ("装机50兆瓦", "50兆瓦", 50, .measure, "MW"),
        ("买了二两茶叶", "二两", 2, .measure, "liang"),
        ("it weighs 2,000.45±0.01 pounds", "2,000.45±0.01 pounds", 2000.45, .measure, "lb"),
        ("361 million pounds", "361 million pounds", 361e6, .currency, "GBP"),
        ("a 3-inch screen", "3-inch", 3, .measure, "in"),
        ("the 27-kilometer ring", "27-kilometer", 27, .measure, "km"),
        ("1.3e6 units", "1.3e6 units", 1.3e6, .count, "units"),
        // Scientific notation without a caret, other radixes, units with exponents and ratios.
        ("the density is 5.5x10-3 kg/cm³ here", "5.5x10-3 kg/cm³", 0.0055, .measure, "kg/cm3"),
        ("a factor of 2.48×10−5, with", "2.48×10−5", 2.48e-5, .number, nil),
        ("exactly 8x2^10 bits", "8x2^10 bits", 8192, .measure, "bit"),
        ("an area of 4km^2 or so", "4km^2", 4, .measure, "km2"),
        ("a volume of 4 km cubed", "4 km cubed", 4, .measure, "km3"),
        // Fractions: improper mixed ones, "over", Chinese 又 after digits.
        ("1 4/3的美梦", "1 4/3", 7.0 / 3, .number, nil),
        ("４ ６／３", "４ ６／３", 6, .number, nil),
        ("it is 2000 over 3", "2000 over 3", 2000.0 / 3, .number, nil),
        ("3又一千分之23", "3又一千分之23", 3.023, .number, nil),
        // Units that are also words or times.
        ("the door is 2 1/2 in thick", "2 1/2 in", 2.5, .measure, "in"),
        ("the pencil is 2 in.", "2 in", 2, .measure, "in"),
        ("its 30 C outside", "30 C", 30, .measure, "°C"),
        ("a grid of 2.1 pm.", "2.1 pm", 2.1, .measure, "pm"),
        ("matter at absolute zero is", "absolute zero", 0, .measure, "K"),
        ("about one thousand bytes.", "one thousand bytes", 1000, .measure, "B"),
        // Chinese: half a hundred, 成 with a tenth, half price, a dozen, long amounts with a currency.
        ("年过半百", "半百", 50, .number, nil),
        ("增长半成", "半成", 5, .percent, "%"),
        ("七成六的受访者", "七成六", 76, .percent, "%"),
        ("商品打对折", "对折", 50, .percent, "%"),
        ("壹打", "壹打", 12, .number, nil),
        ("我们有 202107211321363588510367 美元", "202107211321363588510367 美元", 2.02107211321363588e23, .currency, "USD"),
        ("－－9", "9", 9, .number, nil),
        // Currency symbols.
        ("Supply limit: ₿21,000,000", "₿21,000,000", 21e6, .currency, "BTC"),
        ("I spent 100₾ on it", "100₾", 100, .currency, "GEL"),
        ("10 $ 30 $", "30 $", 30, .currency, "USD"),
        // Compound imperial measures, spaced metres and grams, codes with a magnitude.
        ("she is 5 ft 2 in tall", "5 ft 2 in", 5 + 2.0 / 12, .measure, "ft"),
        ("he is 5 feet and 2 inches.", "5 feet and 2 inches", 5 + 2.0 / 12, .measure, "ft"),
        ("a parcel of 3 lb 4 oz", "3 lb 4 oz", 3.25, .measure, "lb"),
        ("The length is 12 m 2 dm more or less", "12 m", 12, .measure, "m"),
        ("add 5 g of salt", "5 g", 5, .measure, "g"),
        ("It cost $1 m in the end", "$1 m", 1e6, .currency, "USD"),
        ("losses in excess of 30 MUSD were reported", "30 MUSD", 30e6, .currency, "USD"),
        ("annual revenues of about MAUD 60", "MAUD 60", 60e6, .currency, "AUD"),
        ("a budget of 500 kEUR", "500 kEUR", 500e3, .currency, "EUR"),
        ("that one mile can provide", "one mile", 1, .measure, "mi"),
        (" 3 dzs of eggs", "3 dzs", 36, .number, nil),
        // Fractions with compound ordinal denominators, and after a scale.
        ("three twenty firsts", "three twenty firsts", 3.0 / 21, .number, nil),
        ("a twenty-first of it", "a twenty-first", 1.0 / 21, .number, nil),
        ("one one hundred fifth", "one one hundred fifth", 1.0 / 105, .number, nil),
        ("a hundred trillionths", "a hundred trillionths", 1e-10, .number, nil),
        ("ninety - five hundred fifths", "ninety - five hundred fifths", 1900, .number, nil),
        // Proportions, frequencies, European decimals, lists of groups.
        ("1 in twenty-one", "1 in twenty-one", 1.0 / 21, .number, nil),
        ("one in five adults", "one in five adults", 0.2, .number, nil),
        ("it is used four times per week", "four times per week", 4, .measure, "times/week"),
        ("it costs 1.234.567,89 euros", "1.234.567,89 euros", 1_234_567.89, .currency, "EUR"),
        ("three million, two hundred & forty, you say?", "three million, two hundred & forty", 3_000_240, .number, nil),
        ("two out of five hundreds", "two out of five hundreds", 0.004, .number, nil),
        ("abundant approximately 66 Ma ago", "66 Ma", 66, .measure, "Ma"),
        ("oscillates at 4e14 s-1", "4e14 s-1", 4e14, .measure, "1/s"),
        // A percentage written before its number.
        ("per cent of twenty-two", "per cent of twenty-two", 22, .percent, "%"),
        ("percent of 10", "percent of 10", 10, .percent, "%"),
    ]

    @Test func timesAndWordsStayWhatTheyAre() {
        #expect(figures("we meet at 3.30 pm today").isEmpty)
        #expect(figures("at 11.45 am").isEmpty)
        #expect(figures("invest 5 in the company").first?.unit == nil)
        #expect(figures("一半百姓").isEmpty)
        #expect(figures("rose 5 over 3 years").map(\.text) == ["5", "3 years"])
        #expect(figures(#"The class is "English 101". On"#).first?.kind == .number)
        #expect(figures("10 $ 30 $").map(\.value) == [10, 30])
        #expect(figures("3 hundred and 2 hundred are two numbers").map(\.value) == [300, 200, 2])
        #expect(figures("5 percent of 10 people").map(\.kind) == [.percent, .count])
        #expect(figures("the one you mentioned").isEmpty)
        #expect(figures("5 feet, 14 inches").count == 2)  // 14 inches is more than a foot: two figures
        #expect(figures("two million, three companies").map(\.value) == [2e6, 3])
        #expect(figures("it took one hundred twenty seconds").map(\.value) == [120])
        #expect(figures("In 1999 Ma founded Alibaba").isEmpty)
        #expect(figures("the worst one in 30 years").map(\.text) == ["30 years"])
        #expect(figures("only one in 2023").isEmpty)
        #expect(figures("a small percent of 40 million").first?.kind == .number)
        #expect(figures("at 51.507,0.127 on the map").first?.value != 51507)
        #expect(figures("one million, two million, three million").map(\.value) == [1e6, 2e6, 3e6])
        #expect(figures("it lasted several hundred years").isEmpty)
        #expect(figures("twenty one seconds").map(\.value) == [21])
        #expect(figures("prices rose three times last year").first?.kind == .multiple)
        #expect(figures("exposed to 20 J/m^2 per year").map(\.value) == [20])
        #expect(figures("a ratio of 1.111, then 2.5").map(\.value) == [1.111, 2.5])  // not a European 1.111,…
    }

    @Test("reads", arguments: forms.indices)
    func reads(_ index: Int) {
        let (text, span, value, kind, unit) = Self.forms[index]
        guard let got = figure(span, in: figures(text)) else { return }
        #expect(same(got.value, value), "\(text): \(got.value)")
        #expect(got.kind == kind, "\(text)")
        #expect(got.unit == unit, "\(text)")
    }

    @Test func yenDependsOnTheText() {
        #expect(figures("售价¥300").first?.unit == "CNY")
        #expect(figures("Tokyo: the ticket costs ¥300, about 2 dollars, in yen terms").first?.unit == "JPY")
        #expect(figures("售价￥300").first?.unit == "CNY")
    }

    @Test func languageOptionLimitsWhatIsRead() {
        #expect(figures("一百万 and one million", language: .en).map(\.text) == ["one million"])
        #expect(figures("一百万 and one million", language: .zh).map(\.text) == ["一百万"])
    }
}
