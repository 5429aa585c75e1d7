import CLibXML2
import Foundation
import GleanCore
import GleanHTML

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
    private var roles = FeedElementRoles()

    package init(reader: XMLStreamReader, defaultOffset: Int) {
        self.reader = reader
        self.defaultOffset = defaultOffset
    }

    /// A field's text as read: UTF-8 bytes copied from libxml2, decoded and converted (HTML → text,
    /// cleaning) only in ``build(_:defaultOffset:)``, which runs on another task than the parsing.
    /// (Building Swift strings on the parsing task cost about a tenth of the reader's time.)
    struct RawField: Sendable {
        var bytes: [UInt8]
        /// The field's markup when it differs from its text (Atom `type="xhtml"`, inline elements).
        var innerXML: String?
        /// The text is HTML (RSS description/content, Atom `type="html"`), kept as `content_html`.
        var isHTML: Bool
        /// The HTML needs converting to text (it has markup or references).
        var convert: Bool
    }

    /// An item as read: everything ``build(_:defaultOffset:)`` needs, and nothing tied to libxml2.
    package struct ItemState: Sendable {
        var depth: Int
        var language: String?
        /// Indexed by ``ItemTextField/rawValue`` (a fixed array: measured cheaper than a dictionary
        /// per item).
        var raw = [RawField?](repeating: nil, count: ItemTextField.allCases.count)
        var link: String?
        var feed = Feed()
        package var index = 0
        package var line = 0
        var categories: [String] = []
        var enclosures: [Value] = []
        var authors: [String] = []
        var guidIsPermalink = true

        subscript(field: ItemTextField) -> RawField? {
            get { raw[field.rawValue] }
            set { raw[field.rawValue] = newValue }
        }
    }

    /// Capture of one element's text.
    private struct Capture {
        var role: FeedElementRole
        var depth: Int
        var text: [UInt8] = []
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
        try reader.attributingMessages { try readItem() }
    }

    /// Reads nodes up to the end of the next item (see ``nextRaw()``).
    private mutating func readItem() throws -> ItemState? {
        var item: ItemState?
        var capture: Capture?
        var inAuthor = false
        while try reader.read() {
            let type = reader.nodeType
            if capture != nil {
                // Mutated in place (`capture!`): moving the capture out and back per text node
                // copied it, measurably.
                switch type {
                case .text, .cdata, .significantWhitespace, .whitespace:
                    if let value = reader.valuePointer {
                        capture!.text.append(contentsOf: UnsafeBufferPointer(start: value, count: strlen(value)))
                    }
                case .entityReference:
                    if let character = XMLStreamReader.htmlEntity(reader.localName) { capture!.text.append(contentsOf: character.utf8) }
                case .element:
                    capture!.sawElement = true
                case .endElement where reader.depth == capture!.depth:
                    finish(capture.take()!, into: &item)
                default: break
                }
                continue
            }
            if type == .endElement {
                let depth = reader.depth
                if var current = item, depth == current.depth {
                    current.feed = feed
                    current.index = itemIndex - 1
                    current.line = reader.line
                    return current
                }
                if roles.role(of: reader, inItem: item != nil, inAuthor: inAuthor) == .atomAuthor { inAuthor = false }
                continue
            }
            guard type == .element else { continue }
            let depth = reader.depth
            if depth == 0 {
                detectFormat(name: reader.localName, namespace: reader.namespaceURI)
                if let language = reader.language { feed.language = feed.language ?? language }
                continue
            }
            guard let entry = roles.entry(of: reader, inItem: item != nil, inAuthor: inAuthor) else { continue }
            let role = entry.role
            switch role {
            case .ignored:
                continue
            case .itemStart:
                item = ItemState(depth: depth, language: reader.language)
                itemIndex += 1
                if reader.isEmptyElement {
                    item!.feed = feed
                    item!.index = itemIndex - 1
                    item!.line = reader.line
                    return item
                }
                continue
            case .atomAuthor:
                inAuthor = !reader.isEmptyElement
                continue
            case .linkAttributes, .enclosureAttributes, .categoryAttributes:
                // <link>text</link> in Atom is unusual but harmless: its text is ignored.
                handleAttributes(role, into: &item)
                continue
            default:
                break
            }
            if role == .item(.guid) { item?.guidIsPermalink = reader.attribute("isPermaLink")?.lowercased() != "false" }
            let isAtom = entry.isAtom
            // The base URI costs a lookup up the tree: only links need it.
            let needsBase = role == .itemLink || role == .feed(.link)
            var newCapture = Capture(role: role, depth: depth, atomType: isAtom ? reader.attribute("type") : nil, base: needsBase ? reader.baseURI : nil)
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

    private mutating func handleAttributes(_ role: FeedElementRole, into item: inout ItemState?) {
        switch role {
        case .linkAttributes(let feedLevel):
            guard let href = reader.attribute("href") else { return }
            let rel = reader.attribute("rel") ?? "alternate"
            let resolved = Self.resolve(href, against: reader.baseURI)
            if feedLevel {
                if rel == "alternate", feed.link == nil { feed.link = resolved }
                return
            }
            if rel == "alternate", item?.link == nil { item?.link = resolved }
            if rel == "enclosure" { item?.enclosures.append(enclosure(url: resolved)) }
        case .enclosureAttributes:
            guard let url = reader.attribute("url") else { return }
            item?.enclosures.append(enclosure(url: Self.resolve(url, against: reader.baseURI)))
        case .categoryAttributes:
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
        // Markup: Atom type="xhtml" or inline child elements → the serialised children;
        // RSS description/content and Atom type="html" → the text is HTML.
        let htmlField: Bool
        if case .item(let field) = capture.role { htmlField = field.isHTML } else { htmlField = false }
        let innerXML = capture.sawElement ? capture.innerXML : nil
        let isHTML = innerXML != nil || (capture.atomType != "text" && capture.atomType != "plain" && (htmlField || capture.atomType?.contains("html") == true))
        let convert: Bool
        if let innerXML {
            convert = capture.role != .item(.title) || innerXML.containsByte(UInt8(ascii: "<")) || innerXML.containsByte(UInt8(ascii: "&"))
        } else {
            convert = isHTML && (capture.role != .item(.title) || capture.text.containsByte(UInt8(ascii: "<")) || capture.text.containsByte(UInt8(ascii: "&")))
        }
        if case .item(let field) = capture.role {
            // Decoded and converted later, in build(), on another task.
            guard item != nil else { return }
            if item![field] == nil || item![field]!.bytes.isEmpty {
                let blank = Self.isBlank(capture.text)
                item![field] = RawField(bytes: blank ? [] : capture.text, innerXML: innerXML, isHTML: isHTML, convert: convert)
            }
            return
        }
        let raw = RawField(bytes: capture.text, innerXML: innerXML, isHTML: isHTML, convert: convert)
        let text = Self.decode(raw).text
        switch capture.role {
        case .feed(.title): feed.title = feed.title ?? text
        case .feed(.link): feed.link = feed.link ?? Self.resolve(text, against: capture.base)
        case .feed(.language): feed.language = text.isEmpty ? feed.language : text
        case .feed(.updated): feed.updated = feed.updated ?? FeedDate.parse(text, defaultOffset: defaultOffset)
        case .category: if !text.isEmpty { item?.categories.append(text) }
        case .author: if !text.isEmpty { item?.authors.append(text) }
        case .itemLink: if item?.link == nil, !text.isEmpty { item?.link = Self.resolve(text, against: capture.base) }
        default: break
        }
    }

    /// A raw field's clean text, and its HTML when it has some.
    private static func decode(_ field: RawField) -> (text: String, html: String?) {
        let decoded = String(decoding: field.bytes, as: UTF8.self)
        let html = field.innerXML ?? (field.isHTML ? decoded : nil)
        var text = decoded
        if field.convert, let markup = html { text = HTMLText.text(fromHTML: markup) }
        return (clean(text), html)
    }

    /// The item's record fields: text conversion, fallbacks, dates, id.
    package static func build(_ item: ItemState, defaultOffset: Int) -> Fields {
        var texts = [String?](repeating: nil, count: ItemTextField.allCases.count)
        var htmlOf = [String?](repeating: nil, count: ItemTextField.allCases.count)
        for (index, field) in item.raw.enumerated() {
            guard let field else { continue }
            (texts[index], htmlOf[index]) = decode(field)
        }
        func text(_ field: ItemTextField) -> String? { texts[field.rawValue] }
        func html(_ field: ItemTextField) -> String? { htmlOf[field.rawValue] }
        let feed = item.feed
        // Fallbacks between equivalent elements.
        let guid = text(.guid) ?? text(.dcIdentifier)
        var link = item.link
        if link == nil, item.guidIsPermalink, let guid, guid.hasPrefix("http://") || guid.hasPrefix("https://") { link = guid }
        // feedparser's convention: each of summary and content falls back on the other.
        let summary = text(.summary) ?? text(.itunesSummary) ?? text(.content)
        let content = text(.content) ?? summary
        let contentHTML = html(.content) ?? html(.summary) ?? text(.content).map(Self.escapeHTML) ?? summary.map(Self.escapeHTML)
        var id = guid ?? link
        if id == nil || id!.isEmpty {
            var hash = StableHash()
            hash.combine(text(.title) ?? "")
            hash.combine(summary ?? "")
            hash.combine(content ?? "")
            id = "hash:" + hash.hex
        }
        func date(_ raw: String?) -> Value {
            guard let raw, let parsed = FeedDate.parse(raw, defaultOffset: defaultOffset) else { return .null }
            return .timestamp(parsed)
        }
        var fields: [Fields.Field] = []
        fields.reserveCapacity(16)
        fields.append(.init(name: "id", value: .string(id!)))
        fields.append(.init(name: "title", value: text(.title).map(Value.string) ?? .null))
        fields.append(.init(name: "link", value: link.map(Value.string) ?? .null))
        fields.append(.init(name: "published", value: date(text(.published) ?? text(.dcDate))))
        fields.append(.init(name: "updated", value: date(text(.updated))))
        fields.append(.init(name: "author", value: item.authors.isEmpty ? .null : .string(item.authors.joined(separator: ", "))))
        fields.append(.init(name: "summary", value: summary.map(Value.string) ?? .null))
        fields.append(.init(name: "content", value: content.map(Value.string) ?? .null))
        fields.append(.init(name: "content_html", value: contentHTML.map(Value.string) ?? .null))
        fields.append(.init(name: "categories", value: .array(item.categories.map(Value.string))))
        fields.append(.init(name: "enclosures", value: .array(item.enclosures)))
        fields.append(.init(name: "language", value: (text(.language) ?? item.language ?? feed.language).map(Value.string) ?? .null))
        fields.append(.init(name: "feed_title", value: feed.title.map(Value.string) ?? .null))
        fields.append(.init(name: "feed_link", value: feed.link.map(Value.string) ?? .null))
        fields.append(.init(name: "feed_language", value: feed.language.map(Value.string) ?? .null))
        fields.append(.init(name: "feed_updated", value: feed.updated.map(Value.timestamp) ?? .null))
        return Fields(unchecked: fields)
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
            // C1 controls are encoded as C2 80 … C2 9F; memchr finds the rare C2 lead bytes.
            guard let base = utf8.baseAddress else { return false }
            var i = 0
            while i + 1 < utf8.count, let found = memchr(base + i, 0xC2, utf8.count - i - 1) {
                let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if utf8[at + 1] >= 0x80, utf8[at + 1] <= 0x9F { return true }
                i = at + 1
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
        // Fast path: no whitespace at either end, checked on the UTF-8 bytes.
        var copy = text
        let clean = copy.withUTF8 { utf8 -> Bool in
            guard let first = utf8.first else { return true }
            if first <= 0x20 || TextBuilder.unicodeSpaceLength(utf8, 0) > 0 { return false }
            var last = utf8.count - 1
            while last > 0, utf8[last] & 0xC0 == 0x80 { last -= 1 }
            return utf8[last] > 0x20 && TextBuilder.unicodeSpaceLength(utf8, last) == 0
        }
        if clean { return text }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex, last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// Whether UTF-8 `text` is empty or only whitespace, without building a string.
    static func isBlank(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { utf8 in
            var i = 0
            while i < utf8.count {
                let byte = utf8[i]
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    i += 1
                    continue
                }
                let space = TextBuilder.unicodeSpaceLength(utf8, i)
                guard space > 0 else { return false }
                i += space
            }
            return true
        }
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
