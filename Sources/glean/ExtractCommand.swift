import ArgumentParser
import Foundation
import GleanCore
import GleanFigures

/// `glean extract`: run an extractor on a text, for quick checks and accuracy harnesses.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print what an extractor (figures, entities) or a sniffer (csv-dialect) finds, as JSON.",
        subcommands: [ExtractFiguresCommand.self, ExtractEntitiesCommand.self, ExtractCSVDialectCommand.self]
    )
}

/// `glean extract figures [TEXT | -]`.
struct ExtractFiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Print the figures of a text as JSON.",
        discussion: """
            TEXT is the text itself; '-' or nothing reads standard input. With --jsonl, each input \
            line is a JSON object with a "text" field (and optionally "id", "lang", "published"), and \
            each output line is {"id": …, "figures": […]} — the form the accuracy harness uses.
            """
    )

    @Argument(help: "The text, or '-' for standard input.")
    var text: String = "-"

    @Option(help: "auto, en or zh.")
    var language: String = "auto"

    @Option(help: "Published date (ISO 8601) for relative periods such as 'last year'.")
    var published: String?

    @Flag(help: "Read JSON Lines cases from the input and write one result per line.")
    var jsonl = false

    @Flag(help: "With --jsonl: print only totals and the extractor's own time (for benchmarks).")
    var stats = false

    func run() throws {
        guard let language = FigureExtractor.Language(rawValue: language) else {
            throw ValidationError("--language must be auto, en or zh")
        }
        let extractor = FigureExtractor(language: language)
        let publishedDate = try published.map { value -> Date in
            guard let date = ISO8601.parse(value) else { throw ValidationError("--published: '\(value)' is not an ISO 8601 date") }
            return date
        }
        let input = text == "-" ? FileHandle.standardInput.readDataToEndOfFile() : Data(text.utf8)
        var output: [UInt8] = []
        if !jsonl {
            let string = String(decoding: input, as: UTF8.self)
            let figures = extractor.figures(in: string, published: publishedDate)
            JSONWriter(indent: 2).write(.array(figures.map(\.asValue)), into: &output)
            output.append(0x0A)
            StandardOutput.write(output)
            return
        }
        var totals = (cases: 0, bytes: 0, figures: 0, nanoseconds: UInt64(0))
        var lines = BufferedOutput()
        try JSONLCases.forEach(in: input) { fields, caseText in
            var caseExtractor = extractor
            if let lang = fields["lang"]?.stringValue, language == .auto, let chosen = FigureExtractor.Language(rawValue: lang) { caseExtractor.language = chosen }
            let date = fields["published"]?.stringValue.flatMap { ISO8601.parse($0) } ?? publishedDate
            let started = DispatchTime.now().uptimeNanoseconds
            let figures = caseExtractor.figures(in: caseText, published: date)
            totals.nanoseconds += DispatchTime.now().uptimeNanoseconds - started
            totals.cases += 1
            totals.bytes += caseText.utf8.count
            totals.figures += figures.count
            if !stats { lines.writeLine(Value.object(["id": fields["id"] ?? .null, "figures": .array(figures.map(\.asValue))])) }
        }
        lines.flush()
        if stats {
            let seconds = Double(totals.nanoseconds) / 1e9
            let summary: Value = [
                "cases": .int(Int64(totals.cases)), "bytes": .int(Int64(totals.bytes)), "figures": .int(Int64(totals.figures)),
                "seconds": .double(seconds), "cases_per_second": .double(seconds > 0 ? Double(totals.cases) / seconds : 0),
                "megabytes_per_second": .double(seconds > 0 ? Double(totals.bytes) / 1_048_576 / seconds : 0),
            ]
            StandardOutput.write((JSONWriter.string(summary) + "\n").utf8)
        }
    }
}
