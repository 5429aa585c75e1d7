import Foundation
import GleanCore
@testable import GleanSQL
import GleanTesting
import Testing

/// Field names the target takes for one column (`Title` and `title` in SQLite, `a\0b` and `ab`
/// everywhere, names agreeing in their first 63 bytes in PostgreSQL) and mapped names that meet
/// (`a.b` and `a__b`, a field `_id`): every value is kept, the later name suffixed `__2`, and a
/// rerun maps each field to the same column.
@Suite("Column names that collide")
struct ColumnNameCollisionTests {
    let directory = TemporaryDirectory()

    /// Records whose names collide in SQLite, or in every target.
    static let colliding: [Fields] = [
        ["id": "1", "Title": "upper", "title": "lower", "a\u{0}b": "with NUL", "ab": "plain"],
        ["id": "2", "a": ["b": 11], "a__b": 10, "_id": "user id"],
        ["id": "3", "title": "only lower"],
    ]

    func sqliteSink(_ name: String, yaml: String = "table: t\nkey: [id]") throws -> SQLiteSink {
        try SQLiteSink(configuration: try sinkConfiguration(SQLiteSink.Configuration.self, "path: \(directory.path)/\(name)\n" + yaml), context: StageHarness.context(name: "t", baseDirectory: directory.path))
    }

    /// The columns of `t` and every value of the colliding records, as the sqlite3 shell sees them.
    func contents(_ db: String) throws -> (columns: String, rows: String) {
        let columns = try sqlite(db, "SELECT group_concat(name, ',') FROM pragma_table_info('t')")
        let rows = try sqlite(db, "SELECT id, Title, title__2, ab, ab__2, a__b, a__b__2, _id__2 FROM t ORDER BY id")
        return (columns, rows)
    }

    static let expectedRows = "1|upper|lower|with NUL|plain|||\n2|||||11|10|user id\n3|only lower||||||"

    @Test func theSQLiteSinkKeepsEveryValueAndRerunsMapTheSameWay() async throws {
        let rejections = try await drive(try sqliteSink("news.db"), [StageHarness.records(Self.colliding)])
        #expect(rejections.isEmpty)
        let db = directory.path + "/news.db"
        let first = try contents(db)
        #expect(first.columns == "id,_id,Title,title__2,ab,ab__2,a__b,a__b__2,_id__2")
        #expect(first.rows == Self.expectedRows)
        // A rerun (a new sink reading the existing table) writes the same columns, no new ones.
        try await drive(try sqliteSink("news.db"), [StageHarness.records(Self.colliding)])
        let second = try contents(db)
        #expect(second.columns == first.columns)
        #expect(second.rows == first.rows)
    }

    @Test(arguments: [SQLDialect.sqlite, .postgres])
    func theDumpLoadsAndKeepsEveryValue(dialect: SQLDialect) async throws {
        let path = directory.path + "/dump-\(dialect).sql"
        let sink = try SQLDumpSink(configuration: try sinkConfiguration(SQLDumpSink.Configuration.self, "path: \(path)\ndialect: \(dialect)\ntable: t\nkey: [id]"), context: StageHarness.context(name: "t", baseDirectory: directory.path))
        #expect(try await drive(sink, [StageHarness.records(Self.colliding)]).isEmpty)
        let script = try String(contentsOfFile: path, encoding: .utf8)
        if dialect == .sqlite {
            let db = directory.path + "/from-dump.db"
            _ = try sqlite(db, "", file: path)
            #expect(try contents(db).rows == Self.expectedRows)
            // Loaded again (a rerun), nothing changes.
            _ = try sqlite(db, "", file: path)
            #expect(try contents(db).rows == Self.expectedRows)
        } else {
            // PostgreSQL tells `Title` from `title`; only the NUL name and the mapped names meet.
            #expect(script.contains(#"ADD COLUMN IF NOT EXISTS "title" TEXT"#))
            #expect(script.contains(#"ADD COLUMN IF NOT EXISTS "ab__2" TEXT"#))
            #expect(!script.contains(#""ab", "ab""#))
            #expect(script.contains(#""a__b__2" BIGINT"#) && script.contains(#""_id__2" TEXT"#))
        }
    }

    @Test func aFieldThatOnlyFoldsOntoAKeyColumnDoesNotTakeIt() async throws {
        // The key is `id`; `ID` (first in the record) is the same name to SQLite, but the key
        // column belongs to `id`: `ID` is suffixed, wherever it comes.
        let records = StageHarness.records([["ID": "upper", "id": "k1"], ["id": "k2", "ID": "again"]])
        #expect(try await drive(try sqliteSink("key.db"), [records]).isEmpty)
        #expect(try sqlite(directory.path + "/key.db", "SELECT id, ID__2 FROM t ORDER BY id") == "k1|upper\nk2|again")
    }

    @Test func childTablesWhoseNamesCollideKeepTheirRows() async throws {
        // `Figures` and `figures` in one record are two lists: SQLite takes their tables for
        // one, so the later is `t__figures__2`; in another record `figures` alone goes to `t__Figures`.
        let records = StageHarness.records([
            ["id": "1", "Figures": [["v": 1]], "figures": [["v": 2]]],
            ["id": "2", "figures": [["v": 3]]],
        ])
        for _ in 0..<2 {
            #expect(try await drive(try sqliteSink("children.db"), [records]).isEmpty)
            let db = directory.path + "/children.db"
            #expect(try sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") == "t\nt__Figures\nt__figures__2")
            #expect(try sqlite(db, "SELECT _parent_id, v FROM t__Figures ORDER BY v; SELECT _parent_id, v FROM t__figures__2") == "1|1\n2|3\n1|2")
        }
    }

    @Test func postgresNamesThatAgreeInTheirFirst63BytesOrWithoutNULAreApart() {
        var tracker = SchemaTracker(dialect: .postgres, mainTable: "t", key: [])
        let long = String(repeating: "x", count: 63)
        let row = TableRow(table: "t", columns: ["_id", long + "1", long + "2", long, "a\u{0}b", "ab", "Ab"], values: [.text("r"), .integer(1), .integer(2), .integer(3), .integer(4), .integer(5), .integer(6)], parentID: nil)
        let placed = tracker.place([row]).rows[0]
        let stored = placed.columns.map(SQLDialect.postgres.identifier)
        #expect(Set(stored).count == stored.count, "\(stored)")
        #expect(stored.allSatisfy { $0.utf8.count <= 63 })
        #expect(placed.values.count == row.values.count)
        #expect(placed.columns[5] == "ab__2" && placed.columns[6] == "Ab")
        // The same row again goes to the same columns.
        #expect(tracker.place([row]).rows[0].columns == placed.columns)
    }

    @Test func childRowsKeepAFieldNamedLikeTheirKeyColumns() throws {
        var tracker = SchemaTracker(dialect: .sqlite, mainTable: "t", key: [])
        let mapper = RecordMapper(table: "t")
        let record = Record(fields: ["figures": [["_index": "mine", "Value": 1, "value": 2]]], origin: RecordOrigin(stage: "s", index: 0))
        let child = try #require(tracker.place(mapper.rows(for: record)).rows.first { $0.table == "t__figures" })
        #expect(child.columns == ["_parent_id", "_index", "_index__2", "Value", "value__2"])
        #expect(child.values[2] == .text("mine") && child.values[4] == .integer(2))
    }

    @Test(.enabled(if: postgresURL != nil))
    func postgresLoadsTheDumpAndTheSinkRerunsMapTheSameWay() async throws {
        let long = String(repeating: "x", count: 63)
        var records = Self.colliding
        records[2][long + "1"] = 1
        records[2][long + "2"] = 2
        let (long1, long2) = (SQLDialect.postgres.identifier(long + "1"), SQLDialect.postgres.identifier(long + "2"))
        let select = #"SELECT id, "Title", title, ab, ab__2, a__b, a__b__2, _id__2, "\#(long1)", "\#(long2)" FROM t ORDER BY id"#
        let expected = "1|upper|lower|with NUL|plain|||||\n2|||||11|10|user id||\n3||only lower||||||1|2"
        // The dump loads with psql.
        let dumped = try postgresDatabase()
        let path = directory.path + "/dump.sql"
        let dump = try SQLDumpSink(configuration: try sinkConfiguration(SQLDumpSink.Configuration.self, "path: \(path)\ndialect: postgres\ntable: t\nkey: [id]"), context: StageHarness.context(name: "t", baseDirectory: directory.path))
        #expect(try await drive(dump, [StageHarness.records(records)]).isEmpty)
        let load = try runProgram("/usr/bin/psql", [dumped, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-f", path])
        #expect(load.status == 0, "psql: \(load.error)")
        #expect(try psql(dumped, select) == expected)
        // The sink writes the same, and a rerun (reading the table back) adds no column.
        let written = try postgresDatabase()
        let columns = "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 't'"
        var seen: [String] = []
        for _ in 0..<2 {
            let sink = try PostgresSink(configuration: try sinkConfiguration(PostgresSink.Configuration.self, "url: \(written)\ntable: t\nkey: [id]"), context: StageHarness.context(name: "t"))
            #expect(try await drive(sink, [StageHarness.records(records)]).isEmpty)
            #expect(try psql(written, select) == expected)
            seen.append(try psql(written, columns))
        }
        #expect(seen[0] == seen[1])
        #expect(seen[0].split(separator: ",").count == 11, "\(seen[0])")
    }
}
