import Foundation
import GleanCore
import Testing

@Suite("Record model")
struct ModelTests {
    @Test func fieldsKeepInsertionOrderAndReplaceInPlace() {
        var fields: Fields = ["b": 1, "a": 2]
        fields["c"] = 3
        fields["b"] = 10
        #expect(fields.names == ["b", "a", "c"])
        #expect(fields["b"] == 10)
        fields["a"] = nil
        #expect(fields.names == ["b", "c"])
    }

    @Test func renameKeepsPositionAndReplacesExistingTarget() {
        var fields: Fields = ["a": 1, "b": 2, "c": 3]
        fields.rename("b", to: "x")
        #expect(fields.names == ["a", "x", "c"])
        fields.rename("a", to: "c")
        #expect(fields.names == ["x", "c"])
        #expect(fields["c"] == 1)
    }

    @Test func fieldPathsReachIntoObjects() throws {
        var fields: Fields = ["author": ["name": "Li", "city": "Beijing"], "title": "t"]
        let name = try #require(FieldPath("author.name"))
        #expect(fields.value(at: name) == "Li")
        fields.setValue("Wang", at: name)
        #expect(fields.value(at: name) == "Wang")
        let deep = try #require(FieldPath("meta.source.outlet"))
        fields.setValue("Jing Ji Wang", at: deep)
        #expect(fields["meta"] == ["source": ["outlet": "Jing Ji Wang"]])
        #expect(fields.removeValue(at: name) == "Wang")
        #expect(fields["author"] == ["city": "Beijing"])
        #expect(FieldPath("a..b") == nil)
        #expect(FieldPath("") == nil)
    }

    @Test func aTopLevelFieldWithADotIsFoundByItsWholeName() throws {
        let fields: Fields = ["a.b": 1]
        #expect(fields.value(at: try #require(FieldPath("a.b"))) == 1)
    }

    @Test func derivedIDsAreStableAndDistinguishOrigins() {
        let a = RecordOrigin(stage: "s", location: "/data/x.jsonl", line: 3)
        let b = RecordOrigin(stage: "s", location: "/data/x.jsonl", line: 4)
        #expect(a.derivedID == RecordOrigin(stage: "s", location: "/data/x.jsonl", line: 3).derivedID)
        #expect(a.derivedID != b.derivedID)
        #expect(a.derivedID.count == 16)
        #expect(a.description == "/data/x.jsonl:3")
    }

    @Test func stableHashIsFNV1a() {
        #expect(StableHash().value == 0xcbf2_9ce4_8422_2325)
        var hash = StableHash()
        hash.combine("glean")
        #expect(hash.value == 0xc934_29ab_1925_856f)
        #expect(hash.hex == "c93429ab1925856f")
        var leadingZero = StableHash()
        leadingZero.combine("k460")
        #expect(leadingZero.hex == "0837b05912a938f9", "16 digits, zero-padded")
    }

    @Test(arguments: [
        ("delimeter", ["delimiter", "path", "format"], "delimiter"),
        ("pth", ["path", "format"], "path"),
        ("xyzzy", ["path", "format"], nil),
        ("FORMAT", ["path", "format"], "format"),
    ] as [(String, [String], String?)])
    func didYouMeanFindsNearMisses(name: String, candidates: [String], expected: String?) {
        #expect(DidYouMean.suggestion(for: name, among: candidates) == expected)
    }

    @Test func gleanErrorDescriptionIsOneLineWithLocation() {
        let error = GleanError(.malformedInput, "expected ','", at: .file(path: "a.json", line: 3, column: 7))
        #expect(error.description == "a.json:3:7: expected ','")
        let recordError = GleanError(.invalidRecord, "no title", at: .record(stage: "clean", origin: RecordOrigin(stage: "feed", location: "f.xml", index: 57)))
        #expect(recordError.description == "f.xml item 57 (stage 'clean'): no title")
    }
}

@Suite("ISO 8601")
struct ISO8601Tests {
    @Test(arguments: [
        ("2025-07-21T07:01:00Z", 1_753_081_260.0),
        ("2025-07-21T07:01:00+08:00", 1_753_052_460.0),
        ("2025-07-21 07:01", 1_753_081_260.0),
        ("2025-07-21T07:01:00.5Z", 1_753_081_260.5),
        ("2025-07-21T07:01:00-0130", 1_753_086_660.0),
        ("2025-07-21", 1_753_056_000.0),
        ("1969-12-31T23:59:59Z", -1.0),
    ])
    func parses(text: String, seconds: Double) throws {
        let date = try #require(ISO8601.parse(text))
        #expect(date.timeIntervalSince1970 == seconds)
    }

    @Test(arguments: ["2025-13-01", "2025-07-21T25", "07/21/2025", "2025-07-21T07:01:00X", ""])
    func rejects(text: String) {
        #expect(ISO8601.parse(text) == nil)
    }

    @Test func formatsUTCWithMillisecondsOnlyWhenNeeded() {
        #expect(ISO8601.format(Date(timeIntervalSince1970: 1_753_081_260)) == "2025-07-21T07:01:00Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: 1_753_081_260.25)) == "2025-07-21T07:01:00.250Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }

    @Test func defaultOffsetAppliesOnlyWithoutAZone() throws {
        let local = try #require(ISO8601.parse("2025-07-21 07:01", defaultOffsetSeconds: 8 * 3600))
        #expect(ISO8601.format(local) == "2025-07-20T23:01:00Z")
        let zoned = try #require(ISO8601.parse("2025-07-21T07:01Z", defaultOffsetSeconds: 8 * 3600))
        #expect(ISO8601.format(zoned) == "2025-07-21T07:01:00Z")
    }
}
