import Foundation
import GleanCore
@testable import GleanCSV
import GleanTesting
import Testing

@Suite("csv sink")
struct CSVSinkTests {
    private func write(_ records: [Record], _ configure: (inout CSVSink.Configuration) -> Void = { _ in }) async throws -> String {
        let directory = TemporaryDirectory()
        var configuration = CSVSink.Configuration(path: directory.path + "/out.csv")
        configure(&configuration)
        var sink = try CSVSink(configuration: configuration, context: StageHarness.context())
        var rejections = Rejections()
        try await sink.write(records, rejections: &rejections)
        try await sink.finish()
        #expect(directory.read("out.csv") == nil, "nothing is visible before the commit")
        try await sink.commit()
        // The bytes as they are (a byte order mark included).
        return String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory.path + "/out.csv")), as: UTF8.self)
    }

    @Test func quotesOnlyWhenNeededAndWritesValuesAsText() async throws {
        let records = StageHarness.records([
            ["a": "plain", "b": "with, comma", "c": "say \"hi\"", "d": "two\nlines", "e": 1, "f": 2.5, "g": true, "h": .null, "i": ["x": [1]]],
        ])
        #expect(try await write(records) == "a,b,c,d,e,f,g,h,i\nplain,\"with, comma\",\"say \"\"hi\"\"\",\"two\nlines\",1,2.5,true,,\"{\"\"x\"\":[1]}\"\n")
    }

    @Test func quoteAllNonnumericDelimiterNullNewlineBOMAndFormulae() async throws {
        let records = StageHarness.records([["a": "x", "n": 3, "z": .null, "f": "=SUM(A1)"]])
        #expect(try await write(records) { $0.writer.quoting = .all } == "\"a\",\"n\",\"z\",\"f\"\n\"x\",\"3\",\"\",\"=SUM(A1)\"\n")
        #expect(try await write(records) { $0.writer.quoting = .nonnumeric } == "\"a\",\"n\",\"z\",\"f\"\n\"x\",3,\"\",\"=SUM(A1)\"\n")
        #expect(try await write(records) { $0.writer.quoting = .strings } == "\"a\",\"n\",\"z\",\"f\"\n\"x\",3,,\"=SUM(A1)\"\n")
        #expect(try await write(StageHarness.records([["n": 3, "z": .null, "b": true]])) { $0.writer.quoting = .notnull } == "\"n\",\"z\",\"b\"\n\"3\",,\"true\"\n")
        let tuned = try await write(records) {
            $0.writer.delimiter = [0x09]
            $0.writer.null = Array("NULL".utf8)
            $0.writer.newline = [0x0D, 0x0A]
            $0.writer.escapeFormulae = true
            $0.bom = true
            $0.finalNewline = false
        }
        #expect(tuned == "\u{FEFF}a\tn\tz\tf\r\nx\t3\tNULL\t\"'=SUM(A1)\"")
    }

    @Test func escapeCharactersAndNoQuoting() async throws {
        let records = StageHarness.records([["a": "x,y", "b": "say \"hi\"", "c": "back\\slash"]])
        let escaped = try await write(records) {
            $0.writer.escape = UInt8(ascii: "\\")
            $0.writer.doubleQuote = false
        }
        // A quote is escaped, not a reason to quote the field (as Python's writer does).
        #expect(escaped == "a,b,c\n\"x,y\",say \\\"hi\\\",back\\\\slash\n")
        let readEscaped = try await readCSV(escaped) {
            plain(&$0)
            $0.escape = .some(UInt8(ascii: "\\"))
            $0.doubleQuote = false
        }
        #expect(readEscaped.records.first?.fields == records[0].fields)
        let bare = try await write(records) {
            $0.writer.quoting = .none
            $0.writer.escape = UInt8(ascii: "\\")
        }
        #expect(bare == "a,b,c\nx\\,y,say \\\"hi\\\",back\\\\slash\n")
        // Read back with the same escape character: the values come back.
        let read = try await readCSV(bare) {
            plain(&$0)
            $0.quote = .some(nil)
            $0.escape = .some(UInt8(ascii: "\\"))
        }
        #expect(read.records.first?.fields == records[0].fields)
    }

    @Test func aFieldThatCannotBeWrittenIsRejectedNotMangled() async throws {
        let directory = TemporaryDirectory()
        var configuration = CSVSink.Configuration(path: directory.path + "/out.csv")
        configuration.writer.quoting = .none
        var sink = try CSVSink(configuration: configuration, context: StageHarness.context())
        var rejections = Rejections()
        try await sink.write(StageHarness.records([["a": "ok"], ["a": "x,y"], ["a": "fine"]]), rejections: &rejections)
        try await sink.finish()
        try await sink.commit()
        #expect(directory.read("out.csv") == "a\nok\nfine\n")
        #expect(rejections.count == 1)
    }

    @Test func aNewFieldStartsANewSectionAndFixedColumnsStayFixed() async throws {
        let records = StageHarness.records([["a": 1], ["a": 2, "b": "x"], ["b": "y"]])
        #expect(try await write(records) == "a\n1\n\na,b\n2,x\n,y\n")
        #expect(try await write(records) { $0.columns = ["b"] } == "b\n\"\"\nx\ny\n")
    }

    @Test func aLoneEmptyFieldIsQuotedSoTheRowSurvives() async throws {
        let records = StageHarness.records([["a": ""], ["a": "v"]])
        #expect(try await write(records) == "a\n\"\"\nv\n")
        // Where the mode forbids those quotes, the record is dead-lettered, not written as an empty line.
        let directory = TemporaryDirectory()
        var configuration = CSVSink.Configuration(path: directory.path + "/out.csv")
        configuration.writer.quoting = .none
        var sink = try CSVSink(configuration: configuration, context: StageHarness.context())
        var rejections = Rejections()
        try await sink.write(records, rejections: &rejections)
        try await sink.finish()
        try await sink.commit()
        #expect(directory.read("out.csv") == "a\nv\n")
        #expect(rejections.count == 1)
    }

    @Test func quoteColumnsSkipEmptyRowsAndSkipInitialSpace() async throws {
        let records = StageHarness.records([["a": "x", "b": 1, "c": "y"], ["a": .null, "b": .null, "c": ""], ["a": " ", "b": .null, "c": "\t"]])
        #expect(try await write(records) { $0.quoteColumns = ["a", "b"] } == "\"a\",\"b\",c\n\"x\",\"1\",y\n\"\",\"\",\n\" \",\"\",\t\n")
        #expect(try await write(records) { $0.skipEmptyRows = .skip } == "a,b,c\nx,1,y\n ,,\t\n")
        #expect(try await write(records) { $0.skipEmptyRows = .greedy } == "a,b,c\nx,1,y\n")
        // Readers that skip spaces after a delimiter: a leading space is quoted, and with a space
        // delimiter so is an empty field; where the mode forbids quotes, the record is rejected.
        let spaced = StageHarness.records([["a": " lead", "b": "", "c": "z"]])
        #expect(try await write(spaced) { $0.writer.skipInitialSpace = true } == "a,b,c\n\" lead\",,z\n")
        #expect(try await write(spaced) {
            $0.writer.skipInitialSpace = true
            $0.writer.delimiter = [0x20]
        } == "a b c\n\" lead\" \"\" z\n")
        let read = try await readCSV("a b c\n\" lead\" \"\" z\n") {
            plain(&$0)
            $0.delimiter = [0x20]
            $0.skipInitialSpace = true
        }
        #expect(read.records.first?.fields == spaced[0].fields)
        #expect(try await write(spaced) {
            $0.writer.skipInitialSpace = true
            $0.writer.delimiter = [0x20]
            $0.writer.quoting = .none
            $0.writer.escape = UInt8(ascii: "\\")
        } == "a b c\n")
    }

    @Test func roundTripOfACanonicalFileIsByteIdentical() async throws {
        let canonical = "id,name,note,amount\n1,Ann,\"likes \"\"tea\"\", and cake\",1.5\n2,李雷,\"two\nlines\",\n3,,plain,-7\n"
        let read = try await readCSV(canonical) { $0.types = .string }
        #expect(read.rejected.isEmpty)
        #expect(try await write(read.records) == canonical)
    }
}
