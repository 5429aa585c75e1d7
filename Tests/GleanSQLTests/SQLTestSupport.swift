import Foundation
import GleanCore
@testable import GleanSQL
import GleanTesting
import Testing
import Yams

/// Decodes a sink configuration from YAML, as a pipeline file would.
func sinkConfiguration<C: StageConfiguration>(_ type: C.Type, _ yaml: String) throws -> C {
    try YAMLDecoder().decode(C.self, from: try #require(try Yams.compose(yaml: yaml)))
}

/// Writes batches to a sink, then finishes and commits it; returns the rejections.
@discardableResult
func drive(_ sink: some Sink, _ batches: [[Record]]) async throws -> Rejections {
    var sink = sink
    var rejections = Rejections()
    for batch in batches { try await sink.write(batch, rejections: &rejections) }
    try await sink.flush(rejections: &rejections)
    try await sink.finish()
    try await sink.commit()
    return rejections
}

/// Runs SQL through the sqlite3 shell on `database`, `-bail` so any error fails; returns the output.
func sqlite(_ database: String, _ sql: String, file: String? = nil) throws -> String {
    let result = try runProgram(sqlite3Shell, ["-bail", "-batch", database] + (file.map { [".read \($0)"] } ?? [sql]))
    #expect(result.status == 0, "sqlite3 failed: \(result.error)")
    return result.output.trimmingCharacters(in: .newlines)
}

/// Runs SQL through psql on the database at `url`; returns the output (unaligned, tuples only).
func psql(_ url: String, _ sql: String) throws -> String {
    let result = try runProgram("/usr/bin/psql", [url, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-At", "-c", sql])
    #expect(result.status == 0, "psql failed: \(result.error)")
    return result.output.trimmingCharacters(in: .newlines)
}

/// A fresh database on the test server (`GLEAN_TEST_POSTGRES_URL`); its URL.
func postgresDatabase() throws -> String {
    let url = try #require(postgresURL)
    let name = "glean_\(UInt32.random(in: 0...UInt32.max))"
    _ = try psql(url, "CREATE DATABASE \(name)")
    var fresh = url
    fresh.replaceSubrange(fresh.range(of: "/", options: .backwards)!.upperBound..., with: name)
    return fresh
}

/// Records covering the values that must survive a round trip.
let tricky: [Fields] = [
    [
        "id": "a1", "title": "微短剧市场规模达504.4亿元 🎬", "quote": "it's \"quoted\"; DROP TABLE x; --", "backslash": #"C:\path\n not a newline"#,
        "nul": "before\u{0}after", "multiline": "line 1\nline 2\r\n\ttabbed", "huge": .int(Int64.max), "negative": .int(Int64.min),
        "zero": .double(0.0), "negative_zero": .double(-0.0), "pi": .double(3.141592653589793), "tiny": .double(.leastNonzeroMagnitude),
        "when": .timestamp(Date(timeIntervalSince1970: 1_753_059_660)), "flag": true,
        "\"; DROP TABLE x; --": "harmless", "select": "a keyword",
        "author": ["name": "Li Wei", "org": ["name": "Jing Ji Wang", "city": "北京"]],
        "tags": ["micro", "短剧"],
        "figures": [["text": "504.4亿元", "value": 50_440_000_000, "kind": "currency"], ["text": "34.9%", "value": 34.9, "kind": "percent"]],
    ],
    ["id": "a2", "title": "second", "figures": [["text": "78%", "value": 78, "kind": "percent"]]],
]
