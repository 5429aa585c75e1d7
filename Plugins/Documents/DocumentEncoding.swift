import Foundation
import GleanEncoding

/// A document's character encoding and its text in UTF-8.
///
/// In order: a byte order mark (UTF-8, UTF-16 LE/BE); a declaration (the HTTP charset, an HTML
/// `<meta charset>` or `http-equiv` in the first 1,024 bytes, an XML declaration) — unless the
/// bytes hold non-ASCII that is valid UTF-8, which wins over a declaration; then detection
/// (``CharsetDetection``: valid UTF-8, uchardet, GBK pairs, Windows-1252). A declaration whose
/// decoding fails (a lying charset) falls through to detection. Bytes that still do not decode
/// are replaced (U+FFFD), never dropped silently: the record says the encoding was `…+replaced`.
package struct DocumentEncoding: Sendable, Equatable {
    package var name: String
    /// How it was found.
    package var source: Source

    /// How an encoding was found: a byte order mark, a declaration (HTTP header, meta, XML
    /// declaration, or the format's own rule, as UTF-8 inside Word files), or detection.
    package enum Source: String, Sendable {
        case bom, declared, detected
    }

    package static func decode(_ bytes: [UInt8], declared: String?, format: DocumentFormat) -> (text: String, encoding: DocumentEncoding) {
        if let mark = Charset.byteOrderMark(bytes), let text = Iconv.decode(bytes.dropFirst(mark.length), from: mark.charset) {
            return (text, DocumentEncoding(name: mark.charset.name, source: .bom))
        }
        let declaration = declared ?? (format == .html ? htmlCharset(bytes) : format == .xml ? xmlEncoding(bytes) : nil)
        if let declaration {
            let charset = Charset(declaration)
            // Non-ASCII that is valid UTF-8 is UTF-8, whatever the declaration says: legacy text is
            // almost never valid UTF-8 by chance, and pages declaring the wrong charset are common.
            if !charset.isUTF8, bytes.contains(where: { $0 >= 0x80 }), let text = String(validating: bytes, as: UTF8.self) {
                return (text, DocumentEncoding(name: "utf-8", source: .detected))
            }
            if let text = Iconv.decode(bytes, from: charset) { return (text, DocumentEncoding(name: charset.name, source: .declared)) }
        }
        let detected = CharsetDetection.detect(bytes).charset
        if let text = Iconv.decode(bytes, from: detected) { return (text, DocumentEncoding(name: detected.name, source: .detected)) }
        return (String(decoding: bytes, as: UTF8.self), DocumentEncoding(name: "utf-8+replaced", source: .detected))
    }

    /// The HTML `charset` in the first 1,024 bytes (`<meta charset="…">` or `content="…; charset=…"`),
    /// found on the bytes (this runs for every page).
    static func htmlCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(1024)
        let key = Array("charset=".utf8)
        guard head.count >= key.count else { return nil }
        var index = head.startIndex
        while index <= head.endIndex - key.count {
            var matches = true
            for offset in 0..<key.count where head[index + offset] | (key[offset] == 0x3D ? 0 : 0x20) != key[offset] {
                matches = false
                break
            }
            if matches {
                var start = index + key.count
                while start < head.endIndex, head[start] == 0x22 || head[start] == 0x27 || head[start] == 0x20 { start += 1 }
                var end = start
                while end < head.endIndex, head[end] < 0x80, Character(Unicode.Scalar(head[end])).isLetter || Character(Unicode.Scalar(head[end])).isNumber || head[end] == 0x2D || head[end] == 0x5F {
                    end += 1
                }
                return end > start ? String(decoding: head[start..<end], as: UTF8.self).lowercased() : nil
            }
            index += 1
        }
        return nil
    }

    /// The `encoding` of an XML declaration.
    static func xmlEncoding(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(200), as: UTF8.self)
        guard head.hasPrefix("<?xml"), let end = head.range(of: "?>"), let range = head.range(of: "encoding=") else { return nil }
        guard range.upperBound < end.lowerBound else { return nil }
        let rest = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }
}
