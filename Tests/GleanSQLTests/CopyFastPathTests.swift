import GleanCore
@testable import GleanSQL
import Testing

/// The PostgreSQL sink's COPY fast path (``CopyShape``) must write exactly what the general path
/// (map, place, encode) writes: the same DDL, the same loads, byte for byte, whatever the stream.
@Suite struct CopyFastPathTests {
    /// A stream that changes shape often: new and missing fields, nulls before a column exists,
    /// integers then reals (widening), text in a number column (variant), an object that becomes
    /// a string, child objects with other fields, empty and non-empty lists, escapes and NUL.
    static let lines = [
        #"{"id": "a", "n": 1, "source": {"name": "x", "rank": 1}, "figures": [{"value": 1, "unit": "%"}], "tags": ["p"], "note": null}"#,
        #"{"id": "b", "n": 2, "source": {"name": "y", "rank": 2}, "figures": [{"value": 2, "unit": "jobs"}, {"value": 3, "unit": "CNY"}], "tags": ["q", "r"], "note": null}"#,
        #"{"id": "c", "n": 3, "source": {"name": "z\ttab\\slash\nline", "rank": 3}, "figures": [], "tags": ["s"], "note": null}"#,
        #"{"id": "d", "n": 4.5, "source": {"name": "w", "rank": 4}, "figures": [{"value": 4.25, "unit": null}], "tags": ["t"], "note": "now there"}"#,
        #"{"id": "e", "n": 5, "source": {"name": "v", "rank": 5}, "figures": [{"value": 5, "unit": "%"}], "tags": ["u"], "note": "again"}"#,
        #"{"id": "f", "n": "many", "source": {"name": "u", "rank": 6}, "figures": [{"value": 6, "unit": "%", "exact": true}], "tags": [], "note": "x"}"#,
        #"{"id": "g", "n": 7, "source": "plain text", "figures": [{"value": 7, "unit": "%"}], "tags": ["v"], "note": "y"}"#,
        #"{"id": "h", "n": 8, "source": {"name": "t", "rank": 8}, "figures": [{"unit": "%", "value": 8}], "tags": ["w"], "note": "z"}"#,
        #"{"id": "i", "n": 9, "source": {"name": "s\u0000nul", "rank": 9}, "figures": [{"value": 9, "unit": "%"}], "tags": ["x"], "note": "é 中文 😀"}"#,
        #"{"id": "j", "n": true, "source": {"name": "r", "rank": 10}, "figures": [{"value": "ten", "unit": "%"}], "tags": ["y"], "note": 10}"#,
        #"{"id": "k", "n": 11, "source": {"name": "q", "rank": 11, "extra": {"deep": [1, 2]}}, "figures": [{"value": 11, "unit": "%"}], "tags": ["z"], "note": "k"}"#,
        #"{"id": "l", "n": 12, "source": {"name": "p", "rank": 12}, "figures": [{"value": 12, "unit": "%"}, 3], "tags": ["z"], "note": "l"}"#,
        #"{"id": "m", "n": 13, "source": {"name": "o", "rank": 13}, "figures": [{"value": 13, "unit": "%"}], "tags": ["z"], "note": "m", "_id": "clash"}"#,
        #"{"id": "n", "n": 14, "source": {"name": "n", "rank": 14}, "figures": [{"value": 14, "unit": "%"}], "tags": ["z"], "note": "n"}"#,
        #"{"id": "o", "n": 15, "source": {"name": "o", "rank": 15}, "figures": [{"value": 15, "unit": "%"}], "fig\u0000ures": [{"value": 16}], "tags": ["z"], "note": "o", "no\u0000te": "p"}"#,
        #"{"id": "p", "n": 16, "source": {"name": "p", "rank": 16}, "figures": [{"value": 17, "unit": "%"}], "tags": ["z"], "note": "q"}"#,
    ]

    static func records() throws -> [SQLSinkOptions.KeyedRecord] {
        try lines.enumerated().map { index, line in
            let fields = try #require(try JSONReader.parse(line).objectValue)
            let record = Record(fields: fields, origin: RecordOrigin(stage: "test", location: "stream.jsonl", line: index + 1))
            return SQLSinkOptions.KeyedRecord(key: fields["id"]!.stringValue!, record: record)
        }
    }

    static func build(_ records: [SQLSinkOptions.KeyedRecord], usesShapes: Bool, scalarArrays: RecordMapper.ScalarArrays, batchSize: Int) -> [(ddl: [String], loads: [(String, [String], String)], shaped: Int)] {
        var builder = CopyBatchBuilder(
            mapper: RecordMapper(table: "articles", maximumDepth: 2, scalarArrays: scalarArrays),
            statements: SQLStatements(dialect: .postgres, conflict: .update), conflict: .update,
            tracker: SchemaTracker(dialect: .postgres, mainTable: "articles", key: ["id"]), usesShapes: usesShapes)
        return stride(from: 0, to: records.count, by: batchSize).map { start in
            let batch = builder.build(Array(records[start..<min(start + batchSize, records.count)]))
            // Loads the fast path opened but left empty add nothing to the database.
            let loads = batch.loads.filter { !$0.text.isEmpty }.map { ($0.table, $0.columns, $0.text) }
            return (batch.ddl, loads, batch.shapedRecords)
        }
    }

    @Test(arguments: [RecordMapper.ScalarArrays.json, .table], [1, 3, 100])
    func fastPathWritesWhatTheGeneralPathWrites(scalarArrays: RecordMapper.ScalarArrays, batchSize: Int) throws {
        // Each record twice in a row, so that most of them meet the shape the one before left.
        let records = try Self.records().flatMap { [$0, $0] }
        let general = Self.build(records, usesShapes: false, scalarArrays: scalarArrays, batchSize: batchSize)
        let fast = Self.build(records, usesShapes: true, scalarArrays: scalarArrays, batchSize: batchSize)
        #expect(general.count == fast.count)
        // The comparison means something only if the fast path was taken, and not always.
        let shaped = fast.map(\.shaped).reduce(0, +)
        #expect(shaped > 0 && shaped < records.count)
        #expect(general.map(\.shaped).reduce(0, +) == 0)
        for (expected, actual) in zip(general, fast) {
            #expect(actual.ddl == expected.ddl)
            // Within a batch the rows of one table and column list keep their order; the loads
            // may come in another order (the fast path opens its loads when it first needs them).
            let sortedExpected = expected.loads.sorted { ($0.0, $0.1.joined(separator: ",")) < ($1.0, $1.1.joined(separator: ",")) }
            let sortedActual = actual.loads.sorted { ($0.0, $0.1.joined(separator: ",")) < ($1.0, $1.1.joined(separator: ",")) }
            #expect(sortedActual.map(\.0) == sortedExpected.map(\.0))
            #expect(sortedActual.map(\.1) == sortedExpected.map(\.1))
            for (a, e) in zip(sortedActual, sortedExpected) {
                #expect(a.2 == e.2, "table \(e.0) (\(e.1.joined(separator: ", ")))")
            }
        }
    }

    @Test func aColumnWidenedWithANewColumnIsWrittenAlikeByBothPaths() throws {
        // A row that both widens `n` and adds `x` must not leave a shape that still knows `n` as
        // an integer (the general path would then write 4 where the fast path writes 4.0).
        let lines = [#"{"id": "a", "n": 1}"#, #"{"id": "b", "n": 2}"#, #"{"id": "c", "n": 2.5, "x": 1}"#, #"{"id": "d", "n": 3}"#, #"{"id": "e", "n": 4}"#]
        let records = try lines.enumerated().map { index, line in
            let fields = try #require(try JSONReader.parse(line).objectValue)
            return SQLSinkOptions.KeyedRecord(key: fields["id"]!.stringValue!, record: Record(fields: fields, origin: RecordOrigin(stage: "test", line: index + 1)))
        }
        let general = Self.build(records, usesShapes: false, scalarArrays: .json, batchSize: 100)
        let fast = Self.build(records, usesShapes: true, scalarArrays: .json, batchSize: 100)
        #expect(fast.map { $0.loads.map(\.2) } == general.map { $0.loads.map(\.2) })
        #expect(general.first?.loads.first { $0.1 == ["_id", "id", "n"] }?.2.hasSuffix("\te\t4.0\n") == true)
    }

    @Test func aStreamOfOneShapeTakesTheFastPath() throws {
        // After the first record, records of the same shape leave no DDL and no general-path work:
        // one load per table, rows in order.
        let records = try Self.records()
        let same = (0..<50).map { index in
            var record = records[1]
            record.key = "key-\(index)"
            return record
        }
        let batches = Self.build(same, usesShapes: true, scalarArrays: .json, batchSize: 50)
        #expect(batches.count == 1)
        #expect(batches[0].shaped == 49)
        let loads = batches[0].loads
        #expect(loads.map(\.0) == ["articles", "articles__figures"])
        #expect(loads[1].2.split(separator: "\n").count == 100)
        #expect(loads[1].2.hasPrefix("key-0\t0\t2\tjobs\nkey-0\t1\t3\tCNY\nkey-1\t0\t2\tjobs\n"))
    }
}
