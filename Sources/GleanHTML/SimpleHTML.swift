import CLibXML2

/// A fast path for the HTML most feeds carry: paragraphs, line breaks, inline formatting, links
/// and lists, with named and numeric entities. It produces the same text as the libxml2 path
/// (``HTMLText``) and declines — returning nil — anything else: comments, CDATA, processing
/// instructions, `<script>`/`<style>` and the other dropped elements, a `<` that does not open a
/// well-formed tag, or a tag outside its small list. Measured on the RSS benchmark, building a
/// libxml2 document per item was the largest single cost of reading a feed.
package enum SimpleHTML {
    static let inline: Set<String> = ["a", "b", "i", "em", "strong", "span", "u", "s", "small", "sub", "sup", "code", "abbr", "cite", "q", "font", "mark", "time", "img", "wbr"]

    package static func text(_ html: String) -> String? {
        var html = html
        return html.withUTF8 { utf8 -> String? in
            guard utf8.count <= HTMLText.maximumBytes else { return nil }
            var builder = TextBuilder()
            var i = 0
            let count = utf8.count
            while i < count {
                let byte = utf8[i]
                if byte == UInt8(ascii: "<") {
                    // A tag: <name ...>, </name>, <name/>.
                    var j = i + 1
                    let closing = j < count && utf8[j] == UInt8(ascii: "/")
                    if closing { j += 1 }
                    let nameStart = j
                    while j < count, (utf8[j] | 0x20 >= 0x61 && utf8[j] | 0x20 <= 0x7A) || (utf8[j] >= 0x30 && utf8[j] <= 0x39) { j += 1 }
                    guard j > nameStart else { return nil }
                    let name = Self.lowercasedName(UnsafeBufferPointer(rebasing: utf8[nameStart..<j]))
                    // Attributes: skip to '>' but decline quotes containing '>' ambiguity.
                    var quote: UInt8 = 0
                    while j < count {
                        let c = utf8[j]
                        if quote != 0 {
                            if c == quote { quote = 0 }
                        } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                            quote = c
                        } else if c == UInt8(ascii: ">") {
                            break
                        } else if c == UInt8(ascii: "<") {
                            return nil
                        }
                        j += 1
                    }
                    guard j < count else { return nil }
                    if name == "br" {
                        builder.lineBreak()
                    } else if HTMLText.blocks.contains(name) {
                        builder.paragraph()
                    } else if !inline.contains(name) {
                        return nil
                    }
                    i = j + 1
                } else if byte == UInt8(ascii: "&") {
                    var j = i + 1
                    while j < count, j - i < 34, utf8[j] != UInt8(ascii: ";"), utf8[j] != UInt8(ascii: "&"), utf8[j] != UInt8(ascii: "<"), utf8[j] > 0x20 { j += 1 }
                    guard j < count, utf8[j] == UInt8(ascii: ";"), j > i + 1 else { return nil }
                    let body = UnsafeBufferPointer(rebasing: utf8[(i + 1)..<j])
                    var scalar: Unicode.Scalar?
                    if body[0] == UInt8(ascii: "#") {
                        let hex = body.count > 1 && body[1] | 0x20 == UInt8(ascii: "x")
                        let digits = String(decoding: body.dropFirst(hex ? 2 : 1), as: UTF8.self)
                        scalar = UInt32(digits, radix: hex ? 16 : 10).flatMap(Unicode.Scalar.init)
                    } else if let entity = htmlEntityLookup(String(decoding: body, as: UTF8.self)) {
                        scalar = Unicode.Scalar(entity.pointee.value)
                    }
                    guard let scalar else { return nil }
                    var character = String(Character(scalar))
                    character.withUTF8 { builder.append(utf8: $0) }
                    i = j + 1
                } else {
                    // Characters HTML forbids (C0 controls, DEL, U+FFFE/U+FFFF) are dropped by
                    // libxml2 with an error: leave those inputs to it.
                    var j = i
                    while j < count, utf8[j] != UInt8(ascii: "<"), utf8[j] != UInt8(ascii: "&") {
                        let c = utf8[j]
                        if (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) || c == 0x7F { return nil }
                        if c == 0xEF, j + 2 < count, utf8[j + 1] == 0xBF, utf8[j + 2] >= 0xBE { return nil }
                        j += 1
                    }
                    builder.append(utf8: UnsafeBufferPointer(rebasing: utf8[i..<j]))
                    i = j
                }
            }
            return builder.result
        }
    }

    /// A tag name (ASCII letters and digits) in lower case; names up to 15 bytes are small
    /// strings, so this does not allocate.
    private static func lowercasedName(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if !bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.map { $0 | 0x20 }, as: UTF8.self)
    }
}
