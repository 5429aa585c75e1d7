import GleanCore
@testable import GleanTransforms
import GleanTesting
import Testing
import Yams

/// Decodes a transform configuration from YAML, as a pipeline file would.
func configuration<C: StageConfiguration>(_ type: C.Type, _ yaml: String) throws -> C {
    try YAMLDecoder().decode(C.self, from: try #require(try Yams.compose(yaml: yaml)))
}

@Suite("Transforms")
struct TransformTests {
    let records = StageHarness.records([
        ["id": 1, "title": "微短剧市场", "price": 12.5, "tags": ["drama", "market"], "author": ["name": "Li", "city": "Beijing"]],
        ["id": 2, "title": "Box office", "price": 3, "discount": 0.1, "author": ["name": "Wang"]],
        ["id": 3, "title": "", "price": nil, "tags": []],
    ])

    @Test func selectKeepsListedFieldsInOrder() async throws {
        let select = SelectTransform(configuration: try configuration(SelectTransform.Configuration.self, "fields: [title, author.name, missing, id]"))
        let output = try await StageHarness.run(select, [records])
        #expect(output.records[0].fields == ["title": "微短剧市场", "author": ["name": "Li"], "id": 1])
        #expect(output.records[2].fields == ["title": "", "id": 3])
        #expect(output.records[0].origin == records[0].origin)
        #expect(output.records[0].id == records[0].id)
    }

    @Test func dropRemovesFields() async throws {
        let drop = DropTransform(configuration: try configuration(DropTransform.Configuration.self, "fields: [tags, author.city, nope]"))
        let output = try await StageHarness.run(drop, [records])
        #expect(output.records[0].fields.names == ["id", "title", "price", "author"])
        #expect(output.records[0]["author"] == ["name": "Li"])
    }

    @Test func renameKeepsPositionsAndMovesNestedFields() async throws {
        let rename = RenameTransform(configuration: try configuration(RenameTransform.Configuration.self, "fields:\n  title: headline\n  author.name: writer\n"))
        let output = try await StageHarness.run(rename, [records])
        #expect(output.records[0].fields.names == ["id", "headline", "price", "tags", "author", "writer"])
        #expect(output.records[0]["writer"] == "Li")
        #expect(output.records[2].fields.names == ["id", "headline", "price", "tags"])
    }

    @Test func setConstantsTemplatesAndTypedCopies() async throws {
        let set = SetTransform(configuration: try configuration(SetTransform.Configuration.self, """
            fields:
              label: "{{title}} by {{author.name}} ({{price}})"
              price_copy: "{{price}}"
              source: news
              weight: 2
              meta.literal: "{{{{not a template}}"
            """))
        let output = try await StageHarness.run(set, [records])
        let first = output.records[0]
        #expect(first["label"] == "微短剧市场 by Li (12.5)")
        #expect(first["price_copy"] == 12.5)
        #expect(first["source"] == "news")
        #expect(first["weight"] == 2)
        #expect(first["meta"] == ["literal": "{{not a template}}"])
        #expect(output.records[2]["label"] == " by  ()")
        #expect(first.fields.names.suffix(5) == ["label", "price_copy", "source", "weight", "meta"])
    }

    @Test func setRejectsBrokenTemplates() {
        #expect(throws: ConfigurationError.self) { try configuration(SetTransform.Configuration.self, "fields: {a: '{{title'}") }
        #expect(throws: ConfigurationError.self) { try configuration(SetTransform.Configuration.self, "fields: {a: '{{ }}'}") }
    }

    @Test func dedupeDropsRepeatsWithinItsCapacity() async throws {
        let many = StageHarness.records((0..<10).map { ["k": .int(Int64($0 % 3)), "v": .int(Int64($0))] })
        let dedupe = DedupeTransform(configuration: try configuration(DedupeTransform.Configuration.self, "key: [k]"))
        let output = try await StageHarness.run(dedupe, [Array(many[0..<4]), Array(many[4...])])
        #expect(output.records.map { $0["v"] } == [0, 1, 2])

        // With room for one key, a key seen two keys ago passes again.
        let small = DedupeTransform(configuration: try configuration(DedupeTransform.Configuration.self, "key: [k]\ncapacity: 1"))
        let sequence = StageHarness.records([["k": 1], ["k": 1], ["k": 2], ["k": 1]])
        #expect(try await StageHarness.run(small, [sequence]).records.map { $0["k"] } == [1, 2, 1])

        let whole = DedupeTransform(configuration: try configuration(DedupeTransform.Configuration.self, "{}"))
        let duplicates = StageHarness.records([["a": 1, "b": 2], ["a": 1, "b": 2], ["a": 1, "b": 3]])
        #expect(try await StageHarness.run(whole, [duplicates]).records.count == 2)
    }
}

@Suite("Filter conditions")
struct ConditionTests {
    let fields: Fields = [
        "id": 7, "title": "微短剧市场规模504.4亿元", "price": 12.5, "tags": ["drama", "market"], "empty": "",
        "author": ["name": "Li"], "flag": false, "none": nil,
    ]

    @Test(arguments: [
        ("id == 7", true), ("id == 7.0", true), ("id != 7", false), ("price > 12", true), ("price >= 12.5", true),
        ("price < 3", false), ("title contains '504.4亿'", true), ("tags contains 'drama'", true),
        ("tags contains 'x'", false), ("author contains 'name'", true), ("author.name == \"Li\"", true),
        ("exists(author.name)", true), ("exists(author.city)", false), ("exists(none)", true),
        ("none == null", true), ("missing == null", true), ("not exists(missing) and price > 10", true),
        ("id == 1 or id == 7", true), ("not (id == 7)", false), ("not not flag", false), ("flag", false),
        ("empty", false), ("title", true), ("title matches '^微短剧'", true), ("title matches '(?i)MARKET'", false),
        ("id in [1, 7, 9]", true), ("author.name in ['Wang']", false), ("title > 'a'", true), ("price > 'a'", false),
        ("id == 7 and (price < 1 or tags contains 'market')", true), ("`author.name` == null", true),
        ("price > 1_0", true), ("id == -7", false), ("price < 1e2", true),
    ])
    func evaluates(text: String, expected: Bool) throws {
        let condition = try Condition.parse(text)
        #expect(condition.evaluate(fields) == expected, "\(text)")
    }

    @Test(arguments: [
        ("price >> 3", 7, "unexpected '>'"),
        ("price = 3", 6, "use '==' to compare"),
        ("(price > 3", 10, "expected ')'"),
        ("title matches price", 14, "'matches' takes a quoted regular expression"),
        ("title matches '('", 14, "invalid regular expression"),
        ("id in 3", 6, "'in' takes a list"),
        ("and id", 0, "expected a value or a field before 'and'"),
        ("title == 'open", 9, "unclosed string"),
        ("id == 1 id", 8, "expected 'and', 'or' or the end of the condition"),
        ("exists(1)", 7, "'exists' takes a field name"),
        ("", 0, "unexpected end of the condition"),
    ])
    func reportsSyntaxErrorsWithOffsets(text: String, offset: Int, message: String) {
        do {
            _ = try Condition.parse(text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.offset == offset, "\(text): \(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func deepNestingIsRejectedNotCrashed() {
        #expect(throws: Condition.SyntaxError.self) { try Condition.parse(String(repeating: "(", count: 10_000) + "a") }
        #expect(throws: Condition.SyntaxError.self) { try Condition.parse(String(repeating: "not ", count: 10_000) + "a") }
    }
}
