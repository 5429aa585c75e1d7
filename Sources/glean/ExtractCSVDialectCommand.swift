import ArgumentParser
import Foundation
import GleanCSV
import GleanCore

/// `glean extract csv-dialect FILE`: what the csv source's `dialect: auto` chooses for a file.
struct ExtractCSVDialectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv-dialect",
        abstract: "Print the CSV dialect, header and preamble the csv source would sniff for a file, as JSON.",
        discussion: "Reads the first 64 KiB of FILE ('-' for standard input), as the csv source does for each input."
    )

    @Argument(help: "A CSV file, or '-' for standard input.")
    var file: String

    func run() throws {
        let handle: FileHandle
        if file == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot open \(file)") }
            handle = opened
        }
        var head = Data()
        while head.count < CSVSniffer.sampleBytes {
            let chunk = handle.readData(ofLength: CSVSniffer.sampleBytes - head.count)
            if chunk.isEmpty { break }
            head.append(chunk)
        }
        let complete = head.count < CSVSniffer.sampleBytes
        var output: [UInt8] = []
        JSONWriter(indent: 2).write(try CSVSniffer.report(Array(head), complete: complete), into: &output)
        output.append(0x0A)
        StandardOutput.write(output)
    }
}
