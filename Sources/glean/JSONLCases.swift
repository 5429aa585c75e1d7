import ArgumentParser
import Foundation
import GleanCore

/// The JSON Lines cases of `glean extract … --jsonl`: one object per line with a "text" string
/// (and optionally "id", "lang", "published"); an error names the line.
enum JSONLCases {
    static func forEach(in input: Data, _ body: (_ fields: Fields, _ text: String) throws -> Void) throws {
        for (number, line) in lines(of: input) {
            let (fields, text) = try parse(line, number: number)
            try body(fields, text)
        }
    }

    static func forEach(in input: Data, _ body: (_ fields: Fields, _ text: String) async throws -> Void) async throws {
        for (number, line) in lines(of: input) {
            let (fields, text) = try parse(line, number: number)
            try await body(fields, text)
        }
    }

    /// The non-empty lines, numbered from 1. (Split on a byte array: splitting `Data` checks
    /// exclusivity per byte, 10× slower.)
    private static func lines(of input: Data) -> [(Int, ArraySlice<UInt8>)] {
        [UInt8](input).split(separator: 0x0A, omittingEmptySubsequences: true).enumerated().map { ($0.offset + 1, $0.element) }
    }

    private static func parse(_ line: ArraySlice<UInt8>, number: Int) throws -> (Fields, String) {
        let value = try line.withUnsafeBytes { bytes in
            do { return try JSONReader.parse(bytes) } catch { throw ValidationError("line \(number): \(error)") }
        }
        guard case .object(let fields) = value, let text = fields["text"]?.stringValue else {
            throw ValidationError("line \(number): expected an object with a \"text\" string")
        }
        return (fields, text)
    }
}

/// Standard output written in 64 KiB pieces.
struct BufferedOutput {
    private var bytes: [UInt8] = []

    /// One JSON line.
    mutating func writeLine(_ value: Value) {
        JSONWriter().write(value, into: &bytes)
        bytes.append(0x0A)
        if bytes.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        StandardOutput.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
