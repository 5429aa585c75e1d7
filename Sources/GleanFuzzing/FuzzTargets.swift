import Foundation
import GleanCore
import GleanJSON
import GleanRuntime
import GleanTransforms

/// The bodies of Glean's fuzz targets: every parser of untrusted or user input, with the
/// properties that must hold for any input. Used by the libFuzzer executables in `Fuzz/` and by
/// a deterministic smoke test in `swift test`. Each traps on a violation and otherwise returns
/// whether the input was accepted (parsed), so tests can check that inputs exercise both paths.
public enum FuzzTargets {
    /// JSON reader: never crashes; whatever parses survives a write–parse round trip unchanged.
    @discardableResult
    public static func jsonReader(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let value = try? JSONReader.parse(bytes) else { return false }
        let text = JSONWriter.string(value)
        guard let again = try? JSONReader.parse(text) else { fatalError("writer output does not parse: \(text.prefix(200))") }
        precondition(again == value, "round trip changed the value: \(text.prefix(200))")
        return true
    }

    /// JSON array/document splitter: never crashes, never emits more bytes than it was fed, and
    /// cuts the same elements whichever way the input is chunked.
    @discardableResult
    public static func jsonSplitter(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var cleanElements = 0
        for topLevelArray in [true, false] {
            let whole = split(bytes, topLevelArray: topLevelArray, chunk: bytes.count)
            let chunked = split(bytes, topLevelArray: topLevelArray, chunk: 7)
            precondition(whole == chunked, "chunking changed the elements")
            precondition(whole.reduce(0) { $0 + $1.count } <= bytes.count)
            cleanElements += whole.count
        }
        return cleanElements > 0
    }

    private static func split(_ bytes: UnsafeRawBufferPointer, topLevelArray: Bool, chunk: Int) -> [[UInt8]] {
        var splitter = JSONValueSplitter(topLevelArray: topLevelArray, maximumBytes: 1 << 16)
        var elements: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + max(chunk, 1))
            splitter.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) { elements.append($0.bytes) }
            start = end
        }
        splitter.finish { elements.append($0.bytes) }
        return elements
    }

    /// Filter conditions: parsing never crashes; a parsed condition evaluates on any record.
    @discardableResult
    public static func condition(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let condition = try? Condition.parse(text) else { return false }
        let sample: Fields = ["a": 1, "b": "text", "c": [1, 2, "x"], "d": ["e": nil], "f": 2.5, "g": true]
        _ = condition.evaluate(sample)
        _ = condition.evaluate(Fields())
        return true
    }

    /// Pipeline files: loading and validating any text never crashes; every diagnostic has a
    /// position inside the text or none.
    @discardableResult
    public static func pipelineFile(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let registry = StageRegistry(plugins: [JSONPlugin.self, TransformsPlugin.self])
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        do {
            let (spec, diagnostics) = try PipelineLoader(environment: ["SET": "1"]).load(text: text, file: "fuzz.yml")
            for diagnostic in diagnostics { precondition(diagnostic.line <= lineCount + 1, "diagnostic past the end: \(diagnostic)") }
            do {
                _ = try PipelineValidator(registry: registry).validate(spec, diagnostics: diagnostics)
                return true
            } catch let errors as PipelineErrors {
                precondition(!errors.diagnostics.isEmpty)
                return false
            }
        } catch let errors as PipelineErrors {
            precondition(!errors.diagnostics.isEmpty)
            return false
        } catch {
            fatalError("unexpected error type: \(error)")
        }
    }
}
