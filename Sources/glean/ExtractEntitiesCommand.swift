import ArgumentParser
import Foundation
import GleanBuiltins
import GleanCore
import GleanRuntime

/// `glean extract entities [TEXT | -]`: the `extract_entities` transform, built from the registry
/// as a pipeline would build it, over a text or JSON Lines cases.
struct ExtractEntitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Print the entities of a text as JSON.",
        discussion: """
            TEXT is the text itself; '-' or nothing reads standard input. With --jsonl, each input \
            line is a JSON object with a "text" field (and optionally "id", "lang", "published"), and \
            each output line is {"id": …, "entities": […]} — the form the accuracy harness uses. \
            --options takes more options of extract_entities as YAML, e.g. \
            '{dictionaries: {ORG: [Glean Labs]}, lexicon_files: [names.tsv]}'.
            """
    )

    @Argument(help: "The text, or '-' for standard input.")
    var text: String = "-"

    @Option(help: "auto, en or zh.")
    var language: String = "auto"

    @Option(help: "Published date (ISO 8601) for relative dates such as 'yesterday'.")
    var published: String?

    @Option(help: "More options of extract_entities, as a YAML mapping (paths relative to the current directory).")
    var options: String?

    @Flag(help: "Read JSON Lines cases from the input and write one result per line.")
    var jsonl = false

    @Flag(help: "With --jsonl: print only totals and the transform's own time (for benchmarks).")
    var stats = false

    func run() async throws {
        guard ["auto", "en", "zh"].contains(language) else { throw ValidationError("--language must be auto, en or zh") }
        if let published, ISO8601.parse(published) == nil { throw ValidationError("--published: '\(published)' is not an ISO 8601 date") }
        let registry = BuiltinPlugins.registry()
        let cwd = FileManager.default.currentDirectoryPath
        func make(_ language: String) throws -> any Transform {
            var yaml = "field: text\nlanguage: \(language)\npublished_field: published\noutput: entities\n"
            if let options {
                // The user's mapping, merged over ours (a later key would be a duplicate).
                yaml = "{field: text, language: \(language), published_field: published, output: entities, \(try Self.innerMapping(options))}"
            }
            do { return try StandaloneTransform.make("extract_entities", options: yaml, registry: registry, file: "--options", baseDirectory: cwd) } catch let failure as StandaloneTransform.Failure {
                throw ValidationError(failure.description)
            }
        }
        var transforms: [String: any Transform] = [:]
        var loadNanoseconds: UInt64 = 0  // building the first transform loads the gazetteer
        func transform(for lang: String) throws -> any Transform {
            if let found = transforms[lang] { return found }
            let started = DispatchTime.now().uptimeNanoseconds
            let made = try make(lang)
            if transforms.isEmpty { loadNanoseconds = DispatchTime.now().uptimeNanoseconds - started }
            transforms[lang] = made
            return made
        }
        let input = text == "-" ? FileHandle.standardInput.readDataToEndOfFile() : Data(text.utf8)
        var output: [UInt8] = []
        if !jsonl {
            var fields: Fields = ["text": .string(String(decoding: input, as: UTF8.self))]
            if let published { fields["published"] = .string(published) }
            var stage = try transform(for: language)
            var result = TransformOutput()
            try await stage.process([Record(fields: fields, origin: RecordOrigin(stage: "cli", index: 0))], into: &result)
            if let letter = result.rejections.letters.first { throw ValidationError(letter.error) }
            JSONWriter(indent: 2).write(result.records.first?.fields["entities"] ?? .array([]), into: &output)
            output.append(0x0A)
            StandardOutput.write(output)
            return
        }
        var totals = (cases: 0, bytes: 0, entities: 0, nanoseconds: UInt64(0))
        var lines = BufferedOutput()
        var index = 0
        try await JSONLCases.forEach(in: input) { fields, caseText in
            let lang = language == "auto" ? (fields["lang"]?.stringValue).flatMap { ["en", "zh"].contains($0) ? $0 : nil } ?? "auto" : language
            var stage = try transform(for: lang)
            var recordFields: Fields = ["text": .string(caseText)]
            if let date = fields["published"] ?? published.map(Value.string) { recordFields["published"] = date }
            var result = TransformOutput()
            let started = DispatchTime.now().uptimeNanoseconds
            try await stage.process([Record(fields: recordFields, origin: RecordOrigin(stage: "cli", index: index))], into: &result)
            totals.nanoseconds += DispatchTime.now().uptimeNanoseconds - started
            index += 1
            transforms[lang] = stage
            let entities = result.records.first?.fields["entities"] ?? .array([])
            totals.cases += 1
            totals.bytes += caseText.utf8.count
            if case .array(let list) = entities { totals.entities += list.count }
            if !stats { lines.writeLine(Value.object(["id": fields["id"] ?? .null, "entities": entities])) }
        }
        lines.flush()
        if stats {
            let seconds = Double(totals.nanoseconds) / 1e9
            let summary: Value = [
                "cases": .int(Int64(totals.cases)), "bytes": .int(Int64(totals.bytes)), "entities": .int(Int64(totals.entities)),
                "load_seconds": .double(Double(loadNanoseconds) / 1e9),
                "seconds": .double(seconds), "megabytes_per_second": .double(seconds > 0 ? Double(totals.bytes) / 1_048_576 / seconds : 0),
            ]
            StandardOutput.write((JSONWriter.string(summary) + "\n").utf8)
        }
    }

    /// `{a: 1, b: 2}` → `a: 1, b: 2`, so that it can join our flow mapping.
    static func innerMapping(_ yaml: String) throws -> String {
        let trimmed = yaml.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else {
            throw ValidationError("--options must be a YAML flow mapping, such as '{dictionaries: {ORG: [Glean Labs]}}'")
        }
        return String(trimmed.dropFirst().dropLast())
    }
}
