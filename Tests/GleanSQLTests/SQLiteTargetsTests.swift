import Foundation
import GleanCore
@testable import GleanSQL
import GleanTesting
import Testing

@Suite("SQL sinks against a real SQLite")
struct SQLiteTargetsTests {
    let directory = TemporaryDirectory()

    func dump(_ yaml: String, _ batches: [[Record]], name: String = "dump.sql") async throws -> (path: String, rejections: Rejections) {
        let path = directory.path + "/" + name
        let sink = try SQLDumpSink(configuration: try sinkConfiguration(SQLDumpSink.Configuration.self, "path: \(path)\n" + yaml), context: StageHarness.context(name: "articles", baseDirectory: directory.path))
        return (path, try await drive(sink, batches))
    }

    func database(_ yaml: String, _ batches: [[Record]], name: String = "news.db") async throws -> (path: String, rejections: Rejections) {
        let path = directory.path + "/" + name
        let sink = try SQLiteSink(configuration: try sinkConfiguration(SQLiteSink.Configuration.self, "path: \(path)\n" + yaml), context: StageHarness.context(name: "articles", baseDirectory: directory.path))
        return (path, try await drive(sink, batches))
    }

    /// The same checks on a database produced either way.
    func checkRoundTrip(_ db: String) throws {
        #expect(try sqlite(db, "SELECT title FROM articles WHERE id = 'a1'") == "微短剧市场规模达504.4亿元 🎬")
        #expect(try sqlite(db, "SELECT quote FROM articles WHERE id = 'a1'") == "it's \"quoted\"; DROP TABLE x; --")
        #expect(try sqlite(db, "SELECT backslash FROM articles WHERE id = 'a1'") == #"C:\path\n not a newline"#)
        #expect(try sqlite(db, "SELECT nul FROM articles WHERE id = 'a1'") == "beforeafter")
        #expect(try sqlite(db, "SELECT hex(multiline) FROM articles WHERE id = 'a1'") == Data("line 1\nline 2\r\n\ttabbed".utf8).map { String(format: "%02X", $0) }.joined())
        #expect(try sqlite(db, "SELECT huge, negative FROM articles WHERE id = 'a1'") == "\(Int64.max)|\(Int64.min)")
        #expect(try sqlite(db, "SELECT printf('%!.17g', pi), tiny > 0, zero = 0 FROM articles WHERE id = 'a1'") == "3.1415926535897931|1|1")
        #expect(try sqlite(db, "SELECT \"when\" FROM articles WHERE id = 'a1'") == "2025-07-21T01:01:00Z")
        #expect(try sqlite(db, "SELECT flag FROM articles WHERE id = 'a1'") == "1")
        // Hostile names are columns, and the table they name is untouched.
        #expect(try sqlite(db, "SELECT \"\"\"; DROP TABLE x; --\", \"select\" FROM articles WHERE id = 'a1'") == "harmless|a keyword")
        // Nested objects flattened to depth 2, deeper as JSON; lists of values as JSON.
        #expect(try sqlite(db, "SELECT author__name, json_extract(author__org, '$.city'), json_extract(tags, '$[1]') FROM articles WHERE id = 'a1'") == "Li Wei|北京|短剧")
        // Arrays of objects: a child table linked to the parent's record id, in list order.
        #expect(try sqlite(db, "SELECT a.id, f._index, f.text, CAST(f.value AS REAL) FROM articles a JOIN articles__figures f ON f._parent_id = a._id ORDER BY a.id, f._index") ==
                "a1|0|504.4亿元|50440000000.0\na1|1|34.9%|34.9\na2|0|78%|78.0")
    }

    @Test func dumpLoadsWithTheSQLiteShellAndValuesRoundTrip() async throws {
        let (path, rejections) = try await dump("dialect: sqlite\ntable: articles", [StageHarness.records(tricky)])
        #expect(rejections.isEmpty)
        let db = directory.path + "/from-dump.db"
        _ = try sqlite(db, "", file: path)
        try checkRoundTrip(db)
        // Loading the same dump again (a rerun) adds no rows.
        _ = try sqlite(db, "", file: path)
        #expect(try sqlite(db, "SELECT count(*) FROM articles; SELECT count(*) FROM articles__figures") == "2\n3")
    }

    @Test func sqliteSinkWritesTheSameAndRerunsAddNoDuplicates() async throws {
        let (path, rejections) = try await database("table: articles", [StageHarness.records(tricky)])
        #expect(rejections.isEmpty)
        try checkRoundTrip(path)
        _ = try await database("table: articles", [StageHarness.records(tricky)])
        #expect(try sqlite(path, "SELECT count(*) FROM articles; SELECT count(*) FROM articles__figures") == "2\n3")
        #expect(try sqlite(path, "PRAGMA journal_mode") == "wal")
    }

    @Test func schemaEvolvesMidStreamAndConflictsGoToVariantColumns() async throws {
        let first = StageHarness.records([["id": "1", "price": 10, "note": "a"]])
        let second = [Record(fields: ["id": "2", "price": "ten", "note": "b", "added": true], origin: RecordOrigin(stage: "t", index: 1))]
        let third = [Record(fields: ["id": "3", "price": 2.5, "note": 7], origin: RecordOrigin(stage: "t", index: 2))]
        for kind in ["dump", "database"] {
            let db: String
            if kind == "dump" {
                let (path, _) = try await dump("table: t\nkey: [id]", [first, second, third], name: "evolve.sql")
                db = directory.path + "/evolve-from-dump.db"
                _ = try sqlite(db, "", file: path)
            } else {
                db = try await database("table: t\nkey: [id]", [first, second, third], name: "evolve.db").path
            }
            // price: 10 then "ten" (a variant column) then 2.5 (integers widen to reals); note:
            // text then 7 (numbers fit text columns as text); added appears in the second batch.
            #expect(try sqlite(db, "SELECT id, CAST(price AS REAL), price__text, note, added FROM t ORDER BY id") == "1|10.0||a|\n2||ten|b|1\n3|2.5||7|", "\(kind)")
        }
    }

    @Test func updateReplacesChildrenAndIgnoreKeepsTheFirst() async throws {
        let v1 = StageHarness.records([["id": "x", "title": "v1", "figures": [["text": "1%"], ["text": "2%"]]]])
        let v2 = StageHarness.records([["id": "x", "title": "v2", "figures": [["text": "3%"]]]])
        let db = try await database("table: t\nkey: [id]", [v1, v2], name: "update.db").path
        #expect(try sqlite(db, "SELECT title FROM t; SELECT text FROM t__figures") == "v2\n3%")
        let kept = try await database("table: t\nkey: [id]\non_conflict: ignore", [v1, v2], name: "ignore.db").path
        #expect(try sqlite(kept, "SELECT title FROM t") == "v1")
    }

    @Test func aRecordWithoutItsKeyIsDeadLetteredAndTheBatchGoesOn() async throws {
        let records = StageHarness.records([["id": "1"], ["title": "no id"], ["id": "3"]])
        let (path, rejections) = try await database("table: t\nkey: [id]", [records], name: "keys.db")
        #expect(rejections.count == 1)
        #expect(rejections.letters.first?.error.contains("key field 'id' is missing") == true)
        #expect(try sqlite(path, "SELECT group_concat(id) FROM t") == "1,3")
    }

    @Test func identifiersAreQuotedAndLongOnesStayDistinct() {
        let long = String(repeating: "列", count: 40)
        #expect(SQLDialect.postgres.quote("a\"b") == "\"a\"\"b\"")
        #expect(SQLDialect.postgres.identifier(long + "1") != SQLDialect.postgres.identifier(long + "2"))
        #expect(SQLDialect.postgres.identifier(long + "1").utf8.count <= 63)
        var removed = 0
        #expect(SQLDialect.postgres.literal(.text("it's\u{0}"), removedNUL: &removed) == "'it''s'")
        #expect(removed == 1)
        #expect(SQLDialect.sqlite.literal(.real(-0.0), removedNUL: &removed) == "-0.0")
    }
}
