import Foundation
import GleanCore
@testable import GleanFigures
import GleanTesting
import Testing
import Yams

@Suite("extract_figures transform")
struct ExtractFiguresTransformTests {
    func transform(_ yaml: String) throws -> ExtractFiguresTransform {
        let node = try #require(try Yams.compose(yaml: yaml.isEmpty ? "{}" : yaml))
        return ExtractFiguresTransform(configuration: try YAMLDecoder().decode(ExtractFiguresTransform.Configuration.self, from: node))
    }

    let records = StageHarness.records([
        ["id": "a", "title": "市场规模达504.4亿元", "content": "Revenue rose 12% to $5bn last year.", "published": "2025-07-21T00:00:00Z"],
        ["id": "b", "title": "No figures here", "content": nil],
        ["id": "c", "content": 42],
    ])

    @Test func addsFiguresAndDeadLettersNonText() async throws {
        let output = try await StageHarness.run(try transform(""), [records])
        #expect(output.records.count == 2)
        guard case .array(let figures)? = output.records[0]["figures"] else { Issue.record("no figures array"); return }
        #expect(figures.count == 2)
        #expect(figures[0].objectValue?["value"] == .int(12))
        #expect(figures[1].objectValue?["unit"] == "USD")
        #expect(figures[1].objectValue?["period"] == "2024")  // "last year" against the published date
        #expect(output.records[1]["figures"] == .array([]))
        #expect(output.rejections.count == 1)
        #expect(output.rejections.letters[0].error.contains("field 'content' holds"))
        #expect(output.rejections.letters[0].record?["id"] == "c")
    }

    @Test func severalFieldsNameTheirField() async throws {
        let output = try await StageHarness.run(try transform("field: [title, content]\noutput: facts_found"), [Array(records.prefix(1))])
        guard case .array(let figures)? = output.records[0]["facts_found"] else { Issue.record("no array"); return }
        #expect(figures.map { $0.objectValue?["field"] } == ["title", "content", "content"])
    }

    @Test func factsStreamFollowsEachRecord() async throws {
        let output = try await StageHarness.run(try transform("facts: true\nkinds: [percent]"), [Array(records.prefix(2))])
        #expect(output.records.count == 3)
        let fact = output.records[1]
        #expect(fact["parent_id"] == .string(output.records[0].id))
        #expect(fact["index"] == 0)
        #expect(fact["kind"] == "percent")
        #expect(fact.id == output.records[0].id + "#figure-0")
        #expect(fact.origin == output.records[0].origin)
    }

    @Test func configurationErrorsNameTheOption() throws {
        #expect(throws: ConfigurationError.self) { try transform("kinds: [percnt]") }
        #expect(throws: ConfigurationError.self) { try transform("language: fr") }
        do {
            _ = try transform("kinds: [percnt]")
        } catch let error as ConfigurationError {
            #expect(error.option == "kinds")
            #expect("\(error)".contains("did you mean 'percent'"))
        }
    }
}
