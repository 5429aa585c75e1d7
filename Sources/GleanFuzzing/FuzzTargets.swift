import Foundation
import GleanCore
import GleanDocuments
import GleanEncoding
import GleanEntities
import GleanFigures
import GleanHTML
import GleanJSON
import GleanRuntime
import GleanTransforms
import GleanXML

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

    /// Feeds: the repair filter, libxml2 and the feed parser never crash on any bytes; repairs
    /// are the same however the input is chunked; every item has an id.
    @discardableResult
    public static func feed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var whole = EntityRepair()
        let once = whole.process(bytes, final: true)
        var chunked = EntityRepair()
        var pieces: [UInt8] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 5)
            pieces += chunked.process(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), final: false)
            start = end
        }
        pieces += chunked.process(UnsafeRawBufferPointer(start: nil, count: 0), final: true)
        precondition(once == pieces, "entity repair depends on chunking")
        guard let reader = try? XMLStreamReader(bytes: Array(bytes), url: "https://example.org/feed.xml") else { return false }
        var parser = FeedParser(reader: reader, defaultOffset: 0)
        var items = 0
        while let item = try? parser.next() {
            precondition(item.fields["id"]?.stringValue?.isEmpty == false, "an item without an id")
            items += 1
        }
        return items > 0
    }

    /// HTML to text and feed dates: never crash on any text.
    @discardableResult
    public static func htmlAndDates(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let plain = HTMLText.text(fromHTML: text)
        if let fast = SimpleHTML.text(text) {
            let slow = HTMLText.libxml2Text(text)
            precondition(fast == slow, "the fast HTML path disagrees with libxml2 on \(String(reflecting: text)): \(String(reflecting: fast)) vs \(String(reflecting: slow))")
        }
        precondition(!plain.contains("\n\n\n"), "more than one blank line")
        return FeedDate.parse(text) != nil || !plain.isEmpty
    }

    /// Main-text extraction: any bytes give a text or nothing, never a crash; the text has at most
    /// one blank line in a row and no space at either end; the same input gives the same text.
    @discardableResult
    public static func mainText(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let html = String(decoding: bytes, as: UTF8.self)
        let text = MainText.text(fromHTML: html)
        precondition(!text.contains("\n\n\n"), "more than one blank line")
        precondition(text.first.map { !$0.isWhitespace } ?? true && text.last.map { !$0.isWhitespace } ?? true, "space at an end of \(String(reflecting: text))")
        precondition(MainText.text(fromHTML: html) == text, "two runs disagree")
        return !text.isEmpty
    }

    /// Documents: any bytes, read as each format, decode to text and give content or a problem,
    /// never a crash; decoding is deterministic, and UTF-8 input without a byte order mark or
    /// declaration decodes to itself. Accepted: read as JSON.
    @discardableResult
    public static func document(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let input = Array(bytes)
        var accepted = false
        // The pieces around the readers: content signatures, charset detection (uchardet), and the
        // parse of pdftotext's output (pdftotext itself runs in a process of its own).
        if let type = ContentSignature.contentType(of: input) {
            precondition(ContentSignature.contentType(of: input + [0x20]) == type || type == "text/html", "a signature depends on bytes after it")
        }
        let charset = CharsetDetection.detect(input).charset
        precondition(CharsetDetection.detect(input).charset == charset, "detection is not deterministic")
        let pdf = PDFText.parse(String(decoding: input, as: UTF8.self))
        precondition(!pdf.text.hasPrefix(" ") && !pdf.text.hasSuffix(" "), "PDF text not trimmed")
        for format in DocumentFormat.allCases where format != .unsupported && format != .pdf {
            let (text, encoding) = DocumentEncoding.decode(input, declared: nil, format: format)
            precondition(DocumentEncoding.decode(input, declared: nil, format: format).text == text, "decoding is not deterministic")
            if encoding.name == "utf-8", encoding.source == .detected, let original = String(validating: input, as: UTF8.self) {
                precondition(text == original, "valid UTF-8 changed in decoding")
            }
            let read = DocumentContent.read(text, format: format, mainText: true, textField: nil)
            if format == .json, case .success = read { accepted = true }
        }
        return accepted  // as JSON: the only format that refuses input
    }

    /// Figure extraction: any text yields figures or nothing, never a crash; every figure's span
    /// lies inside the text and reads back as its `text`, values are finite, spans do not overlap
    /// and come in order, and each figure's sentence contains it.
    @discardableResult
    public static func figures(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        let found = FigureExtractor().figures(in: text, published: Date(timeIntervalSince1970: 1_750_000_000))
        var previousEnd = 0
        for figure in found {
            precondition(figure.start >= previousEnd && figure.start < figure.end && figure.end <= scalars.count, "bad span \(figure.start)..<\(figure.end) in \(scalars.count) scalars")
            precondition(String(String.UnicodeScalarView(scalars[figure.start..<figure.end])) == figure.text, "span does not read back as the figure's text")
            precondition(figure.value.isFinite, "non-finite value for \(figure.text)")
            // Compared as scalars: a span may end inside a grapheme cluster ("1" + a combining mark).
            precondition(Array(figure.sentence.unicodeScalars).contains(Array(figure.text.unicodeScalars)), "the sentence does not contain \(figure.text)")
            previousEnd = figure.end
        }
        return !found.isEmpty
    }

    /// Entity extraction: any text yields entities or nothing, never a crash or a hang; spans lie
    /// inside the text, read back as their `text`, come in order without overlapping, and a
    /// Chinese WORK never includes its 《》.
    @discardableResult
    public static func entities(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        let found = entityExtractor.entities(in: text, published: Date(timeIntervalSince1970: 1_750_000_000))
        var previousEnd = 0
        for entity in found {
            precondition(entity.start >= previousEnd && entity.start < entity.end && entity.end <= scalars.count, "bad span \(entity.start)..<\(entity.end) in \(scalars.count) scalars")
            precondition(String(String.UnicodeScalarView(scalars[entity.start..<entity.end])) == entity.text, "span does not read back as the entity's text")
            precondition(!(entity.type == .work && (entity.text.hasPrefix("《") || entity.text.hasSuffix("》"))), "a WORK with its brackets")
            precondition(!entity.normalized.isEmpty, "empty normalized form for \(entity.text)")
            previousEnd = entity.end
        }
        return !found.isEmpty
    }

    private static let entityExtractor = try! EntityExtractor(user: UserLexicon(rules: [try! .init(pattern: "[A-Z]{2}-[0-9]+", type: EntityType("TICKET"))]))

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
