import Crypto
import Foundation
import GleanCore
import GleanHTML
import GleanInputs
import Logging

/// The `documents` source: one record per document of folders, archives, globs, URLs or standard
/// input (the input layer), with its text and what is known about it.
///
/// Per document: its bytes (at most `max_document_bytes`; a larger one is dead-lettered with its
/// size), its content type from libmagic, its format (``DocumentFormat``), its encoding
/// (``DocumentEncoding``), then the format's reading — HTML through ``MainText`` (or all its
/// text), Markdown with the first heading as title, JSON as a `text_field` or as fields, XML and
/// plain text as text, Word/OpenDocument/EPUB through ``OfficeText`` — and its language
/// (``DocumentLanguage``). Documents of other types (images, executables, and for now PDF) are
/// skipped and counted per type in the log, never an error. Incremental by default: a rerun after a crash reads only what was not read.
public struct DocumentsSource: Source {
    public struct Configuration: StageConfiguration {
        public var inputs: InputOptions
        public var mainText: Bool
        public var textField: String?
        public var maxDocumentBytes: Int

        static let mainText = OptionKey<Bool>(
            "main_text", "boolean", default: true,
            doc: "For HTML: only the main text (the article without navigation, headers, footers, ads, comments and link lists); false: all the page's text.")
        static let textField = OptionKey<String?>(
            "text_field", "string", default: nil, shown: "none",
            doc: "For JSON documents: the field holding the text (the other top-level fields are kept); absent: the document's top-level fields become the record's.")
        static let maxDocumentBytes = OptionKey<Int>(
            "max_document_bytes", "integer", default: 64 << 20, in: 1...(4 << 30),
            doc: "Largest document read; a larger one is dead-lettered with its size, and reading goes on.")
        static let incremental = InputOptionKeys.incremental(
            default: true, doc: "Remember which documents were read (in the pipeline state), so a rerun — after a crash too — reads only new and changed ones.")

        public static let options = [mainText.spec, textField.spec, maxDocumentBytes.spec] + InputOptionKeys.specs(incremental: incremental)

        public init(path: String) {
            inputs = InputOptions()
            inputs.paths = [path]
            inputs.incremental = true
            mainText = true
            textField = nil
            maxDocumentBytes = 64 << 20
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            inputs = try InputOptionKeys.read(o, incremental: Self.incremental)
            mainText = try o[Self.mainText]
            textField = try o[Self.textField]
            maxDocumentBytes = try o[Self.maxDocumentBytes]
        }

        public func validate() throws {
            try InputOptionKeys.validate(inputs)
            if let textField, textField.isEmpty { throw ConfigurationError(option: "text_field", "must not be empty") }
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
        let detector = ContentTypeDetector()
        var skipped: [String: Int] = [:]
        var index = 0
        let configuration = self.configuration, context = self.context
        try await inputs.forEach(into: output) { input, batcher in
            defer { input.reportProgress() }
            let origin = RecordOrigin(stage: context.name, location: input.location, index: index)
            index += 1
            let bytes: [UInt8]
            do {
                guard let read = try Self.readAll(input.stream, limit: configuration.maxDocumentBytes) else {
                    try await output.reject(DeadLetter(
                        origin: origin, error: "\(input.location): the document is larger than max_document_bytes (\(configuration.maxDocumentBytes) bytes\(input.size.map { "; it has \($0)" } ?? "")); skipped",
                        code: .limitExceeded))
                    return
                }
                bytes = read
            } catch let error as GleanError {
                try await output.reject(DeadLetter(origin: origin, error: "\(input.location): \(error.message)", code: error.code))
                return
            }
            let detected = detector.contentType(of: Array(bytes.prefix(64 << 10)))
            let format = DocumentFormat.of(contentType: detected, name: input.location)
            let contentType = format.containerType ?? detected
            guard format != .unsupported else {
                skipped[contentType, default: 0] += 1
                context.logger.debug("\(input.location): \(contentType) is not read; skipped")
                return
            }
            switch Self.record(bytes, input: input, contentType: contentType, format: format, origin: origin, configuration: configuration) {
            case .success(let record): try await batcher.append(record)
            case .failure(let rejected): try await output.reject(rejected.letter)
            }
        }
        if !skipped.isEmpty {
            let list = skipped.sorted { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            context.logger.notice("skipped \(skipped.values.reduce(0, +)) document(s) of types not read: \(list.joined(separator: ", "))")
        }
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

    /// The record of one document, or why there is none.
    static func record(
        _ bytes: [UInt8], input: Input, contentType: String, format: DocumentFormat, origin: RecordOrigin, configuration: Configuration
    ) -> Result<Record, DeadLetterError> {
        var read: DocumentContent
        let encoding: DocumentEncoding
        if format.isContainer {
            encoding = DocumentEncoding(name: "utf-8", source: .declared)  // XML inside, UTF-8 by the formats' rules
            do {
                read = try OfficeText.read(bytes, format: format, maximumBytes: max(configuration.maxDocumentBytes, 1 << 20) * 8)
            } catch {
                return .failure(DeadLetterError(letter: DeadLetter(origin: origin, error: "\(input.location): \(error.message)", code: .malformedInput)))
            }
        } else {
            let decoded: String
            (decoded, encoding) = DocumentEncoding.decode(bytes, declared: input.charset, format: format)
            switch DocumentContent.read(decoded, format: format, mainText: configuration.mainText, textField: configuration.textField) {
            case .success(let content): read = content
            case .failure(let problem):
                return .failure(DeadLetterError(letter: DeadLetter(origin: origin, error: problem.described(at: input.location), raw: String(decoded.prefix(2048)), code: .malformedInput)))
            }
        }
        var fields = Fields()
        fields["path"] = .string(input.location)
        fields["name"] = .string(Self.name(of: input.location))
        fields["size"] = .int(Int64(bytes.count))
        fields["modified"] = input.modificationTime.map { .timestamp(Date(timeIntervalSince1970: TimeInterval($0))) } ?? .null
        fields["content_type"] = .string(contentType)
        fields["encoding"] = .string(encoding.name)
        fields["encoding_source"] = .string(encoding.source.rawValue)
        fields["language"] = .string(read.language.flatMap(Self.primaryLanguage) ?? DocumentLanguage.detect(read.text))
        fields["title"] = read.title.map(Value.string) ?? .null
        fields["author"] = read.author.map(Value.string) ?? .null
        fields["published"] = read.published.map { text in ISO8601.parse(text).map(Value.timestamp) ?? .string(text) } ?? .null
        fields["text"] = .string(read.text)
        fields["sha256"] = .string(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        for field in read.extra.fields where fields[field.name] == nil { fields[field.name] = field.value }
        return .success(Record(fields: fields, origin: origin))
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
