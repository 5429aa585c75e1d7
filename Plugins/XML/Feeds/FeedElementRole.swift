import CLibXML2

/// The text fields of an item that are captured as read and converted (HTML → text, trimming,
/// dates) only when the item is built, possibly on another task.
enum ItemTextField: Int, CaseIterable, Sendable {
    case title, summary, content, guid, published, updated, dcDate, dcIdentifier, itunesSummary, language

    /// Fields whose text is HTML unless the element says otherwise (Atom `type="text"`).
    var isHTML: Bool {
        switch self {
        case .title, .summary, .content, .itunesSummary: return true
        default: return false
        }
    }
}

/// Feed-level values read from channel / feed elements.
enum FeedTextField: Sendable {
    case title, link, language, updated
}

/// What an element means to the feed-item contract.
enum FeedElementRole: Equatable {
    /// Not read.
    case ignored
    /// `item` (RSS) or `entry` (Atom): an item starts.
    case itemStart
    /// `atom:author`: its `name` child is the author.
    case atomAuthor
    /// Text captured for an item field.
    case item(ItemTextField)
    /// RSS `<link>` text of an item, resolved against the base URI.
    case itemLink
    case category
    case author
    /// Text of a feed-level element.
    case feed(FeedTextField)
    /// `atom:link`: attributes only (`feedLevel` for the feed's own link).
    case linkAttributes(feedLevel: Bool)
    /// `enclosure` and `media:content`: attributes only.
    case enclosureAttributes
    /// `atom:category`: attributes only.
    case categoryAttributes

    /// Whether the element is read from its attributes rather than its text.
    var readsAttributes: Bool {
        switch self {
        case .linkAttributes, .enclosureAttributes, .categoryAttributes: return true
        default: return false
        }
    }

    /// The role of an element by namespace and local name, given where it is.
    static func of(name: String, namespace: String, inItem: Bool, inAuthor: Bool) -> FeedElementRole {
        if !inItem, (name == "item" && FeedNamespace.isRSS(namespace)) || (name == "entry" && FeedNamespace.isAtom(namespace)) {
            return .itemStart
        }
        if name == "author", FeedNamespace.isAtom(namespace) { return .atomAuthor }
        if inAuthor {
            return name == "name" && FeedNamespace.isAtom(namespace) ? .author : .ignored
        }
        switch namespace {
        case FeedNamespace.dublinCore, FeedNamespace.dublinCoreTerms:
            switch name {
            case "creator", "contributor": return inItem ? .author : .ignored
            case "date", "issued", "created": return inItem ? .item(.dcDate) : .feed(.updated)
            case "modified": return inItem ? .item(.updated) : .feed(.updated)
            case "subject": return inItem ? .category : .ignored
            case "language": return inItem ? .item(.language) : .feed(.language)
            case "title": return inItem ? .item(.title) : .feed(.title)
            case "description", "abstract": return inItem ? .item(.summary) : .ignored
            case "identifier": return inItem ? .item(.dcIdentifier) : .ignored
            default: return .ignored
            }
        case FeedNamespace.content:
            return name == "encoded" && inItem ? .item(.content) : .ignored
        case FeedNamespace.itunes:
            switch name {
            case "summary": return inItem ? .item(.itunesSummary) : .ignored
            case "author": return inItem ? .author : .ignored
            default: return .ignored
            }
        case FeedNamespace.media:
            return name == "content" && inItem ? .enclosureAttributes : .ignored
        default:
            break
        }
        if FeedNamespace.isAtom(namespace) {
            switch name {
            case "title": return inItem ? .item(.title) : .feed(.title)
            case "link": return .linkAttributes(feedLevel: !inItem)
            case "id": return inItem ? .item(.guid) : .ignored
            case "published", "issued": return inItem ? .item(.published) : .ignored
            case "updated", "modified": return inItem ? .item(.updated) : .feed(.updated)
            case "summary": return inItem ? .item(.summary) : .ignored
            case "content": return inItem ? .item(.content) : .ignored
            case "category": return inItem ? .categoryAttributes : .ignored
            default: return .ignored
            }
        }
        guard FeedNamespace.isRSS(namespace) else { return .ignored }
        switch name {
        case "title": return inItem ? .item(.title) : .feed(.title)
        case "link": return inItem ? .itemLink : .feed(.link)
        case "description": return inItem ? .item(.summary) : .ignored
        case "guid": return inItem ? .item(.guid) : .ignored
        case "pubDate": return inItem ? .item(.published) : .feed(.updated)
        case "lastBuildDate": return inItem ? .ignored : .feed(.updated)
        case "author": return inItem ? .author : .ignored
        case "category": return inItem ? .category : .ignored
        case "enclosure": return inItem ? .enclosureAttributes : .ignored
        case "language": return inItem ? .item(.language) : .feed(.language)
        default: return .ignored
        }
    }
}

/// Element roles remembered by libxml2's interned name and namespace pointers, so that each
/// distinct element is classified by string comparison once per document rather than once per
/// occurrence (measured: string comparisons were ≈ 3% of reading a feed). A feed has a few dozen
/// distinct elements: they are kept in a small array searched by pointer (hashing the key for a
/// dictionary cost more than the search); past ``capacity`` the rest are classified every time.
struct FeedElementRoles {
    /// What is remembered about an element name in a context.
    struct Entry {
        var name: UnsafePointer<xmlChar>
        var namespace: UnsafePointer<xmlChar>?
        var context: UInt8
        var role: FeedElementRole
        /// The element is in an Atom namespace (its `type` attribute says how to read its text).
        var isAtom: Bool
    }
    private var known: [Entry] = []
    static let capacity = 256

    mutating func role(of reader: XMLStreamReader, inItem: Bool, inAuthor: Bool) -> FeedElementRole {
        entry(of: reader, inItem: inItem, inAuthor: inAuthor)?.role ?? .ignored
    }

    mutating func entry(of reader: XMLStreamReader, inItem: Bool, inAuthor: Bool) -> Entry? {
        guard let name = reader.localNamePointer else { return nil }
        let namespace = reader.namespacePointer
        let context: UInt8 = (inItem ? 1 : 0) | (inAuthor ? 2 : 0)
        for entry in known where entry.name == name && entry.namespace == namespace && entry.context == context { return entry }
        let namespaceURI = reader.namespaceURI
        let role = FeedElementRole.of(name: reader.localName, namespace: namespaceURI, inItem: inItem, inAuthor: inAuthor)
        let entry = Entry(name: name, namespace: namespace, context: context, role: role, isAtom: namespace != nil && FeedNamespace.isAtom(namespaceURI))
        if known.count < Self.capacity { known.append(entry) }
        return entry
    }
}
