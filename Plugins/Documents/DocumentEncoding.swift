import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A document's character encoding and its text in UTF-8.
///
/// In order: a byte order mark (UTF-8, UTF-16 LE/BE); a declaration (the HTTP charset, an HTML
/// `<meta charset>` or `http-equiv` in the first 1,024 bytes, an XML declaration) — unless the
/// bytes hold non-ASCII that is valid UTF-8, which wins over a declaration; valid UTF-8;
/// else GB18030 when every byte over 0x7F pairs like GBK's Chinese characters; else Windows-1252.
/// A declaration whose decoding fails (a lying charset) falls through to detection. Decoding goes
/// through glibc's iconv; bytes that still do not decode are replaced (U+FFFD), never dropped
/// silently: the record says the encoding was `…+replaced`.
package struct DocumentEncoding: Sendable, Equatable {
    package var name: String
    /// Whether it was found by detection rather than a byte order mark or a declaration.
    package var detected: Bool

    package static func decode(_ bytes: [UInt8], declared: String?, format: DocumentFormat) -> (text: String, encoding: DocumentEncoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (String(decoding: bytes.dropFirst(3), as: UTF8.self), DocumentEncoding(name: "utf-8", detected: false))
        }
        if bytes.starts(with: [0xFF, 0xFE]), let text = iconv(Array(bytes.dropFirst(2)), from: "UTF-16LE") {
            return (text, DocumentEncoding(name: "utf-16le", detected: false))
        }
        if bytes.starts(with: [0xFE, 0xFF]), let text = iconv(Array(bytes.dropFirst(2)), from: "UTF-16BE") {
            return (text, DocumentEncoding(name: "utf-16be", detected: false))
        }
        let declaration = declared ?? (format == .html ? htmlCharset(bytes) : format == .xml ? xmlEncoding(bytes) : nil)
        if let declaration {
            let name = normalized(declaration)
            // Non-ASCII that is valid UTF-8 is UTF-8, whatever the declaration says: legacy text is
            // almost never valid UTF-8 by chance, and pages declaring the wrong charset are common.
            if name != "utf-8", bytes.contains(where: { $0 >= 0x80 }), let text = String(validating: bytes, as: UTF8.self) {
                return (text, DocumentEncoding(name: "utf-8", detected: true))
            }
            if name == "utf-8", let text = String(validating: bytes, as: UTF8.self) { return (text, DocumentEncoding(name: name, detected: false)) }
            if name != "utf-8", let text = iconv(bytes, from: name) { return (text, DocumentEncoding(name: name, detected: false)) }
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, DocumentEncoding(name: "utf-8", detected: true)) }
        if looksLikeGBK(bytes), let text = iconv(bytes, from: "GB18030") { return (text, DocumentEncoding(name: "gb18030", detected: true)) }
        if let text = iconv(bytes, from: "WINDOWS-1252") { return (text, DocumentEncoding(name: "windows-1252", detected: true)) }
        return (String(decoding: bytes, as: UTF8.self), DocumentEncoding(name: "utf-8+replaced", detected: true))
    }

    /// Common spellings mapped to iconv's names (`gb2312` and `gbk` read as their superset).
    static func normalized(_ name: String) -> String {
        let lower = name.lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'")))
        switch lower {
        case "utf8", "utf-8": return "utf-8"
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936": return "gb18030"
        case "latin1", "latin-1", "iso-8859-1", "us-ascii", "ascii": return "windows-1252"  // as browsers do
        case "shift_jis", "sjis", "x-sjis", "shift-jis": return "shift_jis"
        default: return lower
        }
    }

    /// The HTML `charset` in the first 1,024 bytes (`<meta charset="…">` or `content="…; charset=…"`).
    static func htmlCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        guard let range = head.range(of: "charset=") else { return nil }
        let rest = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return name.isEmpty ? nil : String(name)
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

    /// Every byte over 0x7F in a pair 0x81–0xFE, 0x40–0xFE, and at least one pair.
    static func looksLikeGBK(_ bytes: [UInt8]) -> Bool {
        var index = 0, pairs = 0
        while index < bytes.count {
            if bytes[index] < 0x80 { index += 1; continue }
            guard index + 1 < bytes.count, (0x81...0xFE).contains(bytes[index]), (0x40...0xFE).contains(bytes[index + 1]), bytes[index + 1] != 0x7F else {
                return false
            }
            index += 2
            pairs += 1
        }
        return pairs > 0
    }

    /// `text` encoded in `charset` (for tests and fixtures), or nil when iconv cannot.
    static func iconvEncode(_ text: String, to charset: String) -> [UInt8]? {
        convert(Array(text.utf8), from: "UTF-8", to: charset)
    }

    /// `bytes` decoded from `charset` by iconv, or nil when iconv does not know the charset or the
    /// bytes are not valid in it.
    static func iconv(_ bytes: [UInt8], from charset: String) -> String? {
        convert(bytes, from: charset, to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
    }

    /// `bytes` converted from `charset` to `target` by iconv, or nil when iconv does not know a
    /// charset or the bytes are not valid in it.
    static func convert(_ bytes: [UInt8], from charset: String, to target: String) -> [UInt8]? {
        let converter = iconv_open(target, charset)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let ok = input.withUnsafeMutableBufferPointer { inBuffer -> Int? in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int? in
                var inPointer = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outPointer = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let result = Glibc.iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                guard result != -1, inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let written = ok else { return nil }
        return Array(output[0..<written])
    }
}
