@testable import GleanFigures
import Testing

/// The quantity layer over number spans: currencies from the ISO 4217 / CLDR table, units from
/// pint's and the Chinese names, compound quantities, multiplication verbs, counts named by the
/// metric. Sentences written for these tests.
@Suite("Quantity layer")
struct QuantityLayerTests {
    /// (text, the figure's span, its value, its kind, its unit)
    static let forms: [(String, String, Double, FigureKind, String?)] = [
        // Currencies: codes before and after, attached or spaced; CLDR names and plurals; slang.
        ("It cost CHF12.50 at the kiosk.", "CHF12.50", 12.5, .currency, "CHF"),
        ("She paid 75EUR for it.", "75EUR", 75, .currency, "EUR"),
        ("a fee of SEK 400 per month", "SEK 400", 400, .currency, "SEK"),
        ("They raised 40 million Swedish kronor.", "40 million Swedish kronor", 40e6, .currency, "SEK"),
        ("The fine was 10 million Brazilian reais.", "10 million Brazilian reais", 10e6, .currency, "BRL"),
        ("We paid 500 Mexican pesos.", "500 Mexican pesos", 500, .currency, "MXN"),
        ("a grant of 2,000 Polish zlotys", "2,000 Polish zlotys", 2000, .currency, "PLN"),
        ("He lent me 5 bucks.", "5 bucks", 5, .currency, "USD"),
        ("They paid 30 quid.", "30 quid", 30, .currency, "GBP"),
        ("售价1200新加坡元。", "1200新加坡元", 1200, .currency, "SGD"),
        ("约合3000澳大利亚元。", "3000澳大利亚元", 3000, .currency, "AUD"),
        ("价格为500瑞典克朗。", "500瑞典克朗", 500, .currency, "SEK"),
        ("5000泰铢的罚款", "5000泰铢", 5000, .currency, "THB"),
        // Units: pint's registry and Chinese names.
        ("It is 30 nautical miles away.", "30 nautical miles", 30, .measure, "nmi"),
        ("The wind reached 60 knots.", "60 knots", 60, .measure, "kn"),
        ("It consumed 400 joules.", "400 joules", 400, .measure, "J"),
        ("a snack of 250 kilocalories", "250 kilocalories", 250, .measure, "kcal"),
        ("a pressure of 30 kPa", "30 kPa", 30, .measure, "kPa"),
        ("It weighed 20 stone.", "20 stone", 20, .measure, "stone"),
        ("a 4 furlong race", "4 furlong", 4, .measure, "fur"),
        ("10英尺高", "10英尺", 10, .measure, "ft"),
        ("油箱容量5加仑", "5加仑", 5, .measure, "gal"),
        ("面积120平方英尺。", "120平方英尺", 120, .measure, "ft2"),
        ("每天摄入2000千卡", "2000千卡", 2000, .measure, "kcal"),
        ("发动机功率300马力", "300马力", 300, .measure, "hp"),
        ("摄氏25度的天气", "摄氏25度", 25, .measure, "°C"),
        ("气温降到零下5摄氏度", "零下5摄氏度", -5, .measure, "°C"),
        ("夜间零下12度", "零下12度", -12, .measure, "°C"),
        ("摄氏零下3度", "摄氏零下3度", -3, .measure, "°C"),
        // Durations, halves and units that count others.
        ("The meeting lasted an hour and a half.", "an hour and a half", 1.5, .duration, "hour"),
        ("a mile and a quarter from here", "a mile and a quarter", 1.25, .measure, "mi"),
        ("We waited half an hour.", "half an hour", 0.5, .duration, "hour"),
        ("It took three quarters of an hour.", "three quarters of an hour", 0.75, .duration, "hour"),
        ("Repairs take a fortnight or 3 fortnights at most.", "3 fortnights", 6, .duration, "week"),
        ("over two centuries", "two centuries", 200, .duration, "year"),
        ("只用了半小时", "半小时", 0.5, .duration, "hour"),
        ("等了两个半小时", "两个半小时", 2.5, .duration, "hour"),
        ("住了一个半月", "一个半月", 1.5, .duration, "month"),
        ("历时三个世纪", "三个世纪", 300, .duration, "year"),
        ("每次5毫秒", "5毫秒", 5, .duration, "millisecond"),
        // Compound quantities: one figure in the largest unit.
        ("The contract runs 3 years and 6 months.", "3 years and 6 months", 3.5, .duration, "year"),
        ("The flight took 11 hrs 30 mins.", "11 hrs 30 mins", 11.5, .duration, "hour"),
        ("It lasted 1 day, 12 hours.", "1 day, 12 hours", 1.5, .duration, "day"),
        ("The film runs 2 hours forty.", "2 hours forty", 2 + 40.0 / 60, .duration, "hour"),
        ("a run of 1 hour 30 minutes 30 seconds", "1 hour 30 minutes 30 seconds", 1 + 30.0 / 60 + 30.0 / 3600, .duration, "hour"),
        ("Tickets were $15 and 20 cents each.", "$15 and 20 cents", 15.2, .currency, "USD"),
        ("He is 6 ft 1.", "6 ft 1", 6 + 1.0 / 12, .measure, "ft"),
        ("a baby of 7 lb 3 oz", "7 lb 3 oz", 7 + 3.0 / 16, .measure, "lb"),
        ("历时三年零六个月。", "三年零六个月", 3.5, .duration, "year"),
        ("用时1小时20分钟。", "1小时20分钟", 1 + 20.0 / 60, .duration, "hour"),
        ("买了2斤3两苹果。", "2斤3两", 2.3, .measure, "jin"),
        ("这个卖5块2毛。", "5块2毛", 5.2, .currency, "CNY"),
        ("一共5元3角2分", "5元3角2分", 5.32, .currency, "CNY"),
        ("找零5块2", "5块2", 5.2, .currency, "CNY"),
        // Sections of digits and scale words.
        ("7 thousand 2 hundred and 15 people came.", "7 thousand 2 hundred and 15 people", 7215, .count, "people"),
        ("5 million 300 thousand residents", "5 million 300 thousand residents", 5.3e6, .count, "residents"),
        ("3千零50万元", "3千零50万元", 3.05e7, .currency, "CNY"),
        ("投资3千5百万元", "3千5百万元", 3.5e7, .currency, "CNY"),
        // Multiplication verbs.
        ("Revenue doubled last year.", "doubled", 2, .multiple, "x"),
        ("Profits tripled in 2023.", "tripled", 3, .multiple, "x"),
        ("exports have trebled", "trebled", 3, .multiple, "x"),
        ("Sales quintupled over the decade.", "quintupled", 5, .multiple, "x"),
        ("costs halved", "halved", 0.5, .multiple, "x"),
        ("营收翻了一番。", "翻了一番", 2, .multiple, "x"),
        ("利润翻两番。", "翻两番", 4, .multiple, "x"),
        ("用户数翻倍", "翻倍", 2, .multiple, "x"),
        ("成本减半", "减半", 0.5, .multiple, "x"),
        // Counts named by the metric.
        ("The user base reached 612 million.", "612 million", 612e6, .count, "users"),
        ("Visitor numbers hit 2.4 million this summer.", "2.4 million", 2.4e6, .count, "visitors"),
        ("The number of employees rose to 5,000.", "5,000", 5000, .count, "employees"),
        ("用户规模达6.12亿。", "6.12亿", 6.12e8, .count, "用户"),
        ("参与人数超过300", "300", 300, .count, "人"),
        // English and Chinese numerals the grammar composes.
        ("That is a half dozen boxes.", "a half dozen boxes", 6, .count, "boxes"),
        ("We ate half a dozen eggs.", "half a dozen eggs", 6, .count, "eggs"),
        ("a quarter billion dollars was spent", "a quarter billion dollars", 2.5e8, .currency, "USD"),
        ("廿三人报名", "廿三人", 23, .count, "人"),
        ("卅年", "卅年", 30, .duration, "year"),
        ("卌五岁", "卌五岁", 45, .count, "岁"),
    ]

    @Test("reads", arguments: forms.indices)
    func reads(_ index: Int) {
        let (text, span, value, kind, unit) = Self.forms[index]
        guard let found = figure(span, in: figures(text)) else { return }
        #expect(same(found.value, value), "\(text): value \(found.value)")
        #expect(found.kind == kind, "\(text): kind \(found.kind)")
        #expect(found.unit == unit, "\(text): unit \(found.unit ?? "nil")")
    }

    /// Words that look like units or verbs but are not figures here.
    @Test(arguments: [
        "He finished in thirty-second place.", "the twenty-first century", "She won the mixed doubles.", "A year ago we met.",
        "上半年营收增长", "an hour later", "10 cop cars", "we ate 3 pies",
    ])
    func notQuantities(_ text: String) {
        let found = figures(text)
        #expect(found.allSatisfy { $0.kind != .multiple && $0.kind != .duration && $0.kind != .currency }, "\(text): \(found.map { "\($0.text) \($0.kind)" })")
        if text.contains("place") || text.contains("century") { #expect(found.isEmpty, "\(text): \(found.map(\.text))") }
    }

    @Test func metricUnitsStayApart() {
        let found = figures("The length is 12 m 2 dm more or less")
        #expect(found.map(\.text) == ["12 m", "2 dm"])
    }

    @Test func decimalsAreTheNearestDouble() {
        for (text, value) in [("36.57亿元", 36.57e8), ("0.1 percent", 0.1), ("3.3 km", 3.3), ("九点九五", 9.95), ("1.0000001 kg", 1.0000001)] {
            let found = figures(text)
            #expect(found.first.map { $0.value == value } == true, "\(text): \(found.map(\.value)) vs \(value)")
        }
    }
}
