@testable import GleanFigures
import Testing

/// Every figure in ../shared/samples/industry-articles.txt (the articles behind
/// Pipelines/samples/industry-news.xml), sentence by sentence, with what it must come out as.
@Suite("Figures in the sample articles")
struct SampleArticleTests {
    struct Expected: Sendable, CustomStringConvertible {
        var span: String
        var value: Double
        var kind: FigureKind
        var unit: String?
        var qualifier: FigureQualifier = .exact
        var metric: String?
        var period: String?
        var description: String { span }
    }

    static let cases: [(text: String, published: String?, expected: [Expected])] = [
        ("微短剧行业加速发展,今年市场规模或接近千亿", "2025-07-21",
         [Expected(span: "千亿", value: 1e11, kind: .number, qualifier: .approaching, metric: "市场规模", period: "2025")]),
        ("The micro-short drama industry is accelerating its development this year, with the overall scale approaching one hundred billion yuan [1][11].", "2025-07-21",
         [Expected(span: "one hundred billion yuan", value: 1e11, kind: .currency, unit: "CNY", qualifier: .approaching, metric: "overall scale", period: "2025")]),
        ("A collaborative initiative was launched by the National Radio and Television Administration and other legal bodies to promote legal knowledge through micro-short dramas, with 21 recommended works covering various legal fields [4].", nil,
         [Expected(span: "21 recommended works", value: 21, kind: .count, unit: "works")]),
        ("The market size of micro-short dramas exceeded 500 billion yuan last year, surpassing the total box office of national films for the first time, with expectations to approach one hundred billion yuan this year [13].", "2025-07-21",
         [Expected(span: "500 billion yuan", value: 5e11, kind: .currency, unit: "CNY", qualifier: .over, metric: "market size", period: "2024"),
          Expected(span: "one hundred billion yuan", value: 1e11, kind: .currency, unit: "CNY", qualifier: .approaching, metric: "market size", period: "2025")]),
        ("The number of industry violations reported decreased by 78% from 2022 to 2024, indicating a shift towards a more regulated and standardized industry [2]", nil,
         [Expected(span: "78%", value: 78, kind: .percent, unit: "%", metric: "number of industry violations reported", period: "2022/2024")]),
        ("The market size of micro-short dramas in China grew from 368 million yuan in 2021 to over 37.39 billion yuan in 2023, with projections of reaching 50.4 billion yuan in 2024, marking a hundredfold increase in three years [3]", nil,
         [Expected(span: "368 million yuan", value: 368e6, kind: .currency, unit: "CNY", metric: "market size", period: "2021"),
          Expected(span: "37.39 billion yuan", value: 37.39e9, kind: .currency, unit: "CNY", qualifier: .over, metric: "market size", period: "2023"),
          Expected(span: "50.4 billion yuan", value: 50.4e9, kind: .currency, unit: "CNY", metric: "market size", period: "2024"),
          Expected(span: "hundredfold", value: 100, kind: .multiple, unit: "x", metric: "market size"),
          Expected(span: "three years", value: 3, kind: .duration, unit: "year")]),
        ("Successful examples include \"Home Inside and Outside,\" which resonated with audiences through its portrayal of intergenerational family relationships, achieving over 800 million views [3]", nil,
         [Expected(span: "800 million views", value: 800e6, kind: .count, unit: "views", qualifier: .over, metric: "views")]),
        ("The micro-short drama industry created 647,000 jobs in the first half of 2025, spanning various roles from scriptwriters to flexible employment opportunities [5]", nil,
         [Expected(span: "647,000 jobs", value: 647_000, kind: .count, unit: "jobs", metric: "jobs", period: "2025-H1")]),
        ("The integration of micro-short dramas with cultural tourism has led to a 30% increase in visitor numbers at filming locations [6]", nil,
         [Expected(span: "30%", value: 30, kind: .percent, unit: "%", metric: "visitor numbers")]),
        ("The \"micro-short drama + legal education\" model has emerged as a new tool for grassroots governance, with productions like \"Rental Pitfalls\" helping to reduce local rental disputes by 22% [6]", nil,
         [Expected(span: "22%", value: 22, kind: .percent, unit: "%", metric: "local rental disputes")]),
    ]

    @Test("every figure, and nothing else", arguments: cases.indices)
    func sentence(_ index: Int) {
        let (text, published, expected) = Self.cases[index]
        let found = figures(text, published: published)
        #expect(found.map(\.text) == expected.map(\.span), "in: \(text)")
        for item in expected {
            guard let got = figure(item.span, in: found) else { continue }
            #expect(same(got.value, item.value), "\(item.span): value \(got.value)")
            #expect(got.kind == item.kind, "\(item.span)")
            #expect(got.unit == item.unit, "\(item.span)")
            #expect(got.qualifier == item.qualifier, "\(item.span)")
            if let metric = item.metric { #expect(got.metric == metric, "\(item.span)") }
            if let period = item.period { #expect(got.period == period, "\(item.span)") }
            #expect(got.sentence.contains(item.span))
            // Offsets are code points into the text, end exclusive.
            let scalars = Array(text.unicodeScalars)
            #expect(String(String.UnicodeScalarView(scalars[got.start..<got.end])) == item.span)
        }
    }

    @Test func datelinesCitationsAndYearsAreNotFigures() {
        let text = "Jing Ji Wang· 2025-07-21 07:01 Core Insights - The industry is transitioning [1][2] Policy Support: Comprehensive Regulation"
        #expect(figures(text).isEmpty)
    }
}
