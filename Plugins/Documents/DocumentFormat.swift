import CLibMagic
import Foundation
import Synchronization

/// What a document is, from its content (libmagic) with its name as a hint where content alone
/// cannot tell (Markdown and plain text, JSON and text).
package enum DocumentFormat: String, Sendable, CaseIterable {
    case text, markdown, html, xml, json
    /// Zips of XML: Word, OpenDocument text, EPUB.
    case docx, odt, epub
    /// PDF, through ``PDFText``.
    case pdf
    /// Formats the source does not read (images, executables, audio, unknown binary): skipped and
    /// counted by content type.
    case unsupported

    /// Whether the document is a zip container read by ``OfficeText`` rather than text.
    var isContainer: Bool { self == .docx || self == .odt || self == .epub }

    /// The content type a container is reported as (libmagic may see only a zip).
    var containerType: String? {
        switch self {
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .epub: "application/epub+zip"
        default: nil
        }
    }

    /// The format of a document named `name` whose content libmagic calls `contentType`.
    static func of(contentType: String, name: String) -> DocumentFormat {
        let lower = name.lowercased()
        let ext = (lower as NSString).pathExtension
        switch contentType {
        case "text/html", "application/xhtml+xml": return .html
        case "text/xml", "application/xml": return ["html", "htm", "xhtml"].contains(ext) ? .html : .xml
        case "application/json": return .json
        case "application/pdf": return .pdf
        case "text/markdown": return .markdown
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": return .docx
        case "application/vnd.oasis.opendocument.text": return .odt
        case "application/epub+zip": return .epub
        case "application/zip", "application/octet-stream":
            // Some writers' zips carry no marker libmagic knows: the name decides.
            switch ext {
            case "docx": return .docx
            case "odt": return .odt
            case "epub": return .epub
            default: break
            }
        default: break
        }
        if contentType.hasPrefix("text/") || contentType == "application/x-empty" || contentType == "inode/x-empty" {
            switch ext {
            case "md", "markdown", "mdown": return .markdown
            case "html", "htm", "xhtml": return .html
            case "xml": return .xml
            case "json": return .json
            default: return .text
            }
        }
        return .unsupported
    }
}

/// libmagic's content type (`text/html`, `application/pdf`…) of a document's first bytes.
/// A `magic_t` is not thread-safe: each detector is used by one task at a time, lent by
/// ``ContentTypeDetectors`` (hence `@unchecked Sendable`).
final class ContentTypeDetector: @unchecked Sendable {
    private let cookie: magic_t?

    init() {
        // MAGIC_MIME_TYPE: the type alone; MAGIC_NO_CHECK_COMPRESS: a compressed document was
        // already decompressed by the input layer; the bytes are never written anywhere.
        cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR)
        if let cookie, magic_load(cookie, nil) != 0 {
            magic_close(cookie)
            cookieFailed = true
        }
    }
    private var cookieFailed = false

    deinit {
        if let cookie, !cookieFailed { magic_close(cookie) }
    }

    /// The content type of `head` (at most its first 64 KiB are looked at); `application/octet-stream`
    /// when libmagic cannot say.
    func contentType(of head: [UInt8]) -> String {
        guard let cookie, !cookieFailed else { return Self.fallback(head) }
        let type = head.withUnsafeBytes { bytes in
            magic_buffer(cookie, bytes.baseAddress, min(bytes.count, 64 << 10)).map { String(cString: $0) }
        }
        return type ?? Self.fallback(head)
    }

    /// Without a magic database: text when the bytes hold no NUL, else binary.
    static func fallback(_ head: [UInt8]) -> String {
        head.prefix(8192).contains(0) ? "application/octet-stream" : "text/plain"
    }
}

/// libmagic detectors for the workers of the documents source: each lent to one task at a time
/// and given back, as opening one loads libmagic's whole database (milliseconds).
final class ContentTypeDetectors: Sendable {
    private let idle = Mutex<[ContentTypeDetector]>([])

    /// The content type of `head`: ``ContentSignature`` when it knows the bytes, else libmagic,
    /// by a detector no other task is using.
    func contentType(of head: [UInt8]) -> String {
        if let known = ContentSignature.contentType(of: head) { return known }
        let detector = idle.withLock { $0.popLast() } ?? ContentTypeDetector()
        defer { idle.withLock { $0.append(detector) } }
        return detector.contentType(of: head)
    }
}

/// The content types of the commonest documents told from their first bytes, before libmagic.
///
/// Written by hand because the benchmark proved it must be: on 50,000 HTML articles libmagic took
/// 43% of the run (about 300 µs a document, in its text and markup tests), more than main-text
/// extraction. Only unambiguous signatures are here, each what libmagic itself answers for them;
/// everything else — text, XML, JSON, zips (Word, OpenDocument, EPUB) — still goes to libmagic.
package enum ContentSignature {
    package static func contentType(of head: [UInt8]) -> String? {
        if head.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        return isHTML(head) ? "text/html" : nil
    }

    /// A byte order mark or not, then white space, then `<!DOCTYPE html` or `<html` (any case) —
    /// and no NUL in the first 8 KiB, so a binary that starts like a page stays libmagic's to
    /// judge.
    static func isHTML(_ head: [UInt8]) -> Bool {
        var index = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < head.count, head[index] == 0x20 || head[index] == 0x09 || head[index] == 0x0A || head[index] == 0x0D { index += 1 }
        func starts(with text: String) -> Bool {
            let bytes = Array(text.utf8)
            guard head.count - index >= bytes.count else { return false }
            for (offset, byte) in bytes.enumerated() where head[index + offset] | 0x20 != byte { return false }
            return true
        }
        guard starts(with: "<!doctype html") || starts(with: "<html") else { return false }
        return !head.prefix(8192).contains(0)
    }
}
