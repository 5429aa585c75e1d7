import CLibXML2
import Foundation
import GleanCore

/// Reads RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 0.3 and Atom 1.0 from an ``XMLStreamReader``, one
/// item at a time, normalised to the feed-item contract (ARCHITECTURE.md, "Feed items").
///
/// Normalisation, following feedparser where it is sensible:
/// - `id`: guid / atom:id, else the link, else a hash of title, summary and content.
/// - `link`: RSS link, atom:link rel=alternate (or without rel), else a permalink guid; resolved
///   against `xml:base` and the document URL.
/// - `published` / `updated`: pubDate, dc:date, atom:published/issued, atom:updated/modified —
///   UTC timestamps; see ``FeedDate`` for the forms read.
/// - `summary`: description / atom:summary / itunes:summary as text; `content`: content:encoded or
///   atom:content as text, falling back to the summary, with `content_html` keeping the markup.
/// - `author`: author, dc:creator, atom:author/name, itunes:author; `categories`: category,
///   dc:subject, atom:category term; `enclosures`: enclosure, atom link rel=enclosure, media:content.
/// - `language`: xml:lang in scope, dc:language or the channel's language.
/// - Feed metadata (`feed_title`, `feed_link`, `feed_language`, `feed_updated`) as seen before
///   the item: RSS and Atom put it first; metadata written after the items is not on them.
/// - Characters 0x80–0x9F (Windows-1252 bytes mislabelled as ISO-8859-1) become what Windows-1252
///   means by them; HTML entities used without declaration become their characters.
package struct FeedParser {
    /// Feed-level values.
    struct Feed: Sendable {
        var format: String?
        var title: String?
        var link: String?
        var language: String?
        var updated: Date?
    }

    private(set) var feed = Feed()
    private let reader: XMLStreamReader
    private let defaultOffset: Int
    private var itemIndex = 0

    package init(reader: XMLStreamReader, defaultOffset: Int) {
        self.reader = reader
        self.defaultOffset = defaultOffset
    }

    /// A field's text as read, converted (HTML → text, cleaning) only in ``build(_:defaultOffset:)``,
    /// which can run on another task than the parsing.
    struct RawField: Sendable {
        var text: String
        var html: String?
        var convert: Bool
    }

    /// An item as read: everything ``build(_:defaultOffset:)`` needs, and nothing tied to libxml2.
    package struct ItemState: Sendable {
        var depth: Int
        var language: String?
        var values: [String: String] = [:]
        var raw: [String: RawField] = [:]
        var feed = Feed()
        package var index = 0
        package var line = 0
        var categories: [String] = []
        var enclosures: [Value] = []
        var authors: [String] = []
        var guidIsPermalink = true
    }

    /// Capture of one element's text.
    private struct Capture {
        var key: String
        var depth: Int
        var text = ""
        var innerXML: String?
        var sawElement = false
        var atomType: String?
        var base: String?
    }

    /// The next item, built, or nil at the end of the document.
    package mutating func next() throws -> (fields: Fields, index: Int, line: Int)? {
        guard let item = try nextRaw() else { return nil }
        return (Self.build(item, defaultOffset: defaultOffset), item.index, item.line)
    }

    /// The next item as read, to be built with ``build(_:defaultOffset:)``; nil at the end.
    package mutating func nextRaw() throws -> ItemState? {
        var item: ItemState?
        var capture: Capture?
        var inAuthor = false
        while try reader.read() {
            let type = reader.nodeType
            let depth = reader.depth
            if var current = capture {
                switch type {
                case .text, .cdata, .significantWhitespace, .whitespace:
                    current.text += reader.value ?? ""
                case .entityReference:
                    if let character = XMLStreamReader.htmlEntity(reader.localName) { current.text += character }
                case .element:
                    current.sawElement = true
                case .endElement where depth == current.depth:
                    capture = nil
                    finish(current, into: &item)
                    continue
                default: break
                }
                capture = current
                continue
            }
            if type == .endElement {
                if var current = item, depth == current.depth {
                    current.feed = feed
                    current.index = itemIndex - 1
                    current.line = reader.line
                    return current
                }
                if reader.localName == "author", FeedNamespace.isAtom(reader.namespaceURI) { inAuthor = false }
                continue
            }
            guard type == .element else { continue }
            let namespace = reader.namespaceURI
            let name = reader.localName
            if depth == 0 {
                detectFormat(name: name, namespace: namespace)
                if let language = reader.language { feed.language = feed.language ?? language }
                continue
            }
            // Items.
            if item == nil, (name == "item" && FeedNamespace.isRSS(namespace)) || (name == "entry" && FeedNamespace.isAtom(namespace)) {
                item = ItemState(depth: depth, language: reader.language)
                itemIndex += 1
                if reader.isEmptyElement {
                    item!.feed = feed
                    item!.index = itemIndex - 1
                    item!.line = reader.line
                    return item
                }
                continue
            }
            if name == "author", FeedNamespace.isAtom(namespace) {
                inAuthor = !reader.isEmptyElement
                continue
            }
            guard let key = fieldKey(name: name, namespace: namespace, inItem: item != nil, inAuthor: inAuthor) else { continue }
            // Attribute-only elements.
            if key.hasPrefix("@") {
                handleAttributes(key, into: &item)
                if !reader.isEmptyElement, key == "@link" {
                    // <link>text</link> in Atom is unusual but harmless: ignore its text.
                }
                continue
            }
            if key == "guid" { item?.guidIsPermalink = reader.attribute("isPermaLink")?.lowercased() != "false" }
            var newCapture = Capture(key: key, depth: depth, atomType: FeedNamespace.isAtom(namespace) ? reader.attribute("type") : nil, base: reader.baseURI)
            if reader.isEmptyElement {
                finish(newCapture, into: &item)
                continue
            }
            // Inline markup is serialised only where it is legitimate (Atom type="xhtml"): doing it
            // for every RSS description would cost a second pass over every item's text.
            if newCapture.atomType == "xhtml" { newCapture.innerXML = reader.innerXML() }
            capture = newCapture
        }
        return nil
    }

    private mutating func detectFormat(name: String, namespace: String) {
        switch (name, namespace) {
        case ("rss", _): feed.format = "rss" + (reader.attribute("version").map { " " + $0 } ?? "")
        case ("RDF", FeedNamespace.rdf): feed.format = "rss 1.0"
        case ("feed", FeedNamespace.atom10): feed.format = "atom 1.0"
        case ("feed", FeedNamespace.atom03): feed.format = "atom 0.3"
        default: feed.format = name
        }
    }

    /// Which field an element feeds, or nil to ignore it. `@`-keys read attributes only.
    private func fieldKey(name: String, namespace: String, inItem: Bool, inAuthor: Bool) -> String? {
        if inAuthor {
            return name == "name" && FeedNamespace.isAtom(namespace) ? "author" : nil
        }
        switch namespace {
        case FeedNamespace.dublinCore, FeedNamespace.dublinCoreTerms:
            switch name {
            case "creator", "contributor": return inItem ? "author" : nil
            case "date", "issued", "created": return inItem ? "dc:date" : "feed:updated"
            case "modified": return inItem ? "updated" : "feed:updated"
            case "subject": return inItem ? "category" : nil
            case "language": return inItem ? "language" : "feed:language"
            case "title": return inItem ? "title" : "feed:title"
            case "description", "abstract": return inItem ? "summary" : nil
            case "identifier": return inItem ? "dc:identifier" : nil
            default: return nil
            }
        case FeedNamespace.content:
            return name == "encoded" && inItem ? "content" : nil
        case FeedNamespace.itunes:
            switch name {
            case "summary": return inItem ? "itunes:summary" : nil
            case "author": return inItem ? "author" : nil
            default: return nil
            }
        case FeedNamespace.media:
            return name == "content" && inItem ? "@media" : nil
        default:
            break
        }
        if FeedNamespace.isAtom(namespace) {
            switch name {
            case "title": return inItem ? "title" : "feed:title"
            case "link": return inItem ? "@link" : "@feed:link"
            case "id": return inItem ? "guid" : nil
            case "published", "issued": return inItem ? "published" : nil
            case "updated", "modified": return inItem ? "updated" : "feed:updated"
            case "summary": return inItem ? "summary" : nil
            case "content": return inItem ? "content" : nil
            case "category": return inItem ? "@category" : nil
            default: return nil
            }
        }
        guard FeedNamespace.isRSS(namespace) else { return nil }
        switch name {
        case "title": return inItem ? "title" : "feed:title"
        case "link": return inItem ? "link" : "feed:link"
        case "description": return inItem ? "summary" : nil
        case "guid": return inItem ? "guid" : nil
        case "pubDate": return inItem ? "published" : "feed:updated"
        case "lastBuildDate": return inItem ? nil : "feed:updated"
        case "author": return inItem ? "author" : nil
        case "category": return inItem ? "category" : nil
        case "enclosure": return inItem ? "@enclosure" : nil
        case "language": return inItem ? "language" : "feed:language"
        default: return nil
        }
    }

    private mutating func handleAttributes(_ key: String, into item: inout ItemState?) {
        switch key {
        case "@link", "@feed:link":
            guard let href = reader.attribute("href") else { return }
            let rel = reader.attribute("rel") ?? "alternate"
            let resolved = Self.resolve(href, against: reader.baseURI)
            if key == "@feed:link" {
                if rel == "alternate", feed.link == nil { feed.link = resolved }
                return
            }
            if rel == "alternate", item?.values["link"] == nil { item?.values["link"] = resolved }
            if rel == "enclosure" { item?.enclosures.append(enclosure(url: resolved)) }
        case "@enclosure", "@media":
            guard let url = reader.attribute("url") else { return }
            item?.enclosures.append(enclosure(url: Self.resolve(url, against: reader.baseURI)))
        case "@category":
            if let term = reader.attribute("term") ?? reader.attribute("label") { item?.categories.append(Self.clean(term)) }
        default: break
        }
    }

    private func enclosure(url: String) -> Value {
        var fields: Fields = ["url": .string(url)]
        fields["type"] = reader.attribute("type").map(Value.string) ?? .null
        fields["length"] = reader.attribute("length").flatMap { Int64($0) }.map(Value.int) ?? (reader.attribute("fileSize").flatMap { Int64($0) }.map(Value.int) ?? .null)
        return .object(fields)
    }

    private mutating func finish(_ capture: Capture, into item: inout ItemState?) {
        var text = capture.text
        var html: String?
        // Markup: Atom type="xhtml" or inline child elements → the serialised children;
        // RSS description/content and Atom type="html" → the text is HTML.
        if capture.sawElement, let inner = capture.innerXML {
            html = inner
        } else if capture.atomType == "text" || capture.atomType == "plain" {
            html = nil
        } else if ["summary", "content", "title", "itunes:summary"].contains(capture.key) || capture.atomType?.contains("html") == true {
            html = text
        }
        let convert = html.map { capture.key != "title" || $0.utf8.contains(UInt8(ascii: "<")) || $0.utf8.contains(UInt8(ascii: "&")) } ?? false
        let key = capture.key
        let general = !key.hasPrefix("feed:") && key != "category" && key != "author" && key != "link"
        if general {
            // Converted later, in build(), possibly on another task.
            guard item != nil else { return }
            let empty = Self.trimmed(text).isEmpty
            if item!.raw[key] == nil || item!.raw[key]!.text.isEmpty {
                item!.raw[key] = RawField(text: empty ? "" : text, html: html, convert: convert)
            }
            return
        }
        if let markup = html, convert { text = HTMLText.text(fromHTML: markup) }
        text = Self.clean(text)
        if key.hasPrefix("feed:") {
            switch key {
            case "feed:title": feed.title = feed.title ?? text
            case "feed:link": feed.link = feed.link ?? Self.resolve(text, against: capture.base)
            case "feed:language": feed.language = text.isEmpty ? feed.language : text
            case "feed:updated": feed.updated = feed.updated ?? FeedDate.parse(text, defaultOffset: defaultOffset)
            default: break
            }
            return
        }
        guard item != nil else { return }
        switch key {
        case "category": if !text.isEmpty { item!.categories.append(text) }
        case "author": if !text.isEmpty { item!.authors.append(text) }
        case "link": if item!.values["link"] == nil, !text.isEmpty { item!.values["link"] = Self.resolve(text, against: capture.base) }
        default: break
        }
    }

    /// The item's record fields: text conversion, fallbacks, dates, id.
    package static func build(_ item: ItemState, defaultOffset: Int) -> Fields {
        var values = item.values
        var htmlOf: [String: String] = [:]
        for (key, field) in item.raw where values[key] == nil {
            var text = field.text
            if field.convert, let markup = field.html { text = HTMLText.text(fromHTML: markup) }
            values[key] = clean(text)
            if let html = field.html { htmlOf[key] = html }
        }
        let feed = item.feed
        // Fallbacks between equivalent elements.
        if values["summary"] == nil, let itunes = values["itunes:summary"] { values["summary"] = itunes }
        if values["published"] == nil, let dc = values["dc:date"] { values["published"] = dc }
        if values["guid"] == nil, let identifier = values["dc:identifier"] { values["guid"] = identifier }
        var link = values["link"]
        if link == nil, item.guidIsPermalink, let guid = values["guid"], guid.hasPrefix("http://") || guid.hasPrefix("https://") { link = guid }
        // feedparser's convention: each of summary and content falls back on the other.
        let summary = values["summary"] ?? values["content"]
        let content = values["content"] ?? summary
        let contentHTML = htmlOf["content"] ?? htmlOf["summary"] ?? values["content"].map(Self.escapeHTML) ?? summary.map(Self.escapeHTML)
        var id = values["guid"] ?? link
        if id == nil || id!.isEmpty {
            var hash = StableHash()
            hash.combine(values["title"] ?? "")
            hash.combine(summary ?? "")
            hash.combine(content ?? "")
            id = "hash:" + hash.hex
        }
        func date(_ key: String) -> Value {
            guard let raw = values[key], let parsed = FeedDate.parse(raw, defaultOffset: defaultOffset) else { return .null }
            return .timestamp(parsed)
        }
        var fields = Fields()
        fields["id"] = .string(id!)
        fields["title"] = values["title"].map(Value.string) ?? .null
        fields["link"] = link.map(Value.string) ?? .null
        fields["published"] = date("published")
        fields["updated"] = date("updated")
        fields["author"] = item.authors.isEmpty ? .null : .string(item.authors.joined(separator: ", "))
        fields["summary"] = summary.map(Value.string) ?? .null
        fields["content"] = content.map(Value.string) ?? .null
        fields["content_html"] = contentHTML.map(Value.string) ?? .null
        fields["categories"] = .array(item.categories.map(Value.string))
        fields["enclosures"] = .array(item.enclosures)
        fields["language"] = (values["language"] ?? item.language ?? feed.language).map(Value.string) ?? .null
        fields["feed_title"] = feed.title.map(Value.string) ?? .null
        fields["feed_link"] = feed.link.map(Value.string) ?? .null
        fields["feed_language"] = feed.language.map(Value.string) ?? .null
        fields["feed_updated"] = feed.updated.map(Value.timestamp) ?? .null
        return fields
    }

    /// Resolves a possibly relative URI against a base.
    static func resolve(_ uri: String, against base: String?) -> String {
        let trimmed = Self.trimmed(uri)
        guard let base, !base.isEmpty, !trimmed.isEmpty, !trimmed.contains("://") else { return trimmed }
        guard let built = xmlBuildURI(trimmed, base) else { return trimmed }
        defer { glean_xmlFree(built) }
        return String(cString: built)
    }

    /// Whitespace trimmed, C1 controls mapped as Windows-1252 does. (Hot: called for every
    /// field of every item, so it scans UTF-8 and rebuilds only when it must.)
    static func clean(_ text: String) -> String {
        var text = text
        let needsMapping = text.withUTF8 { utf8 in
            // C1 controls are encoded as C2 80 … C2 9F.
            var i = 0
            while i + 1 < utf8.count {
                if utf8[i] == 0xC2, utf8[i + 1] >= 0x80, utf8[i + 1] <= 0x9F { return true }
                i += 1
            }
            return false
        }
        if needsMapping {
            var out = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                if (0x80...0x9F).contains(scalar.value), let mapped = windows1252[scalar.value] { out.append(mapped) } else { out.append(scalar) }
            }
            text = String(out)
        }
        return trimmed(text)
    }

    /// `text` without leading and trailing whitespace (Unicode), without Foundation.
    static func trimmed(_ text: String) -> String {
        // Fast path: no ASCII whitespace or non-ASCII at either end.
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return text }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static let windows1252: [UInt32: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}", 0x86: "\u{2020}", 0x87: "\u{2021}",
        0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}", 0x8B: "\u{2039}", 0x8C: "\u{0152}", 0x8E: "\u{017D}", 0x91: "\u{2018}",
        0x92: "\u{2019}", 0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}", 0x96: "\u{2013}", 0x97: "\u{2014}", 0x98: "\u{02DC}",
        0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}", 0x9C: "\u{0153}", 0x9E: "\u{017E}", 0x9F: "\u{0178}",
    ]
}
