import Foundation
import GleanBuiltins
import GleanCore
import GleanRuntime
import GleanTesting
import Testing

/// Every stage kind the `glean` binary registers (and the test stages): each declared option is
/// documented, typed and read by the configuration's decoding, and the decoding reads no option
/// it does not declare.
@Suite("Option declarations")
struct OptionDeclarationTests {
    static var registry: StageRegistry {
        var registry = BuiltinPlugins.registry()
        registry.registerTestingStages(collector: RecordCollector())
        return registry
    }

    static var kinds: [String] { registry.all.map { "\($0.role.section).\($0.kind)" } }

    static func descriptor(_ id: String) throws -> StageDescriptor {
        let registry = Self.registry
        return try #require(registry.all.first { "\($0.role.section).\($0.kind)" == id })
    }

    /// Sample values that decode for every declared type (validation may still refuse them).
    static func sample(_ option: OptionSpec) -> Any {
        if option.name == "where" { return "a == 1" }
        if let first = option.allowedValues.last {
            return option.type.hasPrefix("[") ? [first] : first
        }
        switch option.type {
        case "integer": return option.defaultValue.flatMap { Int($0) } ?? 1
        case "number": return option.defaultValue.flatMap { Double($0) } ?? 1
        case "boolean": return option.defaultValue != "true"
        case "[string]": return ["a", "b"]
        case "string | [string]": return ["a", "b"]
        case "{string: string}": return ["a": "b"]
        case "{string: any}": return ["a": 1]
        case "{TYPE: [string]}": return ["ORG": ["a"]]
        case "[{pattern, type}]": return [["pattern": "a+", "type": "X"]]
        default:
            // A union of alternatives (`boolean | [string] | auto`): a value of the first one.
            guard option.type.contains(" | "), let first = option.type.components(separatedBy: " | ").first else { return "a" }
            switch first {
            case "boolean": return true
            case "integer": return 1
            default: return first
            }
        }
    }

    /// Decodes a descriptor's configuration from `mapping` (as JSON), recording the options read.
    final class Recorder: ConfigurationDecoding {
        let json: Data
        let log = OptionReadLog()
        var decodeError: (any Error)?

        init(_ mapping: [String: Any]) throws { json = try JSONSerialization.data(withJSONObject: mapping) }

        func decode<Configuration: StageConfiguration>(_ type: Configuration.Type) throws -> Configuration {
            let decoder = JSONDecoder()
            decoder.userInfo[OptionReadLog.userInfoKey] = log
            do {
                return try decoder.decode(Configuration.self, from: json)
            } catch {
                decodeError = error
                throw error
            }
        }

        /// Decodes and validates through the descriptor; validation errors are not the point here.
        func run(_ descriptor: StageDescriptor) {
            _ = try? descriptor.decode(self)
        }
    }

    @Test func everyBuiltinPluginIsChecked() {
        let kinds = Set(Self.kinds)
        for kind in ["sources.json", "sources.rss", "sources.xml", "transforms.filter", "transforms.extract_figures",
                     "transforms.html_text", "sinks.json", "sinks.sqlite", "sinks.sql_dump", "sinks.postgres"] {
            #expect(kinds.contains(kind), "\(kind) is not registered")
        }
    }

    @Test(arguments: kinds)
    func everyOptionIsDocumentedAndTyped(_ id: String) throws {
        let options = try Self.descriptor(id).options
        #expect(Set(options.map(\.name)).count == options.count, "\(id): an option is declared twice")
        for option in options {
            #expect(!option.name.isEmpty, "\(id): an option without a name")
            #expect(!option.type.isEmpty, "\(id).\(option.name): no type")
            #expect(!option.doc.trimmingCharacters(in: .whitespaces).isEmpty, "\(id).\(option.name): no doc")
            #expect(option.defaultValue?.isEmpty != true, "\(id).\(option.name): an empty default text")
        }
    }

    @Test(arguments: kinds)
    func everyDeclaredOptionIsReadAndNothingElse(_ id: String) throws {
        let descriptor = try Self.descriptor(id)
        let declared = descriptor.options.map(\.name)
        let everything = try Recorder(Dictionary(uniqueKeysWithValues: descriptor.options.map { ($0.name, Self.sample($0)) }))
        everything.run(descriptor)
        #expect(everything.decodeError == nil, "\(id): decoding sample values of every option failed: \(String(describing: everything.decodeError))")
        #expect(Set(everything.log.read) == Set(declared), "\(id): read \(everything.log.read), declared \(declared)")

        let minimal = try Recorder(Dictionary(uniqueKeysWithValues: descriptor.options.filter(\.isRequired).map { ($0.name, Self.sample($0)) }))
        minimal.run(descriptor)
        #expect(minimal.decodeError == nil, "\(id): decoding only the required options failed: \(String(describing: minimal.decodeError))")
        #expect(Set(minimal.log.read) == Set(declared), "\(id): without optional options read \(minimal.log.read), declared \(declared)")
    }

    /// A configuration that reads an option it does not declare: the reader refuses it.
    struct Undeclared: StageConfiguration {
        static let declared = OptionKey<Int>("declared", "integer", default: 1, doc: "Declared.")
        static let other = OptionKey<Int>("other", "integer", default: 2, doc: "Not in `options`.")
        static let options = [declared.spec]

        init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            _ = try o[Self.declared]
            _ = try o[Self.other]
        }
    }

    @Test func readingAnUndeclaredOptionIsCaught() throws {
        var registry = StageRegistry()
        registry.registerTransform("undeclared", configuration: Undeclared.self, summary: "Test.", example: "") { _, _ in
            throw GleanError(.stageFailed, "never built")
        }
        let recorder = try Recorder([:])
        recorder.run(try #require(registry.descriptor(.transform, "undeclared")))
        let error = try #require(recorder.decodeError as? OptionReader.UndeclaredOption)
        #expect(error.name == "other")
        #expect("\(error)".contains("reads option 'other', which is not in its `options`"))
    }
}
