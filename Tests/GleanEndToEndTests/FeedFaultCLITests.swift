import Foundation
import GleanCore
import GleanTesting
import Testing

/// Feeds and XML documents with a fault in the middle, through the real binary: the items before
/// the fault are published, the rest is one dead letter with position and code, the run exits 3,
/// and libxml2 never writes to standard error itself.
@Suite("glean binary, feed faults")
struct FeedFaultCLITests {
    /// A feed of eight items, one per line from line 3 (item n on line n + 2), `bytes` in item 5's
    /// title; `declaration` is the XML declaration on line 1.
    static func feed(faultyBytes bytes: [UInt8], declaration: String = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>") -> Data {
        var feed = Array((declaration + "\n<rss version=\"2.0\"><channel><title>F</title>\n").utf8)
        for n in 1...8 {
            feed += Array("<item><guid>\(n)</guid><title>Item \(n)".utf8)
            if n == 5 { feed += bytes }
            feed += Array(" end</title><description>&lt;p&gt;Body \(n)&lt;b&gt;&lt;i&gt;bold&lt;/p&gt;</description></item>\n".utf8)
        }
        feed += Array("</channel></rss>\n".utf8)
        return Data(feed)
    }

    static func pipeline(source: String) -> String {
        """
        settings: {dead_letter: dlq/bad.jsonl}
        sources:
          in: \(source)
        transforms:
          text: {type: html_text, inputs: [in], fields: [summary]}
        sinks:
          out: {type: json, inputs: [text], path: out.jsonl}
        """
    }

    /// The dead letters written, parsed.
    static func letters(in directory: TemporaryDirectory) throws -> [Fields] {
        let text = try #require(directory.read("dlq/bad.jsonl"))
        return try text.split(separator: "\n").map { try #require(JSONReader.parse(String($0)).objectValue) }
    }

    @Test(arguments: [[0xFF], [0x01]] as [[UInt8]])
    func rssKeepsTheItemsBeforeAnInvalidByteAndDeadLettersTheRest(bytes: [UInt8]) async throws {
        let directory = TemporaryDirectory()
        #expect(FileManager.default.createFile(atPath: directory.path + "/feed.xml", contents: Self.feed(faultyBytes: bytes)))
        directory.write("p.yml", Self.pipeline(source: "{type: rss, path: feed.xml, incremental: false}"))
        let result = try await GleanProcess.run(["run", "p.yml", "--progress", "never"], directory: directory.path)
        #expect(result.status == 3, "\(result.stderr)")
        let items = try #require(directory.read("out.jsonl")).split(separator: "\n")
        #expect(items.count == 4, "\(items)")
        #expect(items.last?.contains("\"id\":\"4\"") == true)
        let letters = try Self.letters(in: directory)
        try #require(letters.count == 1, "\(letters)")
        #expect(letters[0]["code"] == "malformed_input")
        #expect(letters[0]["error"]?.stringValue?.contains("feed.xml:7:") == true, "\(letters[0])")
        #expect(letters[0]["origin"]?.objectValue?["line"] == 7)
    }

    @Test func rssDeadLettersATooDeepElementInsteadOfExitingZero() async throws {
        let directory = TemporaryDirectory()
        let deep = String(repeating: "<x>", count: 300) + String(repeating: "</x>", count: 300)
        directory.write("feed.xml", "<rss><channel>\n<item><guid>1</guid></item>\n<item><guid>2</guid>\(deep)</item>\n<item><guid>3</guid></item>\n</channel></rss>\n")
        directory.write("p.yml", Self.pipeline(source: "{type: rss, path: feed.xml, incremental: false}"))
        let result = try await GleanProcess.run(["run", "p.yml", "--progress", "never"], directory: directory.path)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(try #require(directory.read("out.jsonl")).split(separator: "\n").count == 1)
        let letters = try Self.letters(in: directory)
        try #require(letters.count == 1, "\(letters)")
        #expect(letters[0]["code"] == "limit_exceeded")
        #expect(letters[0]["error"]?.stringValue?.contains("feed.xml:3:") == true, "\(letters[0])")
    }

    @Test func xmlSourceKeepsTheRecordsBeforeAFaultAndDeadLettersTheRest() async throws {
        let directory = TemporaryDirectory()
        let books = (1...8).map { "<book><title>\($0)\($0 == 5 ? "\u{1}" : "")</title></book>\n" }.joined()
        directory.write("data.xml", "<catalog>\n" + books + "</catalog>\n")
        directory.write("p.yml", "settings: {dead_letter: dlq/bad.jsonl}\nsources:\n  in: {type: xml, path: data.xml, record: catalog/book}\nsinks:\n  out: {type: json, inputs: [in], path: out.jsonl}\n")
        let result = try await GleanProcess.run(["run", "p.yml", "--progress", "never"], directory: directory.path)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(try #require(directory.read("out.jsonl")).split(separator: "\n").count == 4)
        let letters = try Self.letters(in: directory)
        try #require(letters.count == 1, "\(letters)")
        #expect(letters[0]["code"] == "malformed_input")
        #expect(letters[0]["error"]?.stringValue?.contains("data.xml:6:") == true, "\(letters[0])")
    }

    @Test func libxml2MessagesGoThroughTheLoggerAsJSON() async throws {
        // Bytes that are not Shift_JIS in a feed declared Shift_JIS: libxml2's encoding converter
        // complains without a parser context, which went straight to standard error ("encoding
        // error : input conversion failed due to input error, bytes 0x81 0x20 0xA0 0xFF").
        let directory = TemporaryDirectory()
        let feed = Self.feed(faultyBytes: [0x81, 0x20, 0xA0, 0xFF], declaration: "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>")
        #expect(FileManager.default.createFile(atPath: directory.path + "/feed.xml", contents: feed))
        directory.write("p.yml", """
            settings: {dead_letter: dlq/bad.jsonl}
            sources:
              in: {type: rss, path: feed.xml, incremental: false}
            transforms:
              text: {type: html_text, inputs: [in], fields: [summary, content]}
            sinks:
              out: {type: json, inputs: [text], path: out.jsonl}
            """)
        let result = try await GleanProcess.run(["run", "p.yml", "--progress", "never", "--log-format", "json"], directory: directory.path)
        #expect(result.status == 3, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect((try? JSONReader.parse(String(line)))?.objectValue != nil, "not JSON on stderr: \(line)")
        }
        #expect(!result.stderr.contains("encoding error :"))
        // The converter's complaint is the feed's dead letter, with the position where reading stopped.
        let letters = try Self.letters(in: directory)
        #expect(letters.count == 1, "\(letters)")
        #expect(letters.first?["error"]?.stringValue?.contains("feed.xml:7:") == true, "\(letters)")
        #expect(letters.first?["error"]?.stringValue?.contains("bytes 0x81 0x20") == true, "\(letters)")
        #expect(try #require(directory.read("out.jsonl")).split(separator: "\n").count == 4)
    }

    @Test func htmlTextAndXPathFieldsWriteNothingToStandardErrorThemselves() async throws {
        // Broken HTML for html_text (libxml2's HTML parser complains about it), and an XPath
        // field that compiles but fails on every record (an unregistered prefix).
        let directory = TemporaryDirectory()
        directory.write("data.xml", "<catalog>\n<r><t>&lt;table&gt;&lt;p&gt;x&lt;/td&gt;&lt;/foo&gt;&lt;b&gt;</t></r>\n</catalog>\n")
        directory.write("p.yml", """
            sources:
              docs: {type: xml, path: data.xml, record: catalog/r, fields: {n: "string(q:nope)"}}
            transforms:
              text: {type: html_text, inputs: [docs], fields: [t]}
            sinks:
              out: {type: json, inputs: [text], path: out.jsonl}
            """)
        let result = try await GleanProcess.run(["run", "p.yml", "--progress", "never", "--log-format", "json"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        for line in result.stderr.split(separator: "\n") {
            #expect((try? JSONReader.parse(String(line)))?.objectValue != nil, "not JSON on stderr: \(line)")
        }
        // Recovering broken markup and failing XPath are expected: not even logged.
        #expect(!result.stderr.contains("libxml2"), "\(result.stderr)")
        #expect(directory.read("out.jsonl")?.contains("\"t\":\"x\"") == true, "\(directory.read("out.jsonl") ?? "")")
    }
}
