import CLibXML2
import Foundation

/// Main-text extraction: the body of an article page without its navigation, headers, footers,
/// ads, comment sections and link lists, paragraph breaks kept.
///
/// The method is the content-scoring one of readability and its descendants, written here from
/// their description: the page is parsed by libxml2's HTML parser (offline, bounded, iterative) into
/// a small tree; boilerplate is dropped by tag (`nav`, `aside`, `footer`, forms controls, scripts),
/// by being hidden, and by class/id signals (`comment`, `sidebar`, `share`, `related`…, unless the
/// same names also say `article`, `content`, `post`…). Every paragraph-like block with enough
/// text scores 1 + its commas (`,` `，` `、`) + a point per 100 characters (at most 3), and hands
/// the score to its parent, half to its grandparent and a third to the one above; containers start
/// from a score by tag and signals. The best container after discounting its link density is the
/// article; its siblings join when they score near it or are plain paragraphs. In the chosen
/// subtree, link-dense or list-heavy blocks with few commas (related links, tag clouds, share bars),
/// captions and the page's `h1` are left out. A page with no such block falls back to all its text
/// (``HTMLText``).
public enum MainText {
    /// The main text of an HTML document (empty for a page without text).
    public static func text(fromHTML html: String) -> String {
        var metadata = HTMLMetadata()
        return text(fromHTML: html, metadata: &metadata)
    }

    /// The main text (or, with `mainText: false`, all the text) and the metadata of an HTML
    /// document, from one parse; with `links`, the page's links too (``HTMLMetadata/links``).
    public static func page(fromHTML html: String, mainText: Bool = true, links: Bool = false) -> (text: String, metadata: HTMLMetadata) {
        var metadata = HTMLMetadata()
        metadata.collectsLinks = links
        let text = mainText ? text(fromHTML: html, metadata: &metadata) : HTMLText.text(fromHTML: html)
        if !mainText { _ = PageTree.parse(html, metadata: &metadata) }
        return (text, metadata)
    }

    static func text(fromHTML html: String, metadata: inout HTMLMetadata) -> String {
        guard let root = PageTree.parse(html, metadata: &metadata) else { return "" }
        root.measure()
        PageTree.prune(root)
        root.measure()
        guard let article = MainTextScoring.article(in: root) else { return HTMLText.text(fromHTML: html) }
        var builder = TextBuilder()
        for node in article { MainTextRendering.render(node, into: &builder) }
        let text = builder.result
        return text.isEmpty ? HTMLText.text(fromHTML: html) : text
    }
}

/// One node of a parsed page: an element (lowercased tag, class and id) or a text node.
final class PageNode {
    let tag: String
    let text: String
    /// Class and id, lowercased, space-separated.
    let signals: String
    var children: [PageNode] = []
    weak var parent: PageNode?
    /// What its class and id say (see ``MainTextSignals``).
    var boilerplate = MainTextSignals.Boilerplate.none
    /// Non-space characters of the text inside, inside links, and commas.
    var textLength = 0
    var linkLength = 0
    var commas = 0
    /// Paragraph-like descendants and list items (for the clean-up of the chosen subtree).
    var paragraphs = 0
    var listItems = 0
    var score = 0.0
    var isCandidate = false
    /// On the way to a strong block of the article: never left out when rendering.
    var holdsArticleText = false

    init(tag: String, text: String = "", signals: String = "") {
        self.tag = tag
        self.text = text
        self.signals = signals
    }

    var isText: Bool { tag == "#text" }
    var linkDensity: Double { textLength == 0 ? 0 : Double(linkLength) / Double(textLength) }

    /// Characters that are not spaces, and commas (`,` `，` `、`), over the UTF-8 bytes: Unicode's
    /// character properties cost a third of the extraction when asked per character.
    static func countText(_ text: String) -> (length: Int, commas: Int) {
        var text = text
        return text.withUTF8 { bytes in
            var length = 0, commas = 0, i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte < 0x80 {
                    if byte == UInt8(ascii: ",") { commas += 1 }
                    if byte != 0x20, !(0x09...0x0D).contains(byte) { length += 1 }
                    i += 1
                    continue
                }
                let space = TextBuilder.unicodeSpaceLength(bytes, i)
                if space > 0 {
                    i += space
                    continue
                }
                if i + 2 < bytes.count, (bytes[i], bytes[i + 1], bytes[i + 2]) == (0xEF, 0xBC, 0x8C) || (bytes[i], bytes[i + 1], bytes[i + 2]) == (0xE3, 0x80, 0x81) {
                    commas += 1
                }
                if byte & 0xC0 != 0x80 { length += 1 }
                i += 1
            }
            return (length, commas)
        }
    }

    /// Fills the measures bottom-up (iteratively: pages can nest deeply).
    func measure() {
        var order: [PageNode] = []
        var stack = [self]
        while let node = stack.popLast() {
            order.append(node)
            stack.append(contentsOf: node.children)
        }
        for node in order.reversed() {
            node.textLength = 0
            node.linkLength = 0
            node.commas = 0
            node.paragraphs = 0
            node.listItems = 0
            if node.isText {
                (node.textLength, node.commas) = Self.countText(node.text)
                continue
            }
            for child in node.children {
                node.textLength += child.textLength
                node.commas += child.commas
                node.linkLength += child.linkLength
                node.paragraphs += child.paragraphs
                node.listItems += child.listItems
            }
            if node.tag == "a" { node.linkLength = node.textLength }
            if node.tag == "p" || node.tag == "pre" { node.paragraphs += 1 }
            if node.tag == "li" { node.listItems += 1 }
        }
    }
}

/// Building the tree from libxml2's parse.
enum PageTree {
    /// Dropped with everything inside: never article text.
    static let dropped: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "svg", "canvas", "head", "object", "embed", "button",
        "select", "input", "textarea", "nav", "aside", "footer", "figcaption", "menu", "dialog",
    ]

    /// The links inside a subtree the main text drops (navigation, footers): links of the page too.
    static func collectLinks(below node: xmlNodePtr, into metadata: inout HTMLMetadata) {
        var stack = LibXML2.siblings(from: node.pointee.children)
        while let next = stack.popLast() {
            guard next.pointee.type == XML_ELEMENT_NODE else { continue }
            let tag = next.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            if tag == "a" || tag == "area", let href = nonEmpty(attribute(next, "href")) { metadata.addLink(href) }
            stack += LibXML2.siblings(from: next.pointee.children).reversed()
        }
    }

    static func parse(_ html: String, metadata: inout HTMLMetadata) -> PageNode? {
        LibXML2.routeMessagesHere()
        // Parsed from the string's own bytes (no copy when it is contiguous UTF-8, as it is).
        var html = html
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let document: htmlDocPtr? = html.withUTF8 { utf8 in
            let count = min(utf8.count, HTMLText.maximumBytes)
            guard count > 0, let base = utf8.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: count) {
                glean_html_read_memory_quietly($0, Int32(count), "UTF-8", options)
            }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        let root = PageNode(tag: "#root")
        var stack: [(xmlNodePtr, PageNode)] = LibXML2.siblings(from: document.pointee.children).reversed().map { ($0, root) }
        while let (node, parent) = stack.popLast() {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let tag = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
                if tag == "head" { metadata.read(head: node) }
                if tag == "html", metadata.language == nil { metadata.language = nonEmpty(attribute(node, "lang")) }
                if metadata.collectsLinks, tag == "a" || tag == "area", let href = nonEmpty(attribute(node, "href")) { metadata.addLink(href) }
                if tag == "time", metadata.published == nil { metadata.timeElement = metadata.timeElement ?? nonEmpty(attribute(node, "datetime")) }
                if dropped.contains(tag) || isHidden(node) {
                    if metadata.collectsLinks, tag == "nav" || tag == "aside" || tag == "footer" || tag == "menu" { collectLinks(below: node, into: &metadata) }
                    continue
                }
                let signals = (attribute(node, "class") + " " + attribute(node, "id")).lowercased()
                let element = PageNode(tag: tag, signals: signals)
                if tag != "body", tag != "html", tag != "article", tag != "main" { element.boilerplate = MainTextSignals.boilerplate(signals) }
                element.parent = parent
                parent.children.append(element)
                for c in LibXML2.siblings(from: node.pointee.children).reversed() { stack.append((c, element)) }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                guard let content = node.pointee.content else { continue }
                let text = PageNode(tag: "#text", text: String(cString: content))
                text.parent = parent
                parent.children.append(text)
            default:
                break
            }
        }
        return root
    }

    /// Removes the blocks whose names say boilerplate: always for comment sections, otherwise
    /// unless the block holds what looks like an article (three paragraphs, 500 characters, few
    /// links) — wrappers are sometimes named after the sidebar they sit beside.
    static func prune(_ root: PageNode) {
        var stack = [root]
        while let node = stack.popLast() {
            node.children.removeAll { child in
                switch child.boilerplate {
                case .none: false
                case .always: true
                case .unlessArticle: !(child.paragraphs >= 3 && child.textLength >= 500 && child.linkDensity < 0.3)
                }
            }
            stack.append(contentsOf: node.children.filter { !$0.isText })
        }
    }

    /// `text` without leading and trailing white space, nil when nothing is left. ASCII white
    /// space is trimmed on the bytes (this runs for every attribute read: Foundation's trim took
    /// 9% of the documents benchmark); non-ASCII at either end goes through Foundation's Unicode
    /// trim (no-break and ideographic spaces).
    static func nonEmpty(_ text: String) -> String? {
        var text = text
        enum Trim { case empty, same, range(Int, Int), unicode }
        let trim: Trim = text.withUTF8 { utf8 in
            func space(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
            var start = 0, end = utf8.count
            while start < end, space(utf8[start]) { start += 1 }
            while end > start, space(utf8[end - 1]) { end -= 1 }
            if start == end { return .empty }
            if utf8[start] >= 0x80 || utf8[end - 1] >= 0x80 { return .unicode }
            return start == 0 && end == utf8.count ? .same : .range(start, end)
        }
        switch trim {
        case .empty: return nil
        case .same: return text
        case .range(let start, let end):
            return text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
        case .unicode:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String {
        guard let value = xmlGetProp(node, name) else { return "" }
        defer { glean_xmlFree(value) }
        return String(cString: value)
    }

    /// `hidden`, `aria-hidden="true"`, or an inline style that hides it.
    static func isHidden(_ node: xmlNodePtr) -> Bool {
        if xmlHasProp(node, "hidden") != nil { return true }
        if attribute(node, "aria-hidden").lowercased() == "true" { return true }
        let style = attribute(node, "style").lowercased().filter { $0 != " " }
        return style.contains("display:none") || style.contains("visibility:hidden")
    }
}

/// What class and id names say about a block.
enum MainTextSignals {
    /// Names of blocks that are never the article (a whole word or a `-`/`_` part of the name).
    /// Comment sections: removed whatever their size.
    static let comments: Set<String> = ["comment", "comments", "disqus", "respond", "replies"]
    static let boilerplateNames: Set<String> = [
        "sidebar", "share", "sharing", "social", "related", "recommended", "promo",
        "advert", "advertisement", "ad", "ads", "sponsor", "sponsored", "newsletter", "subscribe", "subscription",
        "cookie", "cookies", "consent", "gdpr", "banner", "breadcrumb", "breadcrumbs", "popup", "modal", "masthead",
        "footer", "menu", "navbar", "nav", "navigation", "pagination", "pager", "toolbar", "outbrain", "taboola",
        "byline", "author", "caption", "tags", "signup", "rss", "widget", "skip",
    ]
    /// Names that say a block holds the article (they veto the boilerplate names in the same block).
    static let article: Set<String> = ["article", "content", "entry", "main", "post", "story", "body", "text", "blog", "news", "hentry", "prose"]

    /// The names in a class and id text: runs of letters and digits (any non-ASCII byte counts as
    /// a letter), split at everything else (`-`, `_`, spaces).
    static func words(_ signals: String) -> [String] {
        var signals = signals
        return signals.withUTF8 { bytes in
            var words: [String] = []
            var start = -1
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : 0x20
                let isWordByte = byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                if isWordByte {
                    if start < 0 { start = index }
                } else if start >= 0 {
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    start = -1
                }
            }
            return words
        }
    }

    enum Boilerplate {
        case none, unlessArticle, always
    }

    static func boilerplate(_ signals: String) -> Boilerplate {
        let names = words(signals)
        if names.contains(where: comments.contains) { return .always }
        guard names.contains(where: boilerplateNames.contains) else { return .none }
        return names.contains(where: article.contains) ? .none : .unlessArticle
    }

    /// +25 for article names, −25 for boilerplate ones (both: 0).
    static func weight(_ signals: String) -> Double {
        let names = words(signals)
        var weight = 0.0
        if names.contains(where: article.contains) { weight += 25 }
        if names.contains(where: { boilerplateNames.contains($0) || comments.contains($0) || $0 == "header" || $0 == "hidden" }) { weight -= 25 }
        return weight
    }
}

/// Scoring blocks and choosing the article.
enum MainTextScoring {
    /// Blocks whose own text is a paragraph of the article.
    static let paragraphTags: Set<String> = ["p", "pre", "blockquote", "td", "dd"]
    /// Containers that hold paragraphs directly.
    static let blockTags: Set<String> = [
        "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "table", "tr", "td", "th", "thead", "tbody", "figure", "hr", "address", "details", "summary",
        "header", "form", "center", "body",
    ]

    static func initialScore(_ node: PageNode) -> Double {
        var score: Double
        switch node.tag {
        case "article", "main": score = 10
        case "div", "section": score = 5
        case "pre", "td", "blockquote": score = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th", "header": score = -5
        default: score = 0
        }
        return score + MainTextSignals.weight(node.signals)
    }

    /// Containers whose own text, beside their blocks, is scored as a paragraph.
    static let containerTags: Set<String> = ["div", "section", "article", "main", "td", "center", "body"]

    /// Whether a node is scored as a paragraph: a paragraph tag, or a `div`/`section` whose children
    /// are only inline (text written straight into a div).
    static func isParagraph(_ node: PageNode) -> Bool {
        if paragraphTags.contains(node.tag) { return true }
        guard node.tag == "div" || node.tag == "section" || node.tag == "span" || node.tag == "font" else { return false }
        return !node.children.contains { !$0.isText && blockTags.contains($0.tag) }
    }

    /// The article: the best container and the siblings that belong with it, in page order; nil
    /// when no block has enough text to score.
    static func article(in root: PageNode) -> [PageNode]? {
        var candidates: [PageNode] = []
        var stack = [root]
        while let node = stack.popLast() {
            stack.append(contentsOf: node.children.filter { !$0.isText })
            // A paragraph; or text written straight into a container beside its blocks, which
            // counts as a paragraph inside that container.
            let length: Int, commas: Int, start: PageNode?
            if isParagraph(node) {
                (length, commas, start) = (node.textLength, node.commas, node.parent)
            } else if containerTags.contains(node.tag) {
                let inline = node.children.filter { $0.isText || !blockTags.contains($0.tag) }
                let links = inline.reduce(0) { $0 + $1.linkLength }
                (length, commas, start) = (inline.reduce(0) { $0 + $1.textLength }, inline.reduce(0) { $0 + $1.commas }, node)
                if links * 2 > length { continue }
            } else {
                continue
            }
            guard length >= 25 else { continue }
            let score = 1 + Double(commas) + min(Double(length) / 100, 3)
            var ancestor = start
            var level = 0
            while let current = ancestor, level < 3, current.tag != "#root" {
                if !current.isCandidate {
                    current.isCandidate = true
                    current.score = initialScore(current)
                    candidates.append(current)
                }
                current.score += score / Double(level == 0 ? 1 : level * 2)
                ancestor = current.parent
                level += 1
            }
        }
        guard !candidates.isEmpty else { return nil }
        for candidate in candidates { candidate.score *= 1 - candidate.linkDensity }
        var top = candidates.max { $0.score < $1.score }!
        // Containers of the strong blocks stay whatever their link density (a share bar beside
        // the body must not take the body with it).
        for candidate in candidates where candidate.score >= top.score * 0.5 && candidate.linkDensity < 0.25 {
            var node: PageNode? = candidate
            while let current = node, !current.holdsArticleText {
                current.holdsArticleText = true
                node = current.parent
            }
        }
        // A container whose only child is the winner says the same: climb while the parent adds
        // no text of its own (so siblings are looked for at the right level).
        while let parent = top.parent, parent.tag != "#root", parent.tag != "body",
              parent.children.filter({ !$0.isText || $0.textLength > 0 }).count == 1 {
            top = parent
        }
        guard let parent = top.parent else { return [top] }
        let threshold = max(10, top.score * 0.2)
        return parent.children.filter { sibling in
            if sibling === top { return true }
            if sibling.isText { return false }
            if sibling.isCandidate, sibling.score + (sibling.signals == top.signals && !top.signals.isEmpty ? top.score * 0.2 : 0) >= threshold { return true }
            guard sibling.tag == "p" else { return false }
            if sibling.textLength > 80 { return sibling.linkDensity < 0.25 }
            return sibling.linkDensity == 0 && sibling.textLength > 0
        }
    }
}

/// Writing the chosen subtree as text, leaving out what is not article text.
enum MainTextRendering {
    static func render(_ root: PageNode, into builder: inout TextBuilder) {
        var stack: [(PageNode, Bool)] = [(root, true)]
        while let (node, entering) = stack.popLast() {
            if node.isText {
                builder.append(node.text)
                continue
            }
            let block = MainTextScoring.blockTags.contains(node.tag)
            if !entering {
                if block { builder.paragraph() }
                continue
            }
            if node !== root, isLeftOut(node) { continue }
            if node.tag == "br" {
                builder.lineBreak()
                continue
            }
            if block { builder.paragraph() }
            stack.append((node, false))
            for child in node.children.reversed() { stack.append((child, true)) }
        }
    }

    /// Blocks inside the article that are not its text: the page title, link lists, share bars,
    /// blocks of list items with few commas, tiny blocks without a sentence.
    static func isLeftOut(_ node: PageNode) -> Bool {
        if node.tag == "h1" { return true }
        if node.holdsArticleText { return false }
        let containers: Set<String> = ["div", "section", "ul", "ol", "table", "form", "header", "dl", "center"]
        guard containers.contains(node.tag) else { return node.tag == "li" && node.linkDensity > 0.5 }
        let weight = MainTextSignals.weight(node.signals)
        if weight < 0 { return true }
        if node.commas >= 10 { return false }
        let density = node.linkDensity
        if density > 0.5 { return true }
        if weight < 25, density > 0.25 { return true }
        let isList = node.tag == "ul" || node.tag == "ol" || node.tag == "dl"
        if !isList, node.listItems > node.paragraphs, node.listItems > 2 { return true }
        return false
    }
}

/// What a page says about itself in its `<head>`: title, author, publication time, language.
public struct HTMLMetadata: Sendable, Equatable {
    /// `og:title`, else `<title>`.
    public var title: String?
    /// `author`, `article:author` (when not a URL), `byl`, `dc.creator`.
    public var author: String?
    /// `article:published_time`, `datePublished`, `date`, `pubdate`, `dc.date`… as written, else the
    /// first `<time datetime>` of the page.
    public var published: String? {
        get { declaredPublished ?? timeElement }
        set { declaredPublished = newValue }
    }
    /// `<html lang>`.
    public var language: String?
    /// The `href` of every link of the page (`<a>`, `<area>`), as written, in order, each once;
    /// `javascript:` links and links within the page (`#…`) left out.
    /// Filled only when asked for (``MainText/page(fromHTML:mainText:links:)``).
    public private(set) var links: [String] = []
    private var seenLinks: Set<String> = []
    var collectsLinks = false
    var declaredPublished: String?
    var timeElement: String?
    var documentTitle: String?

    public init() {}

    mutating func addLink(_ href: String) {
        guard !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:"), links.count < 10_000, seenLinks.insert(href).inserted else { return }
        links.append(href)
    }

    static let authorNames: Set<String> = ["author", "article:author", "byl", "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author"]
    static let publishedNames: Set<String> = [
        "article:published_time", "datepublished", "date", "pubdate", "publishdate", "publish_date", "dc.date", "dc.date.issued",
        "dcterms.created", "dcterms.date", "og:published_time", "parsely-pub-date", "sailthru.date", "article.published",
    ]

    mutating func read(head: xmlNodePtr) {
        var stack = LibXML2.siblings(from: head.pointee.children).reversed().map { $0 }
        while let node = stack.popLast() {
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            let tag = node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            if tag == "title", documentTitle == nil {
                let content = xmlNodeGetContent(node)
                if let content {
                    documentTitle = PageTree.nonEmpty(String(cString: content))
                    glean_xmlFree(content)
                }
            } else if tag == "meta" {
                let key = (PageTree.nonEmpty(PageTree.attribute(node, "property")) ?? PageTree.nonEmpty(PageTree.attribute(node, "name"))
                    ?? PageTree.nonEmpty(PageTree.attribute(node, "itemprop")) ?? "").lowercased()
                guard let value = PageTree.nonEmpty(PageTree.attribute(node, "content")) else { continue }
                if key == "og:title", title == nil { title = value }
                if Self.authorNames.contains(key), author == nil, !value.hasPrefix("http") { author = value }
                if Self.publishedNames.contains(key), declaredPublished == nil { declaredPublished = value }
            }
            stack.append(contentsOf: LibXML2.siblings(from: node.pointee.children).reversed())
        }
        if title == nil { title = documentTitle.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") } }
    }
}
