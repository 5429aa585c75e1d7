import Foundation
import GleanBuiltins
import GleanCore
@testable import GleanEntities
import GleanRuntime
import GleanTesting
import Testing

/// `extract_entities` as a pipeline builds it: from the registry, with options in YAML.
@Suite("extract_entities transform")
struct ExtractEntitiesTransformTests {
    func transform(_ yaml: String, in directory: String = "/tmp") throws -> any Transform {
        try StandaloneTransform.make("extract_entities", options: yaml.isEmpty ? "{}" : yaml, registry: BuiltinPlugins.registry(), baseDirectory: directory)
    }

    func entities(_ record: Record, _ field: String = "entities") -> [[String: Value]] {
        guard case .array(let list)? = record[field] else { return [] }
        return list.compactMap { $0.objectValue.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.0, $0.1) }) } }
    }

    @Test func addsEntitiesAndDeadLettersNonText() async throws {
        let records = StageHarness.records([
            ["id": "a", "content": "国家广电总局 and the Ministry of Commerce met in Hangzhou yesterday.", "published": "2025-07-21"],
            ["id": "b", "content": nil],
            ["id": "c", "content": 42],
        ])
        let output = try await StageHarness.run(try transform(""), [records])
        #expect(output.records.count == 2)
        let found = entities(output.records[0])
        #expect(found.map { $0["text"] } == ["国家广电总局", "Ministry of Commerce", "Hangzhou", "yesterday"])
        #expect(found.map { $0["type"] } == ["ORG", "ORG", "GPE", "DATE"])
        #expect(found[0]["normalized"] == "国家广播电视总局")
        #expect(found[3]["normalized"] == "2025-07-20")
        #expect(found[1]["start"] == .int(15) && found[1]["end"] == .int(35))
        #expect(output.records[1]["entities"] == .array([]))
        #expect(output.rejections.letters.map(\.error) == ["field 'content' holds integer, expected text for extract_entities"])
    }

    @Test func dictionariesAliasesRulesAndLexiconFilesFromThePipeline() async throws {
        let directory = TemporaryDirectory()
        directory.write("names.tsv", """
            # a lexicon file
            ORG\tBlue Harbor Pictures\tBlue Harbor Pictures Ltd.
            PRODUCT\tStarlight X2
            ALIAS\tBHP\tBlue Harbor Pictures Ltd.
            RULE\tTICKET\tGL-[0-9]{3,}
            """)
        let yaml = """
            field: [title, body]
            types: [ORG, PRODUCT, TICKET, PERSON]
            dictionaries: {ORG: [BHP, 蓝港影业], PERSON: [Mira Okonkwo-Hale]}
            aliases: {蓝港影业: Blue Harbor Pictures Ltd.}
            rules: [{pattern: "ISSUE-[A-Z]+", type: TICKET}]
            lexicon_files: [names.tsv]
            """
        let records = StageHarness.records([
            ["id": "x", "title": "蓝港影业发布Starlight X2", "body": "Blue Harbor Pictures (BHP) and Mira Okonkwo-Hale filed GL-1234 and ISSUE-ABC."],
        ])
        let output = try await StageHarness.run(try transform(yaml, in: directory.path), [records])
        let found = entities(output.records[0])
        #expect(found.map { $0["text"] } == ["蓝港影业", "Starlight X2", "Blue Harbor Pictures", "BHP", "Mira Okonkwo-Hale", "GL-1234", "ISSUE-ABC"])
        #expect(found.map { $0["type"] } == ["ORG", "PRODUCT", "ORG", "ORG", "PERSON", "TICKET", "TICKET"])
        #expect(found.map { $0["field"] } == ["title", "title", "body", "body", "body", "body", "body"])
        #expect(found[0]["normalized"] == "Blue Harbor Pictures Ltd.")
        #expect(found[2]["normalized"] == "Blue Harbor Pictures Ltd.")
        #expect(found[3]["normalized"] == "Blue Harbor Pictures Ltd.")
    }

    @Test func badUserOptionsAreErrorsThatSayWhere() throws {
        #expect(throws: StandaloneTransform.Failure.self) { _ = try transform("rules: [{pattern: \"([\", type: X}]") }
        let directory = TemporaryDirectory()
        directory.write("bad.tsv", "ORG\tfine\nRULE\tX\t([\n")
        do {
            _ = try transform("lexicon_files: bad.tsv", in: directory.path)
            Issue.record("a bad lexicon file was accepted")
        } catch {
            #expect("\(error)".contains("bad.tsv:2"), "\(error)")
        }
        do {
            _ = try transform("lexicon_files: missing.tsv", in: directory.path)
            Issue.record("a missing lexicon file was accepted")
        } catch {
            #expect("\(error)".contains("missing.tsv"), "\(error)")
        }
    }

    @Test func factsFollowTheirParentWithItsIdAndIndex() async throws {
        let records = StageHarness.records([["id": "a", "content": "Vietnam and Germany signed it in 2024."]])
        let output = try await StageHarness.run(try transform("facts: true"), [records])
        let parent = records[0].id
        #expect(output.records.map(\.id) == [parent, "\(parent)#entity-0", "\(parent)#entity-1", "\(parent)#entity-2"])
        #expect(output.records[1]["parent_id"] == .string(parent) && output.records[1]["index"] == .int(0) && output.records[1]["text"] == "Vietnam")
        #expect(output.records[3]["type"] == "DATE")
    }
}

/// Every entity of the sample articles (Pipelines/samples/industry-articles.jsonl, the articles
/// of ../shared/samples/industry-articles.txt), annotated by hand.
@Suite("Entities in the sample articles")
struct SampleArticleEntityTests {
    static let expected: [[(String, String, String)]] = [
        [("今年", "DATE", "2025"), ("this year", "DATE", "2025"), ("National Radio and Television Administration", "ORG", "国家广播电视总局"),
         ("Beijing Big Audio-Visual: Light-Chasing Plan", "EVENT", "Beijing Big Audio-Visual: Light-Chasing Plan"), ("last year", "DATE", "2024"), ("this year", "DATE", "2025")],
        [("Jing Ji Wang", "PUBLICATION", "中国经济网"), ("National Radio and Television Administration", "ORG", "国家广播电视总局"), ("2022", "DATE", "2022"), ("2024", "DATE", "2024"),
         ("China", "GPE", "China"), ("2021", "DATE", "2021"), ("2023", "DATE", "2023"), ("2024", "DATE", "2024"),
         ("Home Inside and Outside", "WORK", "Home Inside and Outside"), ("Mountain River Echoes", "WORK", "Mountain River Echoes"), ("Cloud Catcher", "WORK", "Cloud Catcher"),
         ("2025", "DATE", "2025"), ("Rental Pitfalls", "WORK", "Rental Pitfalls")],
    ]

    @Test func everyEntityAndNothingElse() async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Pipelines/samples/industry-articles.jsonl")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        let records = try lines.enumerated().map { index, line -> Record in
            let value = try Array(line.utf8).withUnsafeBytes { try JSONReader.parse($0) }
            return Record(fields: try #require(value.objectValue), origin: RecordOrigin(stage: "sample", index: index))
        }
        let transform = try StandaloneTransform.make(
            "extract_entities", options: "field: [title, source, body]", registry: BuiltinPlugins.registry(), baseDirectory: "/tmp")
        let output = try await StageHarness.run(transform, [records])
        for (index, expected) in Self.expected.enumerated() {
            guard case .array(let list)? = output.records[index]["entities"] else { Issue.record("no entities"); continue }
            let got = list.compactMap(\.objectValue).map { ($0["text"]?.stringValue ?? "", $0["type"]?.stringValue ?? "", $0["normalized"]?.stringValue ?? "") }
            #expect(got.map(\.0) == expected.map(\.0), "article \(index + 1)")
            #expect(got.map(\.1) == expected.map(\.1), "article \(index + 1)")
            #expect(got.map(\.2) == expected.map(\.2), "article \(index + 1)")
        }
    }
}
