import Crypto
import Foundation
import GleanCore
import GleanHTML
import GleanText
import GleanInputs
import Logging

/// The `documents` source: one record per document of folders, archives, globs, URLs or standard
/// input (the input layer), with its text and what is known about it.
///
/// Per document: its bytes (at most `max_document_bytes`; a larger one is dead-lettered with its
/// size), its content type from libmagic, its format (``DocumentFormat``), its encoding
/// (``DocumentEncoding``), then the format's reading — HTML through ``MainText`` (or all its
/// text), Markdown with the first heading as title, JSON as a `text_field` or as fields, XML and
/// plain text as text, Word/OpenDocument/EPUB through ``OfficeText``, PDF through ``PDFText`` —
/// and its language (``TextLanguage``). Documents of other types (images, executables, audio)
/// are skipped and counted per type in the run summary, never an error. The work on each
/// document runs `parallelism` at a time (``OrderedDocuments``), records in input order.
/// Incremental by default: a rerun reads only new and changed documents.
public struct DocumentsSource: Source {
    public struct Configuration: StageConfiguration {
        public var inputs: InputOptions
        public var mainText: Bool
        public var textField: String?
        public var maxDocumentBytes: Int
        /// Documents worked on at once; records still come out in input order.
        public var parallelism: Int
        public var links: Bool

        static let mainText = OptionKey<Bool>(
            "main_text", "boolean", default: true,
            doc: "For HTML: only the main text (the article without navigation, headers, footers, ads, comments and link lists); false: all the page's text.")
        static let textField = OptionKey<String?>(
            "text_field", "string", default: nil, shown: "none",
            doc: "For JSON documents: the field holding the text (the other top-level fields are kept); absent: the document's top-level fields become the record's.")
        static let maxDocumentBytes = OptionKey<Int>(
            "max_document_bytes", "integer", default: 64 << 20, in: 1...(4 << 30),
            doc: "Largest document read; a larger one is dead-lettered with its size, and reading goes on.")
        static let parallelism = OptionKey<Int?>(
            "parallelism", "integer", default: nil, shown: "the core count",
            doc: "Documents worked on at once, 1 to 256 (reading stays in order, and so do the records).")
        static let links = OptionKey<Bool>(
            "links", "boolean", default: false,
            doc: "Add a `links` field: the href of every link of an HTML document, as written, each once.")
        static let incremental = InputOptionKeys.incremental(
            default: true, doc: "Remember which documents were read (in the pipeline state), so a rerun — after a crash too — reads only new and changed ones.")

        public static let options = [mainText.spec, textField.spec, maxDocumentBytes.spec, parallelism.spec, links.spec]
            + InputOptionKeys.specs(incremental: incremental)

        public init(path: String) {
            inputs = InputOptions()
            inputs.paths = [path]
            inputs.incremental = true
            mainText = true
            textField = nil
            maxDocumentBytes = 64 << 20
            parallelism = ProcessInfo.processInfo.activeProcessorCount
            links = false
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            inputs = try InputOptionKeys.read(o, incremental: Self.incremental)
            mainText = try o[Self.mainText]
            textField = try o[Self.textField]
            maxDocumentBytes = try o[Self.maxDocumentBytes]
            parallelism = try o[Self.parallelism] ?? ProcessInfo.processInfo.activeProcessorCount
            links = try o[Self.links]
        }

        public func validate() throws {
            try InputOptionKeys.validate(inputs)
            if let textField, textField.isEmpty { throw ConfigurationError(option: "text_field", "must not be empty") }
            if !(1...256).contains(parallelism) { throw ConfigurationError(option: "parallelism", "must be from 1 to 256, not \(parallelism)") }
        }
    }

    let configuration: Configuration
    let context: StageContext

    public init(configuration: Configuration, context: StageContext) {
        self.configuration = configuration
        self.context = context
    }

    /// Zip containers the source reads itself, never opened as archives by the input layer.
    static let containerExtensions: Set<String> = ["docx", "odt", "epub", "xlsx", "pptx", "ods", "odp"]

    public mutating func run(into output: SourceOutput) async throws {
        var options = configuration.inputs
        options.wholeExtensions = Self.containerExtensions
        let inputs = InputReader(options: options, context: context)
        let work = DocumentWork(configuration: configuration, detectors: ContentTypeDetectors())
        var window = OrderedDocuments(output: output, context: context, parallelism: configuration.parallelism)
        var index = 0
        let configuration = self.configuration, context = self.context
        do {
            try await inputs.forEach(into: output) { input in
                defer { input.reportProgress() }
                let origin = RecordOrigin(stage: context.name, location: input.location, index: index)
                index += 1
                let limit = configuration.maxDocumentBytes
                let tooLarge = DeadLetter(
                    origin: origin, error: "\(input.location): the document is larger than max_document_bytes (\(limit) bytes\(input.size.map { "; it has \($0)" } ?? "")); skipped",
                    code: .limitExceeded)
                // A size known in advance is checked before a byte is read (a 2 GB file costs nothing).
                if let size = input.size, size > Int64(limit) {
                    output.note("skipped: larger than max_document_bytes")
                    var unread = tooLarge
                    unread.error += " without reading it"
                    try await window.reject(unread)
                    return
                }
                let bytes: [UInt8]
                do {
                    guard let read = try Self.readAll(input.stream, limit: limit) else {
                        output.note("skipped: larger than max_document_bytes")
                        try await window.reject(tooLarge)
                        return
                    }
                    bytes = read
                } catch let error as GleanError {
                    try await window.reject(DeadLetter(origin: origin, error: "\(input.location): \(error.message)", code: error.code))
                    return
                }
                let document = DocumentWork.Document(
                    bytes: bytes, location: input.location, charset: input.charset, modificationTime: input.modificationTime, origin: origin)
                try await window.add(document, work: work)
            }
        } catch let stop where stop is SourceStop || stop is CancellationError {
            // What was read is delivered before stopping, so the state saved never runs ahead.
            try await window.drain(stopping: true)
            throw stop
        } catch {
            window.cancel()
            throw error
        }
        try await window.drain(stopping: false)
    }

    /// The whole stream, or nil when it holds more than `limit` bytes (reading stops there).
    static func readAll(_ stream: any ByteStream, limit: Int) throws -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
            if n == 0 { return bytes }
            if bytes.count + n > limit { return nil }
            bytes += chunk[0..<n]
        }
    }

    /// The last component of a location (`a.zip!/dir/b.html` → `b.html`).
    static func name(of location: String) -> String {
        let afterArchive = location.split(separator: "!").last.map(String.init) ?? location
        return afterArchive.split(separator: "/").last.map(String.init) ?? afterArchive
    }

    /// `en` of `en-US`; only `en` and `zh` are named, as the detection does (others: `und`).
    static func primaryLanguage(_ tag: String) -> String? {
        let primary = tag.lowercased().split { $0 == "-" || $0 == "_" }.first.map(String.init) ?? ""
        return primary == "en" || primary == "zh" ? primary : nil
    }
}

/// A document that cannot become a record, as a `Result` failure.
struct DeadLetterError: Error {
    let letter: DeadLetter
}
