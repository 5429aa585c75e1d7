import Crypto
import Foundation
import GleanCore
import GleanHTML
import GleanText
import GleanInputs

/// The work done on one document once its bytes are read — content type, format, encoding, the
/// format's reader, language, hash — on any thread: ``OrderedDocuments`` runs several at once.
struct DocumentWork: Sendable {
    let configuration: DocumentsSource.Configuration
    let detectors: ContentTypeDetectors

    /// A document read from its input, with what the input layer knew about it.
    struct Document: Sendable {
        let bytes: [UInt8]
        let location: String
        /// The charset its HTTP response declared.
        let charset: String?
        let modificationTime: Int64?
        let origin: RecordOrigin
    }

    /// What became of a document: a record (with notes for the run summary), a dead letter, or a
    /// skip by content type.
    enum Outcome: Sendable {
        case record(Record, notes: [String])
        case rejected(DeadLetter, note: String?)
        case skipped(contentType: String, location: String)
    }

    func process(_ document: Document) async -> Outcome {
        let detected = detectors.contentType(of: Array(document.bytes.prefix(64 << 10)))
        let format = DocumentFormat.of(contentType: detected, name: document.location)
        let contentType = format.containerType ?? detected
        if detected == "application/encrypted" {
            // What libmagic calls an encrypted Office document (a compound file holding the
            // encrypted package, not a zip).
            return rejected("the document is encrypted (password-protected); skipped", .encryptedEntry, note: "skipped: password-protected")
        }
        if format == .unsupported { return .skipped(contentType: contentType, location: document.location) }
        func rejected(_ message: String, _ code: GleanError.Code = .malformedInput, raw: String? = nil, note: String? = nil) -> Outcome {
            .rejected(DeadLetter(origin: document.origin, error: "\(document.location): \(message)", raw: raw, code: code), note: note)
        }
        var content: DocumentContent
        var encoding = DocumentEncoding(name: "utf-8", source: .declared)  // containers and PDF text: UTF-8 by their rules
        var notes: [String] = []
        switch format {
        case .pdf:
            do { content = try await PDFText.read(document.bytes) } catch {
                return rejected(error.message, error.passwordProtected ? .encryptedEntry : .malformedInput,
                                note: error.passwordProtected ? "skipped: password-protected" : nil)
            }
            if content.text.isEmpty { notes.append("warning: PDF without a text layer (empty text)") }
        case .docx, .odt, .epub:
            do {
                content = try OfficeText.read(document.bytes, format: format, maximumBytes: max(configuration.maxDocumentBytes, 1 << 20) * 8)
            } catch {
                let encrypted = error.message.contains("password-protected")
                return rejected(error.message, encrypted ? .encryptedEntry : .malformedInput, note: encrypted ? "skipped: password-protected" : nil)
            }
        default:
            let decoded: String
            (decoded, encoding) = DocumentEncoding.decode(document.bytes, declared: document.charset, format: format)
            switch DocumentContent.read(decoded, format: format, mainText: configuration.mainText, textField: configuration.textField, links: configuration.links) {
            case .success(let read): content = read
            case .failure(let problem):
                return .rejected(DeadLetter(origin: document.origin, error: problem.described(at: document.location), raw: String(decoded.prefix(2048)), code: .malformedInput), note: nil)
            }
        }
        return .record(record(document, content: content, contentType: contentType, encoding: encoding), notes: notes)
    }

    func record(_ document: Document, content: DocumentContent, contentType: String, encoding: DocumentEncoding) -> Record {
        var fields = Fields()
        fields["path"] = .string(document.location)
        fields["name"] = .string(DocumentsSource.name(of: document.location))
        fields["size"] = .int(Int64(document.bytes.count))
        fields["modified"] = document.modificationTime.map { .timestamp(Date(timeIntervalSince1970: TimeInterval($0))) } ?? .null
        fields["content_type"] = .string(contentType)
        fields["encoding"] = .string(encoding.name)
        fields["encoding_source"] = .string(encoding.source.rawValue)
        fields["language"] = .string(content.language.flatMap(DocumentsSource.primaryLanguage) ?? TextLanguage.detect(content.text))
        fields["title"] = content.title.map(Value.string) ?? .null
        fields["author"] = content.author.map(Value.string) ?? .null
        fields["published"] = content.published.map { text in ISO8601.parse(text).map(Value.timestamp) ?? .string(text) } ?? .null
        fields["text"] = .string(content.text)
        if configuration.links { fields["links"] = .array(content.links.map(Value.string)) }
        fields["sha256"] = .string(Self.hex(SHA256.hash(data: document.bytes)))
        for field in content.extra.fields where fields[field.name] == nil { fields[field.name] = field.value }
        return Record(fields: fields, origin: document.origin)
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
