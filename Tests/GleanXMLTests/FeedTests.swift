import Foundation
import GleanCore
import GleanTesting
@testable import GleanXML
import Testing

/// Reads a feed file with the `rss` source, non-incremental unless told.
func readFeed(_ contents: [UInt8], configure: (inout RSSSource.Configuration) -> Void = { $0.incremental = false }, state: Value? = nil, directory: TemporaryDirectory = TemporaryDirectory()) async throws -> (records: [Record], rejected: [DeadLetter]) {
    let path = directory.path + "/feed.xml"
    #expect(FileManager.default.createFile(atPath: path, contents: Data(contents)))
    var configuration = RSSSource.Configuration(path: path)
    configure(&configuration)
    let context = StageHarness.context(name: "feed", baseDirectory: directory.path, previousState: state)
    return try await StageHarness.run(RSSSource(configuration: configuration, context: context))
}

func readFeed(_ text: String, configure: (inout RSSSource.Configuration) -> Void = { $0.incremental = false }) async throws -> (records: [Record], rejected: [DeadLetter]) {
    try await readFeed(Array(text.utf8), configure: configure)
}

@Suite("rss source")
struct FeedTests {
    @Test func rss20WithDublinCoreAndContentEncoded() async throws {
        let result = try await readFeed("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <channel><title>产业新闻</title><link>https://news.example.com/</link><language>zh-cn</language>
            <item>
              <title>微短剧市场规模达504.4亿元</title>
              <link>https://news.example.com/a/1</link>
              <guid isPermaLink="false">a-1</guid>
              <pubDate>Mon, 21 Jul 2025 07:01:00 +0800</pubDate>
              <dc:creator>Jing Ji Wang</dc:creator>
              <category>market</category><category>drama</category>
              <description>&lt;p&gt;Short &amp;amp; sweet&lt;/p&gt;</description>
              <content:encoded><![CDATA[<p>The market grew <b>34.9%</b>.</p><script>x()</script><p>Second paragraph</p>]]></content:encoded>
              <enclosure url="https://cdn.example.com/a.mp3" type="audio/mpeg" length="1234"/>
            </item>
            </channel></rss>
            """)
        #expect(result.rejected.isEmpty)
        let item = try #require(result.records.first)
        #expect(item.id == "a-1")
        #expect(item["id"] == "a-1")
        #expect(item["title"] == "微短剧市场规模达504.4亿元")
        #expect(item["link"] == "https://news.example.com/a/1")
        #expect(item["published"] == .timestamp(ISO8601.parse("2025-07-20T23:01:00Z")!))
        #expect(item["author"] == "Jing Ji Wang")
        #expect(item["categories"] == ["market", "drama"])
        #expect(item["summary"] == "Short & sweet")
        #expect(item["content"] == "The market grew 34.9%.\n\nSecond paragraph")
        #expect(item["content_html"]?.stringValue?.contains("<b>34.9%</b>") == true)
        #expect(item["enclosures"] == [["url": "https://cdn.example.com/a.mp3", "type": "audio/mpeg", "length": 1234]])
        #expect(item["language"] == "zh-cn")
        #expect(item["feed_title"] == "产业新闻")
        #expect(item["feed_link"] == "https://news.example.com/")
        #expect(item.origin.index == 0)
    }

    @Test func atom10WithXHTMLBaseAndAuthors() async throws {
        let result = try await readFeed("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/blog/" xml:lang="en">
              <title type="text">Example</title>
              <link rel="alternate" href="/"/>
              <updated>2025-07-21T00:00:00Z</updated>
              <entry>
                <id>tag:example.org,2025:1</id>
                <title type="html">Growth &lt;em&gt;doubled&lt;/em&gt;</title>
                <link href="posts/1"/>
                <link rel="enclosure" href="files/report.pdf" type="application/pdf"/>
                <published>2025-07-21T07:01:00+08:00</published>
                <updated>2025-07-22T01:00:00Z</updated>
                <author><name>Li Wei</name><email>li@example.org</email></author>
                <category term="policy"/>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Revenue: <strong>37.39 billion yuan</strong></p></div></content>
              </entry>
            </feed>
            """)
        let item = try #require(result.records.first)
        #expect(item["id"] == "tag:example.org,2025:1")
        #expect(item["title"] == "Growth doubled")
        #expect(item["link"] == "https://example.org/blog/posts/1")
        #expect(item["enclosures"]?.arrayValue?.first?.objectValue?["url"] == "https://example.org/blog/files/report.pdf")
        #expect(item["published"] == .timestamp(ISO8601.parse("2025-07-20T23:01:00Z")!))
        #expect(item["updated"] == .timestamp(ISO8601.parse("2025-07-22T01:00:00Z")!))
        #expect(item["author"] == "Li Wei")
        #expect(item["categories"] == ["policy"])
        #expect(item["content"] == "Revenue: 37.39 billion yuan")
        #expect(item["language"] == "en")
        #expect(item["feed_link"] == "https://example.org/")
        #expect(item["feed_updated"] == .timestamp(ISO8601.parse("2025-07-21T00:00:00Z")!))
    }

    @Test func rss10AndRss090AndAtom03() async throws {
        let rdf = try await readFeed("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://e.org/"><title>RDF feed</title><link>https://e.org/</link></channel>
              <item rdf:about="https://e.org/1"><title>One</title><link>https://e.org/1</link><dc:date>2025-07-21T07:01+08:00</dc:date></item>
            </rdf:RDF>
            """)
        #expect(rdf.records.map { $0["title"] } == ["One"])
        #expect(rdf.records.first?["id"] == "https://e.org/1")
        #expect(rdf.records.first?["published"] == .timestamp(ISO8601.parse("2025-07-20T23:01:00Z")!))
        let old = try await readFeed("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
              <channel><title>0.90</title></channel><item><title>Old</title><link>https://e.org/old</link></item>
            </rdf:RDF>
            """)
        #expect(old.records.first?["link"] == "https://e.org/old")
        let atom03 = try await readFeed("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>A03</title>
              <entry><title>E</title><id>e-1</id><issued>2004-01-01T00:00:00Z</issued><modified>2004-01-02T00:00:00Z</modified></entry></feed>
            """)
        #expect(atom03.records.first?["published"] == .timestamp(ISO8601.parse("2004-01-01T00:00:00Z")!))
        #expect(atom03.records.first?["updated"] == .timestamp(ISO8601.parse("2004-01-02T00:00:00Z")!))
    }

    @Test func idFallsBackToLinkThenToAContentHash() async throws {
        let result = try await readFeed("<rss><channel><item><title>t</title><link>https://e.org/x</link></item><item><title>no link</title><description>d</description></item></channel></rss>")
        #expect(result.records[0].id == "https://e.org/x")
        #expect(result.records[1].id.hasPrefix("hash:"))
        let again = try await readFeed("<rss><channel><item><title>no link</title><description>d</description></item></channel></rss>")
        #expect(again.records[0].id == result.records[1].id)
    }

    @Test func undeclaredHTMLEntitiesAndBareAmpersandsAreRepaired() async throws {
        let result = try await readFeed("<rss><channel><title>caf&eacute; &amp; bar</title><item><title>A&nbsp;B &copy; 2025 &unknown; &#8217;</title><link>https://e.org/?a=1&b=2</link><description><![CDATA[&eacute; stays]]></description></item></channel></rss>")
        #expect(result.rejected.isEmpty)
        let item = try #require(result.records.first)
        #expect(item["title"] == "A B © 2025 &unknown; \u{2019}")  // no-break space collapses like any space
        #expect(item["link"] == "https://e.org/?a=1&b=2")
        #expect(item["summary"] == "é stays")  // CDATA is HTML: its entity is decoded by the HTML step
        #expect(item["feed_title"] == "café & bar")
    }

    @Test(arguments: [
        ("GB18030", "GB18030"), ("GBK", "GBK"), ("GB2312", "GB2312"), ("Big5", "Big5"), ("windows-1252", "windows-1252"),
    ])
    func encodingsFromTheXMLDeclaration(label: String, encoding: String) async throws {
        let title = encoding == "windows-1252" ? "don’t — café" : (encoding == "Big5" ? "微短劇市場" : "微短剧市场")
        let text = "<?xml version=\"1.0\" encoding=\"\(label)\"?><rss><channel><item><title>\(title)</title></item></channel></rss>"
        let bytes = try #require(encode(text, as: encoding == "windows-1252" ? "CP1252" : encoding))
        let result = try await readFeed(bytes)
        #expect(result.records.first?["title"] == .string(title), "\(encoding)")
    }

    @Test func utf16WithBOMAndForcedEncoding() async throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "<rss><channel><item><title>标题</title></item></channel></rss>".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try await readFeed(bytes).records.first?["title"] == "标题")
        // A feed that lies about its encoding, fixed by configuration.
        let gbk = try #require(encode("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>新闻</title></item></channel></rss>", as: "GB18030"))
        let forced = try await readFeed(Array(gbk)) { $0.incremental = false; $0.encoding = "GB18030" }
        #expect(forced.records.first?["title"] == "新闻")
    }

    @Test func windows1252BytesMislabelledAsLatin1AreMapped() async throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss><channel><item><title>don".utf8)
        bytes.append(0x92)
        bytes += Array("t</title></item></channel></rss>".utf8)
        #expect(try await readFeed(bytes).records.first?["title"] == "don\u{2019}t")
    }

    @Test(arguments: [
        ("Mon, 21 Jul 2025 07:01:00 +0800", "2025-07-20T23:01:00Z"),
        ("21 Jul 2025 07:01 GMT", "2025-07-21T07:01:00Z"),
        ("Mon, 21 Jul 25 07:01:00 EDT", "2025-07-21T11:01:00Z"),
        ("Monday, 21 July 2025 07:01:00 PST", "2025-07-21T15:01:00Z"),
        ("2025-07-21T07:01:00+08:00", "2025-07-20T23:01:00Z"),
        ("2025-07-21T07:01:00.123Z", "2025-07-21T07:01:00.123Z"),
        ("2025-07-21T07:01:00+0800", "2025-07-20T23:01:00Z"),
        ("2025-07-21 07:01", "2025-07-20T23:01:00Z"),
        ("2025-07-21", "2025-07-20T16:00:00Z"),
        ("2025/07/21 07:01:30", "2025-07-20T23:01:30Z"),
        ("2025年7月21日 07:01", "2025-07-20T23:01:00Z"),
        ("2025年7月21日", "2025-07-20T16:00:00Z"),
        ("20250721T070100Z", "2025-07-21T07:01:00Z"),
    ])
    func datesInEveryForm(text: String, expected: String) throws {
        let date = try #require(FeedDate.parse(text, defaultOffset: 8 * 3600), "\(text)")
        #expect(ISO8601.format(date) == expected, "\(text)")
    }

    @Test(arguments: ["yesterday", "32 Jul 2025", "2025-13-01", "Mon, 21 Foo 2025 07:01:00 GMT", "", "22222222222222222222\u{B2}22222222222\n\n"])
    func notDates(text: String) {
        #expect(FeedDate.parse(text) == nil)
    }

    @Test func incrementalRunsEmitOnlyNewOrChangedItems() async throws {
        let directory = TemporaryDirectory()
        func feed(_ second: String) -> [UInt8] {
            Array("<rss><channel><item><guid>1</guid><title>one</title></item><item><guid>2</guid><title>\(second)</title></item></channel></rss>".utf8)
        }
        let path = directory.path + "/feed.xml"
        let state = StateBox()
        func run(_ bytes: [UInt8]) async throws -> [Record] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            let context = StageHarness.context(name: "feed", baseDirectory: directory.path, previousState: state.value, saveState: { state.value = $0 })
            return try await StageHarness.run(RSSSource(configuration: .init(path: path), context: context)).records
        }
        let first = try await run(feed("two"))
        #expect(first.map { $0["changed"] } == [false, false])
        #expect(try await run(feed("two")).isEmpty)
        let third = try await run(feed("two, edited"))
        #expect(third.map(\.id) == ["2"])
        #expect(third.first?["changed"] == true)
    }

    @Test func illFormedFeedsAreRecoveredOrDeadLettered() async throws {
        let truncated = try await readFeed("<rss><channel><item><title>kept</title></item><item><title>cut")
        #expect(truncated.records.map { $0["title"] } == ["kept"])
        #expect(truncated.rejected.count == 1)
        let garbage = try await readFeed("this is not xml at all")
        #expect(garbage.records.isEmpty)
        #expect(garbage.rejected.first?.error.contains("feed.xml:1:") == true, "\(garbage.rejected)")
        let html = try await readFeed("<html><body><p>not a feed</p></body></html>")
        #expect(html.records.isEmpty)
        #expect(html.rejected.first?.error.contains("not a feed: the root element is 'html'") == true, "\(html.rejected)")
    }

    @Test func feedRecordsCarryFeedMetadata() async throws {
        let result = try await readFeed("<rss version=\"2.0\"><channel><title>T</title><language>en</language></channel></rss>") {
            $0.incremental = false
            $0.feedRecords = true
        }
        #expect(result.records.count == 1)
        #expect(result.records.first?["kind"] == "feed")
        #expect(result.records.first?["format"] == "rss 2.0")
        #expect(result.records.first?["feed_language"] == "en")
        #expect(result.records.first?["items"] == 0)
    }
}

/// `text` in another encoding, through glibc's iconv.
func encode(_ text: String, as encoding: String) -> [UInt8]? {
    let converter = iconv_open(encoding, "UTF-8")
    guard converter != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(converter) }
    var input = Array(text.utf8).map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: input.count * 4 + 16)
    var inLeft = input.count, outLeft = output.count
    let ok = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
            var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
            return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1
        }
    }
    guard ok else { return nil }
    return output[0..<(output.count - outLeft)].map { UInt8(bitPattern: $0) }
}

final class StateBox: @unchecked Sendable {
    // Safe: tests use it from one task at a time (runs are awaited in sequence).
    var value: Value?
}
