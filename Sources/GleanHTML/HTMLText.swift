import CLibXML2
import Foundation

/// Turns HTML into readable text with libxml2's forgiving HTML parser.
///
/// Block elements (p, div, li, h1–h6, tr, blockquote, pre…) become paragraph breaks, `<br>` a line
/// break; whitespace runs (no-break spaces included) collapse to one space; `script`, `style`, `noscript`, `template`, `nav`,
/// `header`, `footer`, `aside`, `form`, `iframe` and `svg` are dropped with their contents.
/// Entities (`&nbsp;`, `&#8217;`) become characters. Parsing is offline (`HTML_PARSE_NONET`),
/// iterative (no recursion, so no stack overflow on deep markup) and bounded by `maximumBytes`;
/// libxml2's complaints about the markup are discarded, never written to standard error.
public enum HTMLText {
    /// Longest input converted; longer input is cut first.
    public static let maximumBytes = 16 << 20

    static let dropped: Set<String> = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg", "head", "object", "button", "select"]
    static let blocks: Set<String> = [
        "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "table", "tr", "thead", "tbody", "figure", "figcaption", "hr", "address", "details", "summary",
    ]

    /// The text of an HTML fragment or document.
    public static func text(fromHTML html: String) -> String {
        // Fast path: no markup and no entities.
        if !html.containsByte(UInt8(ascii: "<")), !html.containsByte(UInt8(ascii: "&")) {
            var builder = TextBuilder()
            builder.append(html)
            return builder.result
        }
        if let simple = SimpleHTML.text(html) { return simple }
        return libxml2Text(html)
    }

    /// The text through libxml2's HTML parser, always (``text(fromHTML:)`` tries a fast path first).
    package static func libxml2Text(_ html: String) -> String {
        LibXML2.routeMessagesHere()
        var bytes = Array(html.utf8.prefix(maximumBytes))
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                // Recovering broken markup is the point: its complaints are discarded, never printed.
                glean_html_read_memory_quietly($0, Int32(buffer.count), "UTF-8", options)
            }
        }
        guard let document else { return "" }
        defer { xmlFreeDoc(document) }
        var builder = TextBuilder()
        // Iterative pre-order walk: (node, entering).
        var stack: [(xmlNodePtr, Bool)] = LibXML2.siblings(from: document.pointee.children).reversed().map { ($0, true) }
        while let (node, entering) = stack.popLast() {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let name = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                if !entering {
                    if blocks.contains(name) { builder.paragraph() }
                    continue
                }
                if dropped.contains(name) { continue }
                if name == "br" {
                    builder.lineBreak()
                    continue
                }
                if blocks.contains(name) { builder.paragraph() }
                stack.append((node, false))
                for c in LibXML2.siblings(from: node.pointee.children).reversed() { stack.append((c, true)) }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { builder.append(String(cString: content)) }
            default:
                break
            }
        }
        return builder.result
    }
}

/// Accumulates text with collapsed whitespace and at most one blank line between paragraphs.
///
/// Works on UTF-8 bytes (this is the hot path of feed reading): ASCII whitespace is recognised per
/// byte, and the few non-ASCII spaces (U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
/// U+205F, U+3000) by their encodings.
package struct TextBuilder {
    private var bytes: [UInt8] = []
    private var pendingSpace = false
    private var pendingBreaks = 0

    package init() {}

    package mutating func append(_ fragment: String) {
        var fragment = fragment
        fragment.withUTF8 { append(utf8: $0) }
    }

    /// Appends UTF-8 text; a character must not be split between two calls.
    package mutating func append(utf8: UnsafeBufferPointer<UInt8>) {
        var i = 0
        let count = utf8.count
        while i < count {
            let byte = utf8[i]
            var spaceLength = 0
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                spaceLength = 1
            } else if byte >= 0x80 {
                spaceLength = Self.unicodeSpaceLength(utf8, i)
            }
            if spaceLength > 0 {
                pendingSpace = true
                i += spaceLength
                continue
            }
            if !bytes.isEmpty {
                if pendingBreaks > 0 {
                    bytes.append(0x0A)
                    if pendingBreaks >= 2 { bytes.append(0x0A) }
                } else if pendingSpace {
                    bytes.append(0x20)
                }
            }
            pendingBreaks = 0
            pendingSpace = false
            // Copy the run up to the next possible whitespace byte.
            var j = i + 1
            while j < count, utf8[j] > 0x20, utf8[j] < 0x80 || (utf8[j] & 0xC0) == 0x80 { j += 1 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[i..<j]))
            i = j
        }
    }

    /// The length of the non-ASCII Unicode space character starting at `i`, or 0.
    package static func unicodeSpaceLength(_ utf8: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let count = utf8.count
        if utf8[i] == 0xC2, i + 1 < count, utf8[i + 1] == 0xA0 || utf8[i + 1] == 0x85 { return 2 }  // U+00A0, U+0085
        guard i + 2 < count else { return 0 }
        let (a, b, c) = (utf8[i], utf8[i + 1], utf8[i + 2])
        if a == 0xE1, b == 0x9A, c == 0x80 { return 3 }  // U+1680
        if a == 0xE2, b == 0x80, (0x80...0x8A).contains(c) || c == 0xA8 || c == 0xA9 || c == 0xAF { return 3 }  // U+2000–200A, 2028, 2029, 202F
        if a == 0xE2, b == 0x81, c == 0x9F { return 3 }  // U+205F
        if a == 0xE3, b == 0x80, c == 0x80 { return 3 }  // U+3000
        return 0
    }

    package mutating func paragraph() { pendingBreaks = 2 }
    package mutating func lineBreak() { pendingBreaks = max(pendingBreaks, 1) }

    package var result: String { String(decoding: bytes, as: UTF8.self) }
}
