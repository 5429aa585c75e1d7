import CLibXML2
import Foundation

/// Turns HTML into readable text with libxml2's forgiving HTML parser.
///
/// Block elements (p, div, li, h1–h6, tr, blockquote, pre…) become paragraph breaks, `<br>` a line
/// break; whitespace runs (no-break spaces included) collapse to one space; `script`, `style`, `noscript`, `template`, `nav`,
/// `header`, `footer`, `aside`, `form`, `iframe` and `svg` are dropped with their contents.
/// Entities (`&nbsp;`, `&#8217;`) become characters. Parsing is offline (`HTML_PARSE_NONET`),
/// iterative (no recursion, so no stack overflow on deep markup) and bounded by `maximumBytes`.
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
        if !html.utf8.contains(UInt8(ascii: "<")), !html.utf8.contains(UInt8(ascii: "&")) {
            var builder = TextBuilder()
            builder.append(html)
            return builder.result
        }
        _ = LibXML2.initialized
        var bytes = Array(html.utf8.prefix(maximumBytes))
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return "" }
        defer { xmlFreeDoc(document) }
        var builder = TextBuilder()
        // Iterative pre-order walk: (node, entering).
        var stack: [(xmlNodePtr, Bool)] = []
        var child = document.pointee.children
        var roots: [xmlNodePtr] = []
        while let node = child {
            roots.append(node)
            child = node.pointee.next
        }
        for root in roots.reversed() { stack.append((root, true)) }
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
                var children: [xmlNodePtr] = []
                var next = node.pointee.children
                while let c = next {
                    children.append(c)
                    next = c.pointee.next
                }
                for c in children.reversed() { stack.append((c, true)) }
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
struct TextBuilder {
    private(set) var text = ""
    private var pendingSpace = false
    private var pendingBreaks = 0

    mutating func append(_ fragment: String) {
        for scalar in fragment.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if !text.isEmpty {
                if pendingBreaks > 0 {
                    text += pendingBreaks >= 2 ? "\n\n" : "\n"
                } else if pendingSpace {
                    text += " "
                }
            }
            pendingBreaks = 0
            pendingSpace = false
            text.unicodeScalars.append(scalar)
        }
    }

    mutating func paragraph() { pendingBreaks = 2 }
    mutating func lineBreak() { pendingBreaks = max(pendingBreaks, 1) }

    var result: String { text }
}
