import Foundation
import GleanTesting
import Testing

/// `extract_entities` through the real binary: a pipeline file with the user's own names and
/// rules, the entities as a SQLite child table and as a fact table, and `glean extract entities`.
@Suite("extract_entities through glean")
struct EntitiesCLITests {
    let directory = TemporaryDirectory()

    func query(_ database: String, _ sql: String) throws -> String {
        let result = try runProgram(sqlite3Shell, ["-bail", "-batch", directory.path + "/" + database, sql])
        #expect(result.status == 0, "sqlite3 failed: \(result.error)")
        return result.output.trimmingCharacters(in: .newlines)
    }

    @Test func entitiesAndFactsStreamIntoSQLiteWithTheUsersNamesAndRules() async throws {
        directory.write("in.jsonl", """
            {"id": "a1", "published": "2025-07-21", "title": "蓝港影业发布新片", "body": "Blue Harbor Pictures said yesterday that GL-2045 ships to Vietnam."}
            {"id": "a2", "published": "2025-07-22", "title": "国家广电总局发布通知", "body": "The NRTA met in Beijing."}

            """)
        directory.write("names.tsv", "ORG\t蓝港影业\tBlue Harbor Pictures\nALIAS\tBlue Harbor Pictures\tBlue Harbor Pictures\n")
        directory.write("p.yml", """
            sources:
              articles: {type: json, path: in.jsonl}
            transforms:
              found:
                type: extract_entities
                inputs: [articles]
                field: [title, body]
                dictionaries: {ORG: [Blue Harbor Pictures]}
                rules: [{pattern: "GL-[0-9]+", type: TICKET}]
                lexicon_files: [names.tsv]
                facts: true
              facts: {type: filter, inputs: [found], where: "exists(parent_id)"}
              parents: {type: filter, inputs: [found], where: "not exists(parent_id)"}
            sinks:
              db: {type: sqlite, inputs: [parents], path: out.db, table: articles, key: [id]}
              fact_table: {type: sqlite, inputs: [facts], path: out.db, table: entity_facts, key: [parent_id, index]}

            """)
        let result = try await GleanProcess.run(["run", "p.yml"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        // The nested array became the child table articles__entities, one row per entity.
        let child = try query("out.db", "SELECT text, type, normalized FROM articles__entities ORDER BY rowid")
        #expect(child == """
            蓝港影业|ORG|Blue Harbor Pictures
            Blue Harbor Pictures|ORG|Blue Harbor Pictures
            yesterday|DATE|2025-07-20
            GL-2045|TICKET|GL-2045
            Vietnam|GPE|Vietnam
            国家广电总局|ORG|国家广播电视总局
            NRTA|ORG|国家广播电视总局
            Beijing|GPE|Beijing
            """)
        // The facts: one row per entity, linked to its article by parent_id and index.
        #expect(try query("out.db", "SELECT count(*) FROM entity_facts") == "8")
        // (parent_id is the article's record id, the articles table's _id.)
        #expect(try query("out.db", "SELECT a.id, f.\"index\", f.field, f.text FROM entity_facts f JOIN articles a ON a._id = f.parent_id WHERE f.type = 'TICKET'") == "a1|3|body|GL-2045")
        #expect(try query("out.db", "SELECT count(*) FROM entity_facts f JOIN articles a ON a._id = f.parent_id") == "8")
    }

    @Test func extractEntitiesPrintsJSONAndReadsCases() async throws {
        let single = try await GleanProcess.run(["extract", "entities", "--published", "2025-07-21", "记者王晓明昨天在杭州报道。"])
        #expect(single.status == 0, "\(single.stderr)")
        let value = try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [[String: Any]]
        #expect(value?.map { $0["text"] as? String } == ["王晓明", "昨天", "杭州"])
        #expect(value?.map { $0["normalized"] as? String } == ["王晓明", "2025-07-20", "杭州"])
        let cases = try await GleanProcess.run(["extract", "entities", "--jsonl"], input: "{\"id\": 7, \"text\": \"Vietnam\"}\n{\"id\": 8, \"text\": \"\", \"lang\": \"zh\"}\n")
        #expect(cases.status == 0, "\(cases.stderr)")
        #expect(cases.stdout.split(separator: "\n").count == 2)
        #expect(cases.stdout.contains(#""id":7"#) && cases.stdout.contains("Vietnam"))
        let bad = try await GleanProcess.run(["extract", "entities", "--options", "{rules: [{pattern: '([', type: X}]}", "text"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("rules"), "\(bad.stderr)")
    }

    @Test func aBinaryWithoutItsGazetteerSaysSoInsteadOfCrashing() throws {
        let copy = directory.path + "/bin/glean"
        try FileManager.default.createDirectory(atPath: directory.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: GleanProcess.binary, toPath: copy)
        let result = try runProgram(copy, ["extract", "entities", "Vietnam"])
        #expect(result.status == 2, "\(result.error)")
        #expect(result.error.contains("the entity gazetteer is missing") && result.error.contains("Glean_GleanEntities.resources"), "\(result.error)")
    }
}
