import Foundation
import GleanTesting
import Testing

/// The `sqlite` sink through the real binary: colliding column names, what a failed run says it
/// committed, and two sinks on one database file.
@Suite("sqlite sink through glean run")
struct SQLiteSinkTests {
    let directory = TemporaryDirectory()

    /// The sqlite3 shell's answer to `sql` on `database` (empty when it fails, with the failure recorded).
    func query(_ database: String, _ sql: String) throws -> String {
        let result = try runProgram(sqlite3Shell, ["-bail", "-batch", directory.path + "/" + database, sql])
        #expect(result.status == 0, "sqlite3 failed: \(result.error)")
        return result.output.trimmingCharacters(in: .newlines)
    }

    @Test func namesSQLiteTakesForOneColumnNeitherFailTheRunNorItsRerun() async throws {
        directory.write("in.jsonl", #"""
            {"id": "1", "Title": "upper", "title": "lower", "a\u0000b": "with NUL", "ab": "plain"}
            {"id": "2", "title": "only lower"}

            """#)
        directory.write("p.yml", "sources:\n  in: {type: json, path: in.jsonl}\nsinks:\n  db: {type: sqlite, inputs: [in], path: out.db, table: t, key: [id]}\n")
        for attempt in ["first run", "rerun"] {
            let result = try await GleanProcess.run(["run", "p.yml"], directory: directory.path)
            #expect(result.status == 0, "\(attempt): \(result.stderr)")
            #expect(try query("out.db", "SELECT group_concat(name, ',') FROM pragma_table_info('t')") == "id,_id,Title,title__2,ab,ab__2", "\(attempt)")
            #expect(try query("out.db", "SELECT id, Title, title__2, ab, ab__2 FROM t ORDER BY id") == "1|upper|lower|with NUL|plain\n2|only lower|||", "\(attempt)")
        }
    }

    @Test func aFailedRunSaysWhatItCommitted() async throws {
        // 20,000 records, the last repeating the first key: with `on_conflict: error` the last
        // transaction fails, after the earlier ones (8,192 records or more each) committed.
        let lines = (1...20_000).map { #"{"id": \#($0 == 20_000 ? 1 : $0)}"# }
        directory.write("in.jsonl", lines.joined(separator: "\n") + "\n")
        directory.write("p.yml", "sources:\n  in: {type: json, path: in.jsonl}\nsinks:\n  db: {type: sqlite, inputs: [in], path: out.db, table: t, key: [id], on_conflict: error}\n")
        let result = try await GleanProcess.run(["run", "p.yml"], directory: directory.path)
        #expect(result.status == 1)
        let committed = try #require(Int(try query("out.db", "SELECT count(*) FROM t")))
        #expect(committed >= 16_384 && committed < 20_000)
        #expect(result.stderr.contains("kept despite the failure: \(committed) records committed to out.db (sink db)"), "\(result.stderr)")
        #expect(!result.stderr.contains("no output was published"), "\(result.stderr)")
    }

    @Test func twoSinksShareOneDatabaseFile() async throws {
        // Enough records for several transactions per sink, so that their writes overlap.
        let lines = (1...40_000).map { #"{"id": \#($0), "text": "record \#($0)"}"# }
        directory.write("in.jsonl", lines.joined(separator: "\n") + "\n")
        directory.write("p.yml", """
            sources:
              in: {type: json, path: in.jsonl}
            sinks:
              first: {type: sqlite, inputs: [in], path: out.db, table: a, key: [id]}
              second: {type: sqlite, inputs: [in], path: out.db, table: b, key: [id]}

            """)
        let result = try await GleanProcess.run(["run", "p.yml"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("locked"), "\(result.stderr)")
        #expect(try query("out.db", "SELECT count(*), sum(id) FROM a; SELECT count(*), sum(id) FROM b") == "40000|800020000\n40000|800020000")
    }
}
