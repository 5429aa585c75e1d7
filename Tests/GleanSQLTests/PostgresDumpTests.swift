import Foundation
import GleanCore
@testable import GleanSQL
import GleanTesting
import Testing

/// The PostgreSQL server the tests load dumps into: `make test` and `.ci/run` start a throwaway
/// cluster (scripts/with-postgres.sh) and export its URL.
let postgresURL = ProcessInfo.processInfo.environment["GLEAN_TEST_POSTGRES_URL"]

@Suite("SQL dumps against a real PostgreSQL")
struct PostgresDumpTests {
    let directory = TemporaryDirectory()

    @Test func aServerIsThereWhenRunByMakeOrCI() {
        // Without a server the tests below would not run: under `make test` (which sets
        // GLEAN_RUN_BY_MAKE) and in CI that is a failure, not a skip.
        if ProcessInfo.processInfo.environment["CI"] != nil || ProcessInfo.processInfo.environment["GLEAN_RUN_BY_MAKE"] != nil {
            #expect(postgresURL != nil, "GLEAN_TEST_POSTGRES_URL is not set: run the tests through scripts/with-postgres.sh")
        }
    }

    func psql(_ arguments: [String]) throws -> String {
        let result = try runProgram("/usr/bin/psql", [postgresURL!, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-At"] + arguments)
        #expect(result.status == 0, "psql failed: \(result.error)")
        return result.output.trimmingCharacters(in: .newlines)
    }

    @Test(.enabled(if: postgresURL != nil))
    func dumpLoadsWithPsqlValuesRoundTripAndReloadsAddNothing() async throws {
        let schema = "t\(UInt32.random(in: 0...UInt32.max))"
        let path = directory.path + "/dump.sql"
        let sink = try SQLDumpSink(configuration: try sinkConfiguration(SQLDumpSink.Configuration.self, "path: \(path)\ndialect: postgres\ntable: \(schema)"), context: StageHarness.context(name: "articles", baseDirectory: directory.path))
        let rejections = try await drive(sink, [StageHarness.records(tricky)])
        #expect(rejections.isEmpty)
        _ = try psql(["-f", path])
        func value(_ sql: String) throws -> String { try psql(["-c", sql]) }
        let t = "\"\(schema)\""
        #expect(try value("SELECT title FROM \(t) WHERE id = 'a1'") == "微短剧市场规模达504.4亿元 🎬")
        #expect(try value("SELECT quote FROM \(t) WHERE id = 'a1'") == "it's \"quoted\"; DROP TABLE x; --")
        #expect(try value("SELECT backslash FROM \(t) WHERE id = 'a1'") == #"C:\path\n not a newline"#)
        #expect(try value("SELECT nul FROM \(t) WHERE id = 'a1'") == "beforeafter")
        #expect(try value("SELECT encode(convert_to(multiline, 'UTF8'), 'hex') FROM \(t) WHERE id = 'a1'") == Data("line 1\nline 2\r\n\ttabbed".utf8).map { String(format: "%02x", $0) }.joined())
        #expect(try value("SELECT huge, negative FROM \(t) WHERE id = 'a1'") == "\(Int64.max)|\(Int64.min)")
        #expect(try value("SELECT pi = 3.141592653589793::float8, tiny > 0, zero = 0, negative_zero::text = '-0' FROM \(t) WHERE id = 'a1'") == "t|t|t|t")
        #expect(try value("SELECT \"when\" = '2025-07-21T01:01:00Z'::timestamptz, flag FROM \(t) WHERE id = 'a1'") == "t|t")
        #expect(try value("SELECT \"\"\"; DROP TABLE x; --\", \"select\" FROM \(t) WHERE id = 'a1'") == "harmless|a keyword")
        #expect(try value("SELECT author__name, author__org->>'city', tags->>1 FROM \(t) WHERE id = 'a1'") == "Li Wei|北京|短剧")
        #expect(try value("SELECT a.id, f._index, f.text, f.value FROM \(t) a JOIN \"\(schema)__figures\" f ON f._parent_id = a._id ORDER BY a.id, f._index") ==
                "a1|0|504.4亿元|50440000000\na1|1|34.9%|34.9\na2|0|78%|78")
        _ = try psql(["-f", path])
        #expect(try value("SELECT (SELECT count(*) FROM \(t)), (SELECT count(*) FROM \"\(schema)__figures\")") == "2|3")
        _ = try psql(["-c", "DROP TABLE \(t), \"\(schema)__figures\""])
    }
}

@Suite("postgres sink against a real PostgreSQL")
struct PostgresSinkTests {
    func psql(_ sql: String) throws -> String {
        let result = try runProgram("/usr/bin/psql", [postgresURL!, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-At", "-c", sql])
        #expect(result.status == 0, "psql failed: \(result.error)")
        return result.output.trimmingCharacters(in: .newlines)
    }

    func sink(_ table: String) throws -> PostgresSink {
        try PostgresSink(configuration: try sinkConfiguration(PostgresSink.Configuration.self, "url: \(postgresURL!)\ntable: \(table)\nkey: [id]"), context: StageHarness.context(name: "articles"))
    }

    @Test(.enabled(if: postgresURL != nil))
    func valuesRoundTripRerunsAddNothingAndRefusedRowsAreDeadLettered() async throws {
        let table = "s\(UInt32.random(in: 0...UInt32.max))"
        // A constraint the server enforces: the row titled "refused" cannot load.
        _ = try psql("CREATE TABLE \"\(table)\" (_id TEXT NOT NULL, id TEXT NOT NULL PRIMARY KEY, title TEXT CHECK (title <> 'refused'))")
        let records = StageHarness.records(tricky + [["id": "a3", "title": "refused", "figures": [["text": "1%"]]], ["id": "a4", "title": "after", "n": 2.5]])
        let first = try await drive(try sink(table), [records])
        #expect(first.count == 1)
        #expect(first.letters.first?.error.contains("violates check constraint") == true)
        #expect(first.letters.first?.record?["id"] == "a3")
        #expect(try psql("SELECT title FROM \"\(table)\" WHERE id = 'a1'") == "微短剧市场规模达504.4亿元 🎬")
        #expect(try psql("SELECT quote, backslash, nul FROM \"\(table)\" WHERE id = 'a1'") == "it's \"quoted\"; DROP TABLE x; --|C:\\path\\n not a newline|beforeafter")
        #expect(try psql("SELECT huge, negative_zero::text, \"when\" = '2025-07-21T01:01:00Z'::timestamptz, \"\"\"; DROP TABLE x; --\" FROM \"\(table)\" WHERE id = 'a1'") == "\(Int64.max)|-0|t|harmless")
        #expect(try psql("SELECT string_agg(id, ',' ORDER BY id) FROM \"\(table)\"") == "a1,a2,a4")
        #expect(try psql("SELECT count(*) FROM \"\(table)__figures\"") == "3")
        // A rerun upserts: no new rows, the refused one refused again.
        let second = try await drive(try sink(table), [records])
        #expect(second.count == 1)
        #expect(try psql("SELECT (SELECT count(*) FROM \"\(table)\"), (SELECT count(*) FROM \"\(table)__figures\")") == "3|3")
        _ = try psql("DROP TABLE \"\(table)\", \"\(table)__figures\"")
    }

    @Test func urlErrorsNameTheOption() {
        #expect(throws: ConfigurationError.self) { try sinkConfiguration(PostgresSink.Configuration.self, "url: mysql://x/y").validate() }
        #expect(throws: ConfigurationError.self) { try sinkConfiguration(PostgresSink.Configuration.self, "url: postgresql://h/db\ntls: maybe").validate() }
    }
}
