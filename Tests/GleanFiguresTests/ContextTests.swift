@testable import GleanFigures
import Testing

@Suite("Figure context: qualifiers, periods, metrics, ranges, what is not a figure")
struct ContextTests {
    @Test(arguments: [
        ("more than 500 companies", FigureQualifier.over), ("over 37.39 billion yuan", .over), ("nearly 30%", .approaching),
        ("about 2 million", .approximately), ("up to 40%", .atMost), ("at least 3 times", .atLeast), ("less than 5%", .under),
        ("超过10万人", .over), ("逾500家", .over), ("近千亿元", .approaching), ("约30%", .approximately), ("500余万人", .over),
        ("30多家", .over), ("1000万元以上", .over), ("3000万元左右", .approximately), ("至少5家", .atLeast), ("不到5%", .under),
        ("12 people", .exact),
    ])
    func qualifier(_ text: String, _ expected: FigureQualifier) {
        #expect(figures(text).first?.qualifier == expected, "\(text)")
    }

    @Test func qualifierIsNotInTheSpan() {
        let found = figures("It grew to over 37.39 billion yuan")
        #expect(found.first?.text == "37.39 billion yuan")
    }

    @Test(arguments: [
        ("sales were 5 million yuan in 2024", "2024"),
        ("In the first half of 2025, sales reached 1.2 million units", "2025-H1"),
        ("sales reached 1.2 million units in H1 2025", "2025-H1"),
        ("Q3 2023 revenue was $5m", "2023-Q3"),
        ("revenue was $5m in the third quarter of 2023", "2023-Q3"),
        ("revenue was $5m in July 2025", "2025-07"),
        ("revenue was $5m last year", "2024"),
        ("revenue will be $5m next year", "2026"),
        ("2024年市场规模达504.4亿元", "2024"),
        ("2025年上半年营收12亿元", "2025-H1"),
        ("今年上半年营收12亿元", "2025-H1"),
        ("去年营收12亿元", "2024"),
        ("2023年第三季度营收12亿元", "2023-Q3"),
        ("三季度营收12亿元", "2025-Q3"),
        ("2025年7月营收12亿元", "2025-07"),
        ("violations fell 78% from 2022 to 2024", "2022/2024"),
        ("2022年至2024年增长78%", "2022/2024"),
    ])
    func period(_ text: String, _ expected: String) {
        #expect(figures(text, published: "2025-07-21").first?.period == expected, "\(text)")
    }

    @Test func relativePeriodsNeedAPublishedDate() {
        #expect(figures("revenue was $5m last year").first?.period == nil)
        #expect(figures("去年营收12亿元").first?.period == nil)
    }

    @Test func rangesGiveTwoFiguresWithTheirOwnPeriods() {
        let found = figures("grew from 368 million yuan in 2021 to 37.39 billion yuan in 2023")
        #expect(found.map(\.period) == ["2021", "2023"])
        let range = figures("between 3 and 5 billion yuan")
        #expect(range.map(\.value) == [3e9, 5e9])
        #expect(range.map(\.kind) == [.currency, .currency])
        let percents = figures("酒精量在5-20%之间")
        #expect(percents.map(\.value) == [5, 20])
        #expect(percents.map(\.kind) == [.percent, .percent])
    }

    @Test func metrics() {
        #expect(figures("市场规模达504.4亿元，同比增长34.9%").map(\.metric) == ["市场规模", "市场规模"])
        #expect(figures("The user base reached 500 million people").first?.metric == "people")
        #expect(figures("Revenue rose 12% to $5bn").first?.metric == "revenue")
    }

    @Test(arguments: [
        "The forum opened on 2025-07-21 at 07:01.",
        "Any time to meet on 5/17/2018?",
        "It happened on July 21, 2025.",
        "2025年7月21日，会议召开。",
        "He was born in 1998.",
        "The meeting starts at 3pm.",
        "It finished 1st, then 2nd and 3rd.",
        "It is ranked top five, the No. 1 drama.",
        "排名第3，前五名。",
        "Core insights [1][11] and more [2].",
        "《2024年度报告》发布。",
        "Call 010-12345678 or +86 138 0013 8000.",
        "Order 12345678901 shipped.",
        "The Intel Core i7 860 with LGA1156, COVID-19 and 5G.",
        "See https://example.com/report-2024?page=30%25 for details.",
        "这是统一的标准，一些企业和一样的做法。",
    ])
    func notFigures(_ text: String) {
        let found = figures(text).filter { $0.text != "860" }  // a bare model number reads as a number
        #expect(found.isEmpty, "\(text): \(found.map(\.text))")
    }

    @Test func sentencesAreTheFiguresOwn() {
        let found = figures("Sales rose 5%. Profit fell 3%! 利润下降2%。收入增长4%")
        #expect(found.map(\.sentence) == ["Sales rose 5%.", "Profit fell 3%!", "利润下降2%。", "收入增长4%"])
    }

    @Test func kindsFilter() {
        let extractor = FigureExtractor(kinds: [.percent])
        #expect(extractor.figures(in: "revenue of $5m rose 12%").map(\.text) == ["12%"])
    }
}
