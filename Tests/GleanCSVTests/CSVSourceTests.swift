import Foundation
import GleanCore
@testable import GleanCSV
import GleanTesting
import Testing

/// Reads `bytes` (written to a file) through the csv source configured by `configure`.
func readCSV(
    _ bytes: [UInt8], name: String = "in.csv", _ configure: (inout CSVSource.Configuration) -> Void = { _ in }
) async throws -> (records: [Record], rejected: [DeadLetter]) {
    let directory = TemporaryDirectory()
    let path = directory.path + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    var configuration = CSVSource.Configuration(path: path)
    configure(&configuration)
    return try await StageHarness.run(CSVSource(configuration: configuration, context: StageHarness.context(name: "in")), batchSize: 3)
}

func readCSV(_ text: String, _ configure: (inout CSVSource.Configuration) -> Void = { _ in }) async throws -> (records: [Record], rejected: [DeadLetter]) {
    try await readCSV(Array(text.utf8), configure)
}

/// RFC 4180 strings only, header given: the parser alone.
func plain(_ configuration: inout CSVSource.Configuration) {
    configuration.sniff = false
    configuration.types = .string
    configuration.header = .present(true)
}

@Suite("csv source: RFC 4180")
struct CSVParsingTests {
    @Test func quotedFieldsWithDelimitersQuotesAndLineBreaks() async throws {
        let result = try await readCSV("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\n1,,3", plain)
        #expect(result.rejected.isEmpty)
        #expect(result.records.map { $0.fields.values } == [["x, y", "say \"hi\"", "two\r\nlines"], ["1", "", "3"]])
        #expect(result.records.map(\.origin.line) == [2, 4])
        #expect(result.records[1].origin.byteOffset == 40)
    }

    @Test func everyLineEndingAndNoFinalNewline() async throws {
        for text in ["a,b\n1,2\n3,4", "a,b\r\n1,2\r\n3,4\r\n", "a,b\r1,2\r3,4\r", "a,b\n1,2\r\n3,4\r"] {
            let result = try await readCSV(text, plain)
            #expect(result.records.map { $0.fields.values } == [["1", "2"], ["3", "4"]], "\(text.debugDescription)")
            #expect(result.records.map(\.origin.line) == [2, 3])
        }
    }

    @Test func rowsSpanningReadsAreReadWhole() async throws {
        // Longer than one read of the parser (256 KiB): fields cross the buffer's end.
        var text = "id,text\n"
        for i in 0..<20_000 { text += "\(i),\"a \"\"quoted\"\", long field with a line\nbreak \(i)\"\r\n" }
        let result = try await readCSV(text, plain)
        #expect(result.records.count == 20_000)
        #expect(result.records.last?["text"] == "a \"quoted\", long field with a line\nbreak 19999")
        #expect(result.records.last?.origin.line == 2 + 19_999 * 2)
    }

    @Test func textAfterAClosingQuoteIsKept() async throws {
        let result = try await readCSV("a,b\n\"ab\"c,d\n", plain)
        #expect(result.records.first?.fields.values == ["abc", "d"])
    }

    @Test func spacesAfterAClosingQuoteAreOutsideTheField() async throws {
        let result = try await readCSV("a,b\n\"x\"  ,\"y\"\t\n", plain)
        #expect(result.records.first?.fields.values == ["x", "y"])
    }

    @Test func aFixedRowTerminatorMakesOtherLineBreaksData() async throws {
        var result = try await readCSV("a,b\r\n1,x\ny\r\n2,z\r\n") {
            plain(&$0)
            $0.newline = .crlf
        }
        #expect(result.records.map { $0.fields.values } == [["1", "x\ny"], ["2", "z"]])
        result = try await readCSV("a,b\n1,x\ry\n") {
            plain(&$0)
            $0.newline = .lf
        }
        #expect(result.records.map { $0.fields.values } == [["1", "x\ry"]])
    }

    @Test func anUnclosedQuoteIsDeadLetteredWithItsLine() async throws {
        let result = try await readCSV("a,b\n1,2\n3,\"never closed\n4,5\n", plain)
        #expect(result.records.map { $0.fields.values } == [["1", "2"]])
        #expect(result.rejected.count == 1)
        #expect(result.rejected[0].error.contains("in.csv:3: a quoted field is never closed"), "\(result.rejected)")
        #expect(result.rejected[0].raw == "3,\"never closed\n4,5\n", "the dead letter keeps the rest of the input")
    }

    @Test func escapeCharacterCommentsSkipRowsTrimAndMultiByteDelimiters() async throws {
        var result = try await readCSV("a,b\n\"x\\\"y\",z\\,w\n") {
            plain(&$0)
            $0.escape = .some(UInt8(ascii: "\\"))
        }
        #expect(result.records.first?.fields.values == ["x\"y", "z,w"])
        result = try await readCSV("banner line\n# a comment\na,b\n#skip\n 1 , \"2\"\n") {
            plain(&$0)
            $0.skipRows = 1
            $0.comment = Array("#".utf8)
            $0.trim = .both
        }
        #expect(result.records.map { $0.fields.values } == [["1", "2"]])
        result = try await readCSV("a||b\n1|2||3\n") {
            plain(&$0)
            $0.delimiter = Array("||".utf8)
        }
        #expect(result.records.first?.fields.values == ["1|2", "3"])
    }

    @Test func emptyLinesAreSkippedByDefaultOrRowsWhenAsked() async throws {
        var result = try await readCSV("a\n1\n\n   \n2\n", plain)
        #expect(result.records.map { $0["a"] } == ["1", "   ", "2"])
        result = try await readCSV("a\n1\n\n   \n2\n") {
            plain(&$0)
            $0.skipEmptyLines = .greedy
        }
        #expect(result.records.map { $0["a"] } == ["1", "2"])
        result = try await readCSV("a\n1\n\n2\n") {
            plain(&$0)
            $0.skipEmptyLines = .keep
        }
        #expect(result.records.map { $0["a"] } == ["1", "", "2"])
    }

    @Test func headersAreMadeUniqueAndHeaderlessColumnsNumbered() async throws {
        var result = try await readCSV("a,a,,b\n1,2,3,4\n", plain)
        #expect(result.records.first?.fields.names == ["a", "a_1", "column_3", "b"])
        result = try await readCSV("1,2\n3,4\n") {
            plain(&$0)
            $0.header = .present(false)
        }
        #expect(result.records.map(\.fields.names) == [["column_1", "column_2"], ["column_1", "column_2"]])
        result = try await readCSV("1,2\n") {
            plain(&$0)
            $0.header = .names(["x", "y"])
        }
        #expect(result.records.first?.fields == ["x": "1", "y": "2"])
    }
}

@Suite("csv source: ragged rows, limits, encodings")
struct CSVRobustnessTests {
    @Test func raggedRowsInEachMode() async throws {
        let text = "a,b,c\n1,2,3\n4,5\n6,7,8,9\n"
        var result = try await readCSV(text, plain)
        #expect(result.records.count == 1)
        #expect(result.rejected.map(\.origin.line) == [3, 4])
        #expect(result.rejected[0].error.contains("in.csv:3: expected 3 fields (as the header has), found 2"))
        #expect(result.rejected[0].raw == "4,5")
        result = try await readCSV(text) {
            plain(&$0)
            $0.ragged = .pad
        }
        #expect(result.records.map { $0.fields.values } == [["1", "2", "3"], ["4", "5", .null]])
        #expect(result.rejected.map(\.origin.line) == [4])
        result = try await readCSV(text) {
            plain(&$0)
            $0.ragged = .keep
        }
        #expect(result.records.map(\.fields.count) == [3, 2, 4])
        #expect(result.records[2]["column_4"] == "9")
    }

    @Test func aFieldOverTheLimitIsDeadLetteredAndReadingGoesOn() async throws {
        let big = String(repeating: "x", count: 300_000)
        let result = try await readCSV("a,b\n1,\(big)\n2,\"\(big)\"\n3,ok\n") {
            plain(&$0)
            $0.maxFieldBytes = 100_000
        }
        #expect(result.records.map { $0["a"] } == ["3"])
        #expect(result.rejected.map(\.origin.line) == [2, 3])
        #expect(result.rejected[0].error.contains("a field longer than max_field_bytes (100000 bytes)"))
    }

    @Test func aOneGigabyteFieldHitsTheLimitInBoundedMemory() throws {
        // A stream that makes 1 GB of one quoted field on the fly, then a good row.
        final class HugeField: ByteStream {
            var remaining = 1 << 30
            var stage = 0
            func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                switch stage {
                case 0:
                    stage = 1
                    return copy(Array("a,b\n1,\"".utf8), into: buffer)
                case 1:
                    let n = min(buffer.count, remaining)
                    buffer.baseAddress!.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "y"), count: n)
                    remaining -= n
                    if remaining == 0 { stage = 2 }
                    return n
                case 2:
                    stage = 3
                    return copy(Array("\"\n2,fine\n".utf8), into: buffer)
                default: return 0
                }
            }
            func copy(_ bytes: [UInt8], into buffer: UnsafeMutableRawBufferPointer) -> Int {
                bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
                return bytes.count
            }
        }
        let reader = CSVRowReader(stream: HugeField(), dialect: CSVDialect(), maximumFieldBytes: 64 << 20)
        var rows: [[String]] = []
        var problems: [CSVRowReader.Problem] = []
        while true {
            let outcome = try reader.next { row in rows.append((0..<row.count).map { String(decoding: row.field($0), as: UTF8.self) }) }
            if case .problem(let problem) = outcome { problems.append(problem) }
            if case .end = outcome { break }
        }
        #expect(rows == [["a", "b"], ["2", "fine"]])
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.message.contains("max_field_bytes") == true)
    }

    @Test func tenThousandColumnsOverTheLimitAreOneDeadLetter() async throws {
        let wide = (0..<20_000).map(String.init).joined(separator: ",")
        let result = try await readCSV("a\n\(wide)\nz\n") {
            plain(&$0)
            $0.maxColumns = 10_000
        }
        #expect(result.records.map { $0["a"] } == ["z"])
        #expect(result.rejected.count == 1)
        #expect(result.rejected[0].error.contains("more than 10000 fields"))
    }

    @Test func byteOrderMarksAndEveryEncoding() async throws {
        let text = "名称,城市\n数据,北京\n"
        func bytes(_ encoding: String.Encoding) -> [UInt8] { Array(text.data(using: encoding)!) }
        var cases: [(String, [UInt8], CSVEncoding)] = [
            ("utf-8 bom", [0xEF, 0xBB, 0xBF] + Array(text.utf8), .auto),
            ("utf-16le bom", [0xFF, 0xFE] + bytes(.utf16LittleEndian), .auto),
            ("utf-16be bom", [0xFE, 0xFF] + bytes(.utf16BigEndian), .auto),
            ("utf-16le given", bytes(.utf16LittleEndian), .utf16le),
        ]
        cases.append(("gb18030 sniffed", try iconv(text, to: "GB18030"), .auto))
        cases.append(("big5", try iconv("名稱,城市\n資料,台北\n", to: "BIG5"), .big5))
        cases.append(("shift_jis", try iconv("名前,都市\nデータ,東京\n", to: "SHIFT_JIS"), .shiftJIS))
        for (name, input, encoding) in cases {
            let result = try await readCSV(input) { $0.encoding = encoding }
            #expect(result.rejected.isEmpty, "\(name)")
            #expect(result.records.count == 1, "\(name)")
            #expect(result.records.first?.fields.count == 2, "\(name)")
            if name.hasPrefix("utf") || name.hasPrefix("gb") { #expect(result.records.first?.fields == ["名称": "数据", "城市": "北京"], "\(name)") }
        }
        let latin = try await readCSV([0x6E, 0x61, 0x6D, 0x65, 0x0A, 0x63, 0x61, 0x66, 0xE9, 0x0A]) { $0.encoding = .latin1 }
        #expect(latin.records.first?["name"] == "café")
        let windows = try await readCSV([0x6E, 0x0A, 0x80, 0x31, 0x0A])  // not UTF-8, no GBK pairs: Windows-1252
        #expect(windows.records.first?["n"] == "€1")
    }

    @Test func bytesInvalidInTheEncodingDeadLetterTheirRow() async throws {
        let result = try await readCSV(Array("a,b\n1,ok\n2,".utf8) + [0xFF, 0xFE] + Array("\n3,ok\n".utf8)) {
            plain(&$0)
            $0.encoding = .utf8
        }
        #expect(result.records.map { $0["a"] } == ["1", "3"])
        #expect(result.rejected.map(\.origin.line) == [3])
        #expect(result.rejected[0].error.contains("not valid utf-8"))
    }

    @Test func binaryJunkAndNoNewlineNeverCrash() async throws {
        var generator = SystemRandomNumberGenerator()
        let junk = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        _ = try await readCSV(junk)
        let one = try await readCSV(String(repeating: "x,", count: 50_000)) { $0.header = .present(false) }
        #expect(one.records.count == 1)
        #expect(one.records.first?.fields.count == 50_001)
    }

    /// `text` in `charset`, by the iconv program (independent of the code under test).
    private func iconv(_ text: String, to charset: String) throws -> [UInt8] {
        let directory = TemporaryDirectory()
        let input = directory.write("utf8.txt", text)
        let result = try runProgram("/usr/bin/iconv", ["-f", "UTF-8", "-t", charset, input, "-o", directory.path + "/out"])
        #expect(result.status == 0, "\(result.error)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: directory.path + "/out")))
    }
}

@Suite("csv source: dialect sniffing and types")
struct CSVSniffingTests {
    @Test(arguments: [";", "\t", "|", ","])
    func delimitersWithAndWithoutHeaderAndWithPreamble(delimiter: String) async throws {
        let rows = [["id", "name", "price", "day"], ["1", "apple", "1.5", "2024-01-02"], ["2", "pear, green", "2.25", "2024-01-03"], ["3", "fig", "10", "2024-01-04"]]
        func csv(_ rows: [[String]]) -> String {
            rows.map { $0.map { $0.contains(delimiter) || $0.contains(",") && delimiter != "," ? "\"\($0)\"" : $0 }.joined(separator: delimiter) }.joined(separator: "\n") + "\n"
        }
        var result = try await readCSV(csv(rows))
        #expect(result.records.map { $0["name"] } == ["apple", "pear, green", "fig"], "\(delimiter)")
        #expect(result.records.map { $0["price"] } == [1.5, 2.25, 10.0])
        #expect(result.records.map { $0["id"] } == [1, 2, 3])
        result = try await readCSV(csv(Array(rows.dropFirst())))
        #expect(result.records.first?.fields.names == ["column_1", "column_2", "column_3", "column_4"], "\(delimiter)")
        #expect(result.records.count == 3)
        result = try await readCSV("Price list, exported 2024\nSource: the shop\n" + csv(rows))
        #expect(result.records.map { $0["name"] } == ["apple", "pear, green", "fig"], "\(delimiter) with preamble")
        #expect(result.rejected.isEmpty)
    }

    @Test func theSnifferSaysWhatItChose() {
        let sample = Array("a;b;c\n1;2,5;x\n3;4,0;y\n".utf8)
        let guess = CSVSniffer.guess(sample, complete: true, base: CSVDialect(), delimiter: nil, quote: nil, escape: nil, header: nil, decimalComma: false)
        #expect(guess.dialect.delimiter == [UInt8(ascii: ";")])
        #expect(guess.header)
        #expect(guess.columns == 3)
        #expect(guess.description.hasPrefix("delimiter ';', quote '\"'"))
    }

    @Test func typesAreInferredAndALaterViolationIsKeptAsAString() async throws {
        var text = "n,r,b,d,t,zip,s\n"
        for i in 0..<5 { text += "\(i),\(i).5,\(i % 2 == 0 ? "true" : "FALSE"),2024-01-0\(i + 1),2024-01-02T10:0\(i):00Z,0213\(i),x\(i)\n" }
        text += ",,,,,,\n"
        text += "seven,1e3,true,2024-02-30,2024-01-02 10:00,02139,y\n"
        let result = try await readCSV(text) { $0.inferRows = 6 }
        #expect(result.rejected.isEmpty)
        let first = try #require(result.records.first)
        #expect(first["n"] == 0)
        #expect(first["r"] == 0.5)
        #expect(first["b"] == true)
        #expect(first["d"] == "2024-01-01")
        #expect(first["t"] == .timestamp(ISO8601.parse("2024-01-02T10:00:00Z")!))
        #expect(first["zip"] == "02130", "leading zeros stay strings")
        #expect(result.records[1]["b"] == false)
        let emptyRow = result.records[5].fields.values
        #expect(emptyRow.prefix(5).allSatisfy { $0.isNull } && emptyRow.suffix(2) == ["", ""], "empty cells are null in typed columns, \"\" in string ones")
        let late = result.records[6]
        #expect(late["n"] == "seven", "a later violation is kept as a string")
        #expect(late["r"] == 1000.0)
        #expect(late["d"] == "2024-02-30")
        #expect(late["t"] == .timestamp(ISO8601.parse("2024-01-02T10:00:00Z")!))
    }

    @Test func realsParseExactlyAsSwiftDoes() {
        // The fast path (an exact integer over an exact power of ten) must round as the full parser.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let integer = String(UInt64.random(in: 0...999_999_999, using: &generator))
            let fraction = String(UInt64.random(in: 0...999_999, using: &generator))
            for text in ["\(integer).\(fraction)", "-\(integer.prefix(3)).\(fraction)", "0.\(fraction)", "\(integer.prefix(1)).\(fraction)e-3"] {
                let parsed = Array(text.utf8).withUnsafeBytes { CSVColumnType.real($0, decimalComma: false) }
                #expect(parsed == Double(text), "\(text)")
                let comma = Array(text.replacingOccurrences(of: ".", with: ",").utf8).withUnsafeBytes { CSVColumnType.real($0, decimalComma: true) }
                #expect(comma == Double(text), "\(text) with a decimal comma")
            }
        }
    }

    @Test func givenTypesNullValuesAndDecimalCommas() async throws {
        let result = try await readCSV("a;b;c\n1,5;NA;{\"k\":[1]}\n2;x;null\n") {
            $0.delimiter = Array(";".utf8)
            $0.decimalComma = true
            $0.nullValues = ["NA"]
            $0.types = .columns(["c": .json, "b": .string])
        }
        #expect(result.records.map { $0["a"] } == [1.5, 2.0])
        #expect(result.records.map { $0["b"] } == [.null, "x"])
        #expect(result.records.map { $0["c"] } == [["k": [1]], .null])
    }

    @Test func aCSVInsideAZip() async throws {
        let directory = TemporaryDirectory()
        directory.write("data/a.csv", "id,v\n1,x\n2,y\n")
        directory.write("data/b.csv", "id;v\n3;z\n")
        let zip = try runProgram("/usr/bin/env", ["sh", "-c", "cd '\(directory.path)/data' && python3 -m zipfile -c ../all.zip a.csv b.csv"])
        #expect(zip.status == 0, "\(zip.error)")
        let configuration = CSVSource.Configuration(path: directory.path + "/all.zip")
        let result = try await StageHarness.run(CSVSource(configuration: configuration, context: StageHarness.context(name: "in")))
        #expect(result.records.map { $0["v"] } == ["x", "y", "z"])
        #expect(result.records.map { $0["id"] } == [1, 2, 3])
        #expect(result.records[2].origin.location?.hasSuffix("all.zip!/b.csv") == true)
    }
}

@Suite("csv source: quoting modes, strict, initial spaces, dynamic types")
struct CSVQuotingModeTests {
    private func values(_ text: String, _ configure: (inout CSVSource.Configuration) -> Void) async throws -> (rows: [[Value]], rejected: [DeadLetter]) {
        let result = try await readCSV(text) { configuration in
            plain(&configuration)
            configuration.header = .present(false)
            configure(&configuration)
        }
        return (result.records.map { $0.fields.values }, result.rejected)
    }

    @Test func quotesCarryTypesUnderPythonsModes() async throws {
        let line = ",3,\"5\",7.3, 9,007\n"
        #expect(try await values(line) { $0.quoting = .nonnumeric }.rows == [["", .double(3), "5", .double(7.3), .double(9), .double(7)]])
        #expect(try await values(line) { $0.quoting = .strings }.rows == [[.null, .double(3), "5", .double(7.3), .double(9), .double(7)]])
        #expect(try await values(line) { $0.quoting = .notnull }.rows == [[.null, "3", "5", "7.3", " 9", "007"]])
        // An unquoted field that is not a number: the row is dead-lettered, the next one read.
        let bad = try await values("abc,3\n\"abc\",4\n") { $0.quoting = .nonnumeric }
        #expect(bad.rows == [["abc", .double(4)]])
        #expect(bad.rejected.count == 1)
        #expect(bad.rejected.first?.error.contains("'abc' is not a number") == true)
    }

    @Test func strictRejectsTextAfterAClosingQuote() async throws {
        let text = "\"a\"b,c\n\"ok\",d\n\"x\" ,y\n"
        let lenient = try await values(text) { _ in }
        #expect(lenient.rows == [["ab", "c"], ["ok", "d"], ["x", "y"]])
        let strict = try await values(text) { $0.strict = true }
        #expect(strict.rows == [["ok", "d"]])
        #expect(strict.rejected.map(\.origin.line) == [1, 3])
        #expect(strict.rejected.first?.error.contains("after a closing quote") == true)
    }

    @Test func initialSpacesAreSkippedButNotTabs() async throws {
        let rows = try await values("a,  \"b, c\",\td,  e\n") { $0.skipInitialSpace = true }.rows
        #expect(rows == [["a", "b, c", "\td", "e"]])
    }

    @Test func withoutDoubleQuotesAQuoteEndsTheQuotedPart() async throws {
        #expect(try await values("\"a\"\"b\",c\n") { _ in }.rows == [["a\"b", "c"]])
        #expect(try await values("\"a\"\"b\",c\n") { $0.doubleQuote = false }.rows == [["a\"b\"", "c"]])
        // An escape after the closing quote still escapes.
        #expect(try await values("\"a\"\\,b,c\n") { $0.escape = .some(UInt8(ascii: "\\")) }.rows == [["a,b", "c"]])
    }

    @Test func dynamicTypesEachValueOnItsOwn() async throws {
        let rows = try await values("1,x\nn/a,2.5\n,true\n2024-05-01T10:00:00Z,007\n") { $0.types = .dynamic }.rows
        #expect(rows.count == 4)
        #expect(rows[0] == [.int(1), "x"])
        #expect(rows[1] == ["n/a", .double(2.5)])
        #expect(rows[2] == [.null, .bool(true)])
        #expect(rows[3][1] == "007", "a leading zero is a code, as under inference")
        if case .timestamp = rows[3][0] {} else { Issue.record("expected a timestamp, got \(rows[3][0])") }
    }
}
