import Foundation
import GleanCore
import Testing

@Suite("JSON reader and writer")
struct JSONTests {
    @Test(arguments: [
        (#"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, Value.object(["a": 1, "b": [true, false, nil], "c": ["d": "e"]])),
        (#"  [ ]  "#, .array([])),
        (#"-9223372036854775808"#, .int(.min)),
        (#"9223372036854775807"#, .int(.max)),
        (#"9223372036854775808"#, .double(9_223_372_036_854_775_808)),
        (#"1.5e3"#, .double(1500)),
        (#"-0.0"#, .double(-0.0)),
        (#""\u4e2d\u6587 \"q\" \\ \/ \n""#, .string("中文 \"q\" \\ / \n")),
        (#""\ud83d\ude00""#, .string("😀")),
        (#""\ud83d x""#, .string("\u{FFFD} x")),
        (#""市场规模达504.4亿元""#, .string("市场规模达504.4亿元")),
        (#"{"k":1,"k":2}"#, .object(["k": 2])),
    ])
    func parsesValidJSON(text: String, expected: Value) throws {
        #expect(try JSONReader.parse(text) == expected)
    }

    @Test(arguments: [
        (#"{"a":1,}"#, 7, "expected a string key in object"),
        (#"{"a" 1}"#, 5, "expected ':' after object key"),
        (#"[1 2]"#, 3, "expected ',' or ']' in array"),
        (#"01"#, 0, "leading zeros are not allowed in numbers"),
        (#""abc"#, 0, "unterminated string"),
        (#"tru"#, 0, "invalid literal, expected 'true'"),
        (#"{"a":1} x"#, 8, "unexpected data after the JSON value"),
        ("\"a\u{1}\"", 2, "control character"),
        (#"1."#, 2, "expected digits after the decimal point"),
        ("33E533\t", 0, "number out of range"),
        ("", 0, "unexpected end of input"),
    ])
    func reportsErrorsWithOffsets(text: String, offset: Int, message: String) {
        do {
            _ = try JSONReader.parse(text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.offset == offset)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONReader.parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSONReader.parse(fine)) != nil)
    }

    @Test func largeObjectsWithRepeatedKeysStayLinear() throws {
        let members = (0..<5000).map { "\"k\($0 % 2500)\":\($0)" }.joined(separator: ",")
        let value = try JSONReader.parse("{" + members + "}")
        let fields = try #require(value.objectValue)
        #expect(fields.count == 2500)
        #expect(fields["k0"] == 2500)
    }

    @Test func writerEscapesAndRoundTrips() throws {
        let value: Value = [
            "text": "quote \" backslash \\ newline \n tab \t bell \u{7} 中文 😀",
            "numbers": [0, -1, 1.5, 1e300, .double(.nan), .double(-0.0), 12345678901234],
            "nested": ["empty": [], "obj": [:]],
            "when": .timestamp(Date(timeIntervalSince1970: 0)),
        ]
        let text = JSONWriter.string(value)
        #expect(text.contains(#"quote \" backslash \\ newline \n tab \t bell \u0007 中文 😀"#))
        #expect(text.contains("null"))
        #expect(text.contains(#""when":"1970-01-01T00:00:00Z""#))
        let back = try JSONReader.parse(text)
        #expect(back.objectValue?["text"] == value.objectValue?["text"])
        #expect(back.objectValue?["nested"] == value.objectValue?["nested"])
        // Foundation agrees the output is JSON.
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
    }

    @Test func prettyOutputIndents() {
        var bytes: [UInt8] = []
        JSONWriter(indent: 2).write(Value.object(["a": [1, 2], "b": [:]]), into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
    }

    @Test func wholeDoublesKeepADecimalPoint() {
        #expect(JSONWriter.string(.double(3)) == "3.0")
        #expect(JSONWriter.string(.double(0.1)) == "0.1")
        #expect(JSONWriter.string(.int(3)) == "3")
    }
}
