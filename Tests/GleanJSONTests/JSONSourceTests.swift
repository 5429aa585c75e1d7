import Foundation
import GleanCore
@testable import GleanJSON
import GleanTesting
import Testing

@Suite("json source")
struct JSONSourceTests {
    private func read(_ contents: String, format: JSONSource.Configuration.Format = .auto, maxRecordBytes: Int? = nil) async throws -> (records: [Record], rejected: [DeadLetter]) {
        let directory = TemporaryDirectory()
        let path = directory.write("in.json", contents)
        var configuration = JSONSource.Configuration(path: path, format: format)
        if let maxRecordBytes { configuration.maxRecordBytes = maxRecordBytes }
        return try await StageHarness.run(JSONSource(configuration: configuration, context: StageHarness.context(name: "in")), batchSize: 2)
    }

    @Test func jsonLinesWithBlankLinesCRLFAndBOM() async throws {
        let result = try await read("\u{FEFF}{\"a\":1}\r\n\n  \n{\"a\":\"二\"}\n{\"a\":3}")
        #expect(result.records.map { $0["a"] } == [1, "二", 3])
        #expect(result.records.map(\.origin.line) == [1, 4, 5])
        #expect(result.records.map(\.origin.index) == [0, 1, 2])
        #expect(result.rejected.isEmpty)
    }

    @Test func badLinesAreRejectedWithPositionsAndReadingGoesOn() async throws {
        let result = try await read("{\"a\":1}\n{\"a\":中}\n\"text\"\n{\"a\":4}\n", format: .lines)
        #expect(result.records.map { $0["a"] } == [1, 4])
        #expect(result.rejected.count == 2)
        #expect(result.rejected[0].error.hasSuffix("in.json:2:6: unexpected character 0xE4, expected a JSON value"), "\(result.rejected[0].error)")
        #expect(result.rejected[0].raw == "{\"a\":中}")
        #expect(result.rejected[1].error.hasSuffix("in.json:3:1: expected a JSON object, found string"))
        #expect(result.rejected[1].origin.line == 3)
    }

    @Test func arraysAreStreamedElementByElement() async throws {
        let result = try await read("""
            [
              {"a": 1, "s": "],}{["},
              {"a": {"nested": [1, 2]}},
              7,
              {"a": 3
            ,"b":"x"}
            ]
            """)
        #expect(result.records.map { $0["a"] } == [1, ["nested": [1, 2]], 3])
        #expect(result.records.map(\.origin.line) == [2, 3, 5])
        #expect(result.rejected.count == 1)
        #expect(result.rejected[0].error.hasSuffix("in.json:4:3: expected a JSON object, found integer"), "\(result.rejected[0].error)")
    }

    @Test func prettyDocumentsAndConcatenatedObjects() async throws {
        let result = try await read("{\n  \"a\": 1,\n  \"b\": [1,\n 2]\n}\n{\"a\": 2}{\"a\": 3}\n")
        #expect(result.records.map { $0["a"] } == [1, 2, 3])
        #expect(result.records.map(\.origin.line) == [1, 6, 6])
    }

    @Test func syntaxErrorsInsideAnElementPointIntoIt() async throws {
        let result = try await read("[\n {\"a\": 1},\n {\"a\":\n   tru}\n]\n")
        #expect(result.records.count == 1)
        #expect(result.rejected.first?.error.hasSuffix("in.json:4:4: invalid literal, expected 'true'") == true, "\(result.rejected)")
    }

    @Test func truncatedArraysAreReported() async throws {
        let result = try await read("[{\"a\": 1}, {\"a\": ")
        #expect(result.records.count == 1)
        #expect(result.rejected.map(\.error).contains { $0.contains("unexpected end of input: the value starting here is not closed") })
        #expect(result.rejected.map(\.error).contains { $0.contains("the top-level array is not closed") })
    }

    @Test func oversizedRecordsAreRejectedWithoutHoldingThem() async throws {
        let big = "{\"a\":\"" + String(repeating: "x", count: 5000) + "\"}"
        let lines = try await read("{\"a\":1}\n" + big + "\n{\"a\":2}\n", maxRecordBytes: 1000)
        #expect(lines.records.map { $0["a"] } == [1, 2])
        #expect(lines.rejected.first?.error.contains("longer than max_record_bytes") == true)
        #expect((lines.rejected.first?.raw?.utf8.count ?? 0) <= 1024)
        let array = try await read("[{\"a\":1}," + big + ",{\"a\":2}]", maxRecordBytes: 1000)
        #expect(array.records.map { $0["a"] } == [1, 2])
        #expect(array.rejected.first?.error.contains("longer than max_record_bytes") == true)
    }

    @Test(arguments: [
        ("[{}]", JSONSource.Configuration.Format.array),
        ("\u{FEFF}  \n[", .array),
        ("{\"a\":1}\n{\"a\":2}\n", .lines),
        ("{\n  \"a\": 1\n}\n", .document),
        ("", .lines),
    ])
    func sniffing(head: String, expected: JSONSource.Configuration.Format) throws {
        #expect(try JSONSource.sniff(Array(head.utf8)) == expected)
    }

    @Test func idFieldBecomesTheRecordID() async throws {
        let directory = TemporaryDirectory()
        let path = directory.write("in.jsonl", "{\"guid\":\"x-1\"}\n{\"other\":1}\n")
        var configuration = JSONSource.Configuration(path: path)
        configuration.idField = "guid"
        let result = try await StageHarness.run(JSONSource(configuration: configuration, context: StageHarness.context()))
        #expect(result.records[0].id == "x-1")
        #expect(result.records[1].id == result.records[1].origin.derivedID)
    }

    @Test func splitterHandlesEveryChunkBoundary() {
        let text = Array("[{\"a\":\"x\\\"]\"},{\"b\":[1,{\"c\":2}]},\n{\"d\":\"中文\"}]".utf8)
        for cut in 1..<text.count {
            var splitter = JSONValueSplitter(topLevelArray: true, maximumBytes: 1 << 20)
            var elements: [String] = []
            text[0..<cut].withUnsafeBytes { splitter.feed($0) { elements.append(String(decoding: $0.bytes, as: UTF8.self)) } }
            text[cut...].withUnsafeBytes { splitter.feed($0) { elements.append(String(decoding: $0.bytes, as: UTF8.self)) } }
            splitter.finish { elements.append("problem: \($0.problem ?? "")") }
            #expect(elements == ["{\"a\":\"x\\\"]\"}", "{\"b\":[1,{\"c\":2}]}", "{\"d\":\"中文\"}"], "cut at \(cut)")
        }
    }
}

@Suite("json sink")
struct JSONSinkTests {
    private func write(_ records: [Record], _ configure: (inout JSONSink.Configuration) -> Void = { _ in }) async throws -> String {
        let directory = TemporaryDirectory()
        var configuration = JSONSink.Configuration(path: directory.path + "/out.json")
        configure(&configuration)
        var sink = try JSONSink(configuration: configuration, context: StageHarness.context())
        var rejections = Rejections()
        try await sink.write(records, rejections: &rejections)
        try await sink.finish()
        #expect(directory.read("out.json") == nil)
        try await sink.commit()
        return try #require(directory.read("out.json"))
    }

    @Test func writesJSONLines() async throws {
        let records = StageHarness.records([["a": 1, "t": "中文\n"], ["a": 2]])
        #expect(try await write(records) == "{\"a\":1,\"t\":\"中文\\n\"}\n{\"a\":2}\n")
    }

    @Test func writesAPrettyArrayThatParses() async throws {
        let records = StageHarness.records([["a": 1, "b": ["c": [1, 2]]], ["a": 2]])
        let text = try await write(records) { $0.format = .array }
        #expect(text.hasPrefix("[\n  {\n    \"a\": 1,"))
        let parsed = try JSONReader.parse(text)
        #expect(parsed == [["a": 1, "b": ["c": [1, 2]]], ["a": 2]])
        #expect(try await write([]) { $0.format = .array } == "[]\n")
    }

    @Test func metadataAddsIDAndOrigin() async throws {
        let record = Record(fields: ["a": 1], origin: RecordOrigin(stage: "s", location: "f.jsonl", line: 3), id: "abc")
        let text = try await write([record]) { $0.metadata = true }
        #expect(text == "{\"a\":1,\"_id\":\"abc\",\"_origin\":{\"stage\":\"s\",\"location\":\"f.jsonl\",\"line\":3}}\n")
    }
}
