import Foundation
import GleanCore
import Testing

/// Option keys: the spec derived from one declaration, and decoding with defaults and checks.
@Suite("Option keys")
struct OptionKeyTests {
    enum Mode: String, CaseIterable, Sendable { case fast, careful }

    struct Sample: StageConfiguration {
        static let name = OptionKey<String>.required("name", "string", doc: "A name.")
        static let count = OptionKey<Int>("count", "integer", default: 4, in: 1...64, doc: "How many.")
        static let size = OptionKey<Int>("size", "integer", default: 2048, in: 1024..., doc: "How big.")
        static let timeout = OptionKey<Double>("timeout", "number", default: 30, doc: "Seconds.")
        static let mode = OptionKey<Mode>("mode", default: .fast, doc: "How.")
        static let modes = OptionKey<[Mode]?>.list("modes", of: Mode.self, shown: "all", doc: "Which.")
        static let url = OptionKey<[String]>.oneOrMany("url", "string | [string]", shown: "none", doc: "Where.")
        static let label = OptionKey<String?>("label", "string", default: nil, doc: "A label.")
        static let options = [name.spec, count.spec, size.spec, timeout.spec, mode.spec, modes.spec, url.spec, label.spec]

        var name: String, count: Int, size: Int, timeout: Double, mode: Mode, modes: [Mode]?, url: [String], label: String?

        init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            (name, count, size, timeout) = (try o[Self.name], try o[Self.count], try o[Self.size], try o[Self.timeout])
            (mode, modes, url, label) = (try o[Self.mode], try o[Self.modes], try o[Self.url], try o[Self.label])
        }
    }

    func decode(_ json: String) throws -> Sample {
        try JSONDecoder().decode(Sample.self, from: Data(json.utf8))
    }

    @Test func specsComeFromTheKeys() {
        let specs = Dictionary(uniqueKeysWithValues: Sample.options.map { ($0.name, $0) })
        #expect(specs["name"] == OptionSpec(name: "name", type: "string", defaultValue: nil, doc: "A name."))
        #expect(specs["count"]?.defaultValue == "4")
        #expect(specs["count"]?.range == "between 1 and 64")
        #expect(specs["size"]?.range == "at least 1024")
        #expect(specs["timeout"]?.defaultValue == "30")
        #expect(specs["mode"]?.type == "string")
        #expect(specs["mode"]?.defaultValue == "fast")
        #expect(specs["mode"]?.allowedValues == ["fast", "careful"])
        #expect(specs["modes"]?.type == "[string]")
        #expect(specs["modes"]?.allowedValues == ["fast", "careful"])
        #expect(specs["url"]?.defaultValue == "none")
        #expect(specs["label"]?.defaultValue == "none")
    }

    @Test func absentOptionsGiveTheirDefaults() throws {
        let sample = try decode(#"{"name": "n"}"#)
        #expect(sample.count == 4)
        #expect(sample.size == 2048)
        #expect(sample.timeout == 30)
        #expect(sample.mode == .fast)
        #expect(sample.modes == nil)
        #expect(sample.url == [])
        #expect(sample.label == nil)
    }

    @Test func presentOptionsAreDecoded() throws {
        let sample = try decode(#"{"name": "n", "count": 64, "mode": "careful", "modes": ["careful"], "url": "u", "label": "l"}"#)
        #expect(sample.count == 64)
        #expect(sample.mode == .careful)
        #expect(sample.modes == [.careful])
        #expect(sample.url == ["u"])
        #expect(sample.label == "l")
        #expect(try decode(#"{"name": "n", "url": ["u", "v"]}"#).url == ["u", "v"])
    }

    @Test(arguments: [
        (#"{"name": "n", "count": 0}"#, "count", "must be between 1 and 64"),
        (#"{"name": "n", "count": 65}"#, "count", "must be between 1 and 64"),
        (#"{"name": "n", "size": 1023}"#, "size", "must be at least 1024"),
        (#"{"name": "n", "mode": "carefull"}"#, "mode", "'carefull' is not one of fast, careful; did you mean 'careful'?"),
        (#"{"name": "n", "modes": ["fast", "slow"]}"#, "modes", "'slow' is not one of fast, careful"),
    ])
    func checksNameTheOption(_ json: String, _ option: String, _ message: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try decode(json) }
        #expect(error.option == option)
        #expect(error.message == message)
    }

    @Test func aMissingRequiredOptionIsKeyNotFound() throws {
        let error = try #require(throws: DecodingError.self) { try decode("{}") }
        guard case .keyNotFound(let key, _) = error else {
            Issue.record("expected keyNotFound, got \(error)")
            return
        }
        #expect(key.stringValue == "name")
    }
}
