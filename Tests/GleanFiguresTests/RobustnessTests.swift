@testable import GleanFigures
import Testing

/// Any text yields figures or nothing: never a crash, never a hang (the fuzz target in
/// Fuzz/ checks the same properties on generated inputs).
@Suite("Figures on hostile text")
struct RobustnessTests {
    func checkSpans(_ text: String) {
        let count = text.unicodeScalars.count
        for figure in FigureExtractor().figures(in: text) {
            #expect(figure.start >= 0 && figure.start < figure.end && figure.end <= count)
            #expect(figure.value.isFinite)
        }
    }

    @Test func binaryJunk() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            checkSpans(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func tenMegabytesWithoutAFullStop() {
        let chunk = "the platforms kept exploring collaborative models between long and short dramas while the regulator "
            + "published guidance on classification and the industry discussed returning to creative fundamentals "
            + "and the market grew 5% to 3 billion yuan with 1,234 jobs and 市场规模达504.4亿元 "
        let text = String(repeating: chunk, count: 10_000_000 / chunk.utf8.count)
        let found = FigureExtractor().figures(in: text)
        #expect(found.count == 4 * (10_000_000 / chunk.utf8.count))
        // Long "sentences" are cut around each figure.
        #expect(found.allSatisfy { $0.sentence.count <= 240 && $0.sentence.contains($0.text) })
        #expect(found.last?.period == nil)
    }

    @Test func denseFiguresWithoutAFullStop() {
        let chunk = "the market grew 5% to 3 billion yuan and 市场规模达504.4亿元 with 1,234 jobs "
        let found = FigureExtractor().figures(in: String(repeating: chunk, count: 1_000_000 / chunk.utf8.count))
        #expect(found.count == 4 * (1_000_000 / chunk.utf8.count))
    }

    @Test func digitsWithoutEnd() {
        checkSpans(String(repeating: "9", count: 1_000_000))
        checkSpans(String(repeating: "9,999", count: 100_000))
        checkSpans(String(repeating: "1.", count: 100_000))
        checkSpans("1e999999 and 10^99999 and 9" + String(repeating: "0", count: 400) + " yuan")
    }

    @Test func numeralsWithoutEnd() {
        checkSpans(String(repeating: "一万", count: 100_000))
        checkSpans(String(repeating: "亿", count: 100_000))
        checkSpans(String(repeating: "百分之", count: 50_000))
        checkSpans(String(repeating: "one hundred and ", count: 50_000))
        checkSpans(String(repeating: "负", count: 100_000) + "三")
    }

    @Test func mixedScripts() {
        checkSpans("ﾃｽﾄ ١٢٣ ๑๒๓ 𝟙𝟚𝟛 Ⅻ ⅷ ½¼ ①② 12\u{0301}3 ３\u{FE0F}\u{20E3} 🇨🇳500亿 \u{202E}123\u{202C}")
    }
}

/// Inputs fuzzing found; each once broke a property of `FuzzTargets.figures`.
@Suite("Figures: fuzzing regressions")
struct FigureFuzzRegressionTests {
    @Test(arguments: ["-2>-", "[Int1,\"\"n\u{FFFD}1$1118.["])
    func spansInOrderInsideTheirSentence(_ text: String) {
        var previousEnd = 0
        for figure in FigureExtractor().figures(in: text) {
            #expect(figure.sentence.contains(figure.text), "\(figure.text) not in \(figure.sentence)")
            #expect(figure.start >= previousEnd, "\(figure.text) overlaps the figure before it")
            previousEnd = figure.end
        }
    }
}
