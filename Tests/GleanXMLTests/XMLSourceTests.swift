import Foundation
import GleanCore
import GleanTesting
@testable import GleanXML
import Testing

@Suite("xml source")
struct XMLSourceTests {
    func read(_ xml: String, record: String, namespaces: [String: String] = [:], fields: [(String, String)] = []) async throws -> (records: [Record], rejected: [DeadLetter]) {
        let directory = TemporaryDirectory()
        let path = directory.write("data.xml", xml)
        var configuration = XMLSource.Configuration(path: path, record: record)
        configuration.namespaces = namespaces
        configuration.fields = fields.map { (name: $0.0, xpath: $0.1) }
        try configuration.validate()
        return try await StageHarness.run(XMLSource(configuration: configuration, context: StageHarness.context(name: "xml")))
    }

    @Test func elementsBecomeObjects() async throws {
        let result = try await read("""
            <catalog><book id="b1" lang="zh"><title>微短剧</title><author>Li</author><author>Wang</author><author>Zhao</author>
            <price currency="CNY">50.4</price><note>first <b>bold</b> text</note></book>
            <book id="b2"><title>Second</title></book><magazine><title>not a book</title></magazine></catalog>
            """, record: "catalog/book", fields: [("chapters", "count(author)"), ("first_author", "author[1]"), ("id", "string(@id)")])
        #expect(result.records.count == 2)
        let first = result.records[0]
        #expect(first["@id"] == "b1")
        #expect(first["title"] == "微短剧")
        #expect(first["author"] == ["Li", "Wang", "Zhao"])
        #expect(first["price"] == ["@currency": "CNY", "#text": "50.4"])
        #expect(first["note"] == ["b": "bold", "#text": "first  text"])
        #expect(first["chapters"] == 3)
        #expect(first["first_author"] == "Li")
        #expect(first["id"] == "b1")
        #expect(result.records[1]["title"] == "Second")
        #expect(result.records[1]["author"] == nil)
        #expect(result.records[1].origin.index == 1)
    }

    @Test func arraysOptionKeepsListsOfOne() async throws {
        let directory = TemporaryDirectory()
        let path = directory.write("data.xml", "<r><item><tag>a</tag></item><item><tag>a</tag><tag>b</tag></item></r>")
        var configuration = XMLSource.Configuration(path: path, record: "r/item")
        configuration.arrays = ["tag"]
        let result = try await StageHarness.run(XMLSource(configuration: configuration, context: StageHarness.context(name: "xml")))
        #expect(result.records.map { $0["tag"] } == [["a"], ["a", "b"]])
    }

    @Test func anyDepthAndNamespaces() async throws {
        let result = try await read("""
            <root xmlns:g="http://base.google.com/ns/1.0"><group><entry><g:price>5</g:price><other:x xmlns:other="urn:o">1</other:x></entry></group>
            <entry><g:price>6</g:price></entry></root>
            """, record: "//entry", namespaces: ["g": "http://base.google.com/ns/1.0"], fields: [("p", "string(g:price)")])
        #expect(result.records.map { $0["g:price"] } == ["5", "6"])
        #expect(result.records.first?["x"] == "1")
        #expect(result.records.map { $0["p"] } == ["5", "6"])
    }

    @Test func invalidConfigurationIsRejected() {
        #expect(throws: ConfigurationError.self) { try XMLSource.Configuration(path: "x", record: "a//b").validate() }
        #expect(throws: ConfigurationError.self) { try XMLSource.Configuration(path: "x", record: "g:item").validate() }
        var bad = XMLSource.Configuration(path: "x", record: "a")
        bad.fields = [("f", "][")]
        #expect(throws: ConfigurationError.self) { try bad.validate() }
    }

    @Test func aBrokenDocumentKeepsWhatWasReadAndDeadLettersThePosition() async throws {
        // Long enough that libxml2 has delivered the good records before it meets the bad one.
        let good = (0..<200).map { "<book><title>ok \($0)</title></book>\n" }.joined()
        let result = try await read("<catalog>\n" + good + "<book><title>broken</book></catalog>", record: "catalog/book")
        #expect(result.records.count >= 100)
        #expect(result.records.first?["title"] == "ok 0")
        #expect(result.rejected.first?.error.contains("data.xml:202:") == true, "\(result.rejected)")
    }

    @Test(arguments: ["\u{1}", "\u{C}"])
    func aFaultInRecord5KeepsRecords1To4(bad: String) async throws {
        // Small: the whole document is in libxml2's first chunk, which it gives up on entirely.
        let books = (1...8).map { "<book><title>\($0)\($0 == 5 ? bad : "")</title></book>\n" }.joined()
        let result = try await read("<catalog>\n" + books + "</catalog>", record: "catalog/book")
        #expect(result.records.map { $0["title"] } == ["1", "2", "3", "4"])
        try #require(result.rejected.count == 1)
        #expect(result.rejected[0].error.contains("data.xml:6:"), "\(result.rejected[0].error)")
        #expect(result.rejected[0].code == .malformedInput)
    }

    @Test func aTooDeepRecordIsDeadLetteredNotDroppedSilently() async throws {
        let deep = String(repeating: "<x>", count: 300) + String(repeating: "</x>", count: 300)
        let books = (1...6).map { "<book><title>\($0)</title>\($0 == 3 ? deep : "")</book>\n" }.joined()
        let result = try await read("<catalog>\n" + books + "</catalog>", record: "catalog/book")
        #expect(result.records.map { $0["title"] } == ["1", "2"])
        try #require(result.rejected.count == 1)
        #expect(result.rejected[0].code == .limitExceeded)
        #expect(result.rejected[0].error.contains("data.xml:4:"), "\(result.rejected[0].error)")
    }
}
