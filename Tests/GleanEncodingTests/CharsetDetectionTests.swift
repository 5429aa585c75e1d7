import GleanEncoding
import Testing

/// The shared encoding module: names, iconv round trips, detection and the GBK pair test.
@Suite struct CharsetDetectionTests {
    @Test func aliasesReadAsBrowsersReadThem() {
        #expect(Charset("GBK") == .gb18030)
        #expect(Charset(" \"gb2312\" ") == .gb18030)
        #expect(Charset("ISO-8859-1") == .windows1252)
        #expect(Charset("cp1251").name == "windows-1251")
        #expect(Charset("SJIS").name == "shift_jis")
        #expect(Charset(exactly: "ISO-8859-1").name == "iso-8859-1")
    }

    @Test func byteOrderMarks() {
        #expect(Charset.byteOrderMark([0xEF, 0xBB, 0xBF, 0x41])?.charset == .utf8)
        #expect(Charset.byteOrderMark([0xFF, 0xFE, 0x41, 0])?.length == 2)
        #expect(Charset.byteOrderMark([0xFE, 0xFF])?.charset == .utf16be)
        #expect(Charset.byteOrderMark([0x41, 0x42]) == nil)
    }

    @Test(arguments: [
        ("gb18030", "2024年中国微短剧市场规模达到504.4亿元，同比增长34.9%，用户规模达到6.62亿人。"),
        ("big5", "國家通訊傳播委員會發布的報告顯示，臺灣影音串流市場規模達到新臺幣五百億元。"),
        ("shift_jis", "総務省の報告によると、動画配信市場の規模は五千億円に達し、前年から一割ほど増えた。"),
        ("euc-kr", "한국의 동영상 스트리밍 시장 규모는 작년에 오조 원에 이르렀다고 정부가 발표했다."),
        ("windows-1251", "Объем рынка достиг пятидесяти миллиардов рублей в прошлом году, сообщило министерство."),
        ("windows-1252", "Prices rose 5% – to €50 – and “analysts” said the rally wasn’t over. Déjà vu for the naïve."),
    ])
    func legacyTextIsDetected(charset name: String, text: String) throws {
        let charset = Charset(name)
        let bytes = try #require(Iconv.encode(text, to: charset))
        let found = CharsetDetection.detect(bytes)
        #expect(Iconv.decode(bytes, from: found.charset) == text, "read as \(found.charset)")
    }

    @Test func validUTF8AndShortEvidence() throws {
        #expect(CharsetDetection.detect(Array("naïve café 市场".utf8)).charset == .utf8)
        // A sample cut inside a character is still UTF-8 when it is not the whole text.
        let cut = Array(Array("市场".utf8).dropLast())
        #expect(CharsetDetection.detect(cut, complete: false).charset == .utf8)
        #expect(CharsetDetection.detect(cut, complete: true).charset != .utf8)
        // Too little for uchardet: GBK pairs, else Windows-1252.
        #expect(CharsetDetection.detect(try #require(Iconv.encode("市场规模", to: .gb18030))).charset == .gb18030)
        let cafe: [UInt8] = [0x63, 0x61, 0x66, 0xE9]
        #expect(CharsetDetection.detect(cafe).charset == .windows1252)
        #expect(!CharsetDetection.detect(cafe).byDetector)
    }

    @Test func gbkPairs() throws {
        let hanzi = try #require(Iconv.encode("市场", to: .gb18030))
        #expect(LegacyCJK.pairsLikeGBK(hanzi, hanziOnly: true))
        #expect(!LegacyCJK.pairsLikeGBK([0x41, 0x42], hanziOnly: false))
        #expect(!LegacyCJK.pairsLikeGBK([0xE9, 0x20], hanziOnly: false))
        // CP437's "é" (0x82) followed by a letter does not pair as a Hanzi.
        #expect(!LegacyCJK.pairsLikeGBK([0x63, 0x61, 0x66, 0x82, 0x41], hanziOnly: true))
        #expect(LegacyCJK.pairsLikeGBK(hanzi + [0xCA], hanziOnly: false, complete: false))
        #expect(!LegacyCJK.pairsLikeGBK(hanzi + [0xCA], hanziOnly: false, complete: true))
    }

    @Test func iconvRefusesInvalidBytesAndStreamsCutCharacters() throws {
        #expect(Iconv.decode([0x81], from: .gb18030) == nil)
        #expect(Iconv.decode([0xFF, 0xFE], from: .utf8) == nil)
        let converter = try #require(IconvConverter(from: "GB18030", to: "UTF-8"))
        let bytes = try #require(Iconv.encode("市", to: .gb18030))
        var output = [UInt8](repeating: 0, count: 16)
        let first = output.withUnsafeMutableBytes { out in [bytes[0]].withUnsafeBytes { converter.convert($0, into: out) } }
        #expect(first.status == .incomplete)
        #expect(first.consumed == 0)
        let whole = output.withUnsafeMutableBytes { out in bytes.withUnsafeBytes { converter.convert($0, into: out) } }
        #expect(whole.status == .done)
        #expect(String(decoding: output[0..<whole.produced], as: UTF8.self) == "市")
    }
}
