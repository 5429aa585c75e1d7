import GleanText
import Testing

@Suite("Sentences")
struct SentencesTests {
    private func sentences(_ text: String) -> [String] {
        let scalars = ScalarText(text)
        return Sentences.ranges(in: scalars).map { scalars.string($0) }
    }

    @Test("ends at terminal punctuation in both scripts, keeping closing quotes")
    func terminals() {
        #expect(sentences("市场规模达504.4亿元。同比增长12%！“很好。”下一句") == ["市场规模达504.4亿元。", "同比增长12%！", "“很好。”", "下一句"])
        #expect(sentences("It grew. Did it? Yes!") == ["It grew.", "Did it?", "Yes!"])
    }

    @Test("a period inside numbers, dotted abbreviations and titles is not an end")
    func abbreviations() {
        #expect(sentences("Revenue was 37.39 billion. Mr. Li of the U.S. office agreed.") == ["Revenue was 37.39 billion.", "Mr. Li of the U.S. office agreed."])
    }

    @Test("line breaks and bullets split; leading bullet dashes are trimmed, minus signs are not")
    func bullets() {
        #expect(sentences("- First point\n- Second point - Third point") == ["First point", "Second point", "Third point"])
        #expect(sentences("-2% on the year") == ["-2% on the year"])
    }

    @Test("ranges are code-point offsets that cover the text without overlap")
    func offsets() {
        let text = ScalarText("  👍 Good. 好。  ")
        let ranges = Sentences.ranges(in: text)
        #expect(ranges == [2..<9, 10..<12])
        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound <= $1.lowerBound })
    }
}

@Suite("ScalarText")
struct ScalarTextTests {
    @Test("indexes by code point, out-of-range reads are nil")
    func indexing() {
        let text = ScalarText("a😀b")
        #expect(text.count == 3)
        #expect(text[1] == "😀")
        #expect(text[3] == nil && text[-1] == nil)
        #expect(text.string(1..<3) == "😀b")
    }

    @Test("words are read and matched case-insensitively (literals are lowercase) and matched at word boundaries")
    func words() {
        let text = ScalarText("Market size reached 50.4 billion")
        #expect(text.word(at: 0)?.word == "market")
        #expect(text.matches("market", at: 0) && text.matches("size", at: 7))
        #expect(text.matchesExactly("Market", at: 0) && !text.matchesExactly("market", at: 0))
        #expect(text.word(before: 11)?.word == "size")
        #expect(text.isWordEnd(11) && !text.isWordEnd(9))
    }

    @Test("word tables find words by packed key as well as by string")
    func tables() {
        let table: WordTable<Int> = ["billion": 9, "million": 6]
        let text = ScalarText("4 Billion")
        let packed = text.packedWord(at: 2)
        #expect(packed.map { table[packed: $0.key] } == 9)
        #expect(table["million"] == 6 && table["trillion"] == nil)
    }
}

@Suite("TextLanguage")
struct TextLanguageTests {
    @Test("Chinese by script, English by function words, otherwise undetermined")
    func detect() {
        #expect(TextLanguage.detect("国家广播电视总局发布了2024年微短剧行业报告，市场规模达504.4亿元。") == "zh")
        #expect(TextLanguage.detect("The market size of the industry reached 50.4 billion yuan in 2024, and it is growing.") == "en")
        #expect(TextLanguage.detect("Lorem ipsum dolor sit amet consectetur adipiscing elit") == "und")
        #expect(TextLanguage.detect("") == "und")
    }
}
