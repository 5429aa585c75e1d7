import CLibXML2
import Foundation
import GleanHTML

/// Text and metadata of the zip-of-XML formats: Word (`.docx`: `word/document.xml`,
/// `docProps/core.xml`), OpenDocument text (`.odt`: `content.xml`, `meta.xml`) and EPUB (the
/// package file named by `META-INF/container.xml`: its metadata, and its spine's XHTML in reading
/// order). XML is parsed by libxml2 offline, without entity expansion or DTDs.
enum OfficeText {
    static func read(_ bytes: [UInt8], format: DocumentFormat, maximumBytes: Int) throws(ZipMembers.Problem) -> DocumentContent {
        switch format {
        case .docx:
            let zip = try ZipMembers(bytes, maximumBytes: maximumBytes) { $0 == "word/document.xml" || $0 == "docProps/core.xml" }
            guard let body = zip["word/document.xml"] else { throw ZipMembers.Problem(message: "a .docx without word/document.xml") }
            var content = DocumentContent(text: text(ofXML: body, paragraphs: ["p"], lineBreaks: ["br", "cr"], tabs: ["tab"]))
            if let core = zip["docProps/core.xml"] { metadata(core, into: &content, created: "created") }
            return content
        case .odt:
            let zip = try ZipMembers(bytes, maximumBytes: maximumBytes) { $0 == "content.xml" || $0 == "meta.xml" }
            guard let body = zip["content.xml"] else { throw ZipMembers.Problem(message: "an OpenDocument file without content.xml") }
            var content = DocumentContent(text: text(ofXML: body, paragraphs: ["p", "h", "list-item"], lineBreaks: ["line-break"], tabs: ["tab", "s"], within: "body"))
            if let meta = zip["meta.xml"] { metadata(meta, into: &content, created: "creation-date") }
            return content
        case .epub:
            return try epub(bytes, maximumBytes: maximumBytes)
        default:
            throw ZipMembers.Problem(message: "not an office document")
        }
    }

    /// An EPUB: the package file's metadata and the spine's documents, in order.
    static func epub(_ bytes: [UInt8], maximumBytes: Int) throws(ZipMembers.Problem) -> DocumentContent {
        let zip = try ZipMembers(bytes, maximumBytes: maximumBytes) { name in
            let lower = name.lowercased()
            return lower == "meta-inf/container.xml" || lower.hasSuffix(".opf") || lower.hasSuffix(".xhtml") || lower.hasSuffix(".html") || lower.hasSuffix(".htm")
        }
        guard let container = zip["META-INF/container.xml"], let root = parse(container) else {
            throw ZipMembers.Problem(message: "an EPUB without META-INF/container.xml")
        }
        defer { xmlFreeDoc(root) }
        guard let packagePath = elements(root, named: "rootfile").lazy.compactMap({ attribute($0, "full-path") }).first,
              let packageBytes = zip[packagePath], let package = parse(packageBytes)
        else { throw ZipMembers.Problem(message: "an EPUB whose package file is missing") }
        defer { xmlFreeDoc(package) }
        var content = DocumentContent(text: "")
        content.title = elements(package, named: "title").first.flatMap(textContent)
        content.author = elements(package, named: "creator").first.flatMap(textContent)
        content.published = elements(package, named: "date").first.flatMap(textContent)
        content.language = elements(package, named: "language").first.flatMap(textContent)
        var hrefs: [String: String] = [:]
        for item in elements(package, named: "item") {
            if let id = attribute(item, "id"), let href = attribute(item, "href") { hrefs[id] = href }
        }
        let base = (packagePath as NSString).deletingLastPathComponent
        var texts: [String] = []
        for itemref in elements(package, named: "itemref") {
            guard let id = attribute(itemref, "idref"), let href = hrefs[id] else { continue }
            let path = base.isEmpty ? href : base + "/" + href
            let decoded = path.removingPercentEncoding ?? path
            guard let page = zip[decoded] ?? zip[path] else { continue }
            let text = HTMLText.text(fromHTML: String(decoding: page, as: UTF8.self))
            if !text.isEmpty { texts.append(text) }
        }
        content.text = texts.joined(separator: "\n\n")
        return content
    }

    // MARK: - XML

    static func parse(_ bytes: [UInt8]) -> xmlDocPtr? {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        return bytes.withUnsafeBytes { buffer in
            buffer.baseAddress.flatMap { xmlReadMemory($0.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, nil, options) }
        }
    }

    /// The text of an XML document: paragraph breaks after the `paragraphs` elements, line breaks
    /// and spaces for the others (local names, any namespace); only inside the first element
    /// named `within` when given.
    static func text(ofXML bytes: [UInt8], paragraphs: Set<String>, lineBreaks: Set<String>, tabs: Set<String>, within: String? = nil) -> String {
        guard let document = parse(bytes) else { return "" }
        defer { xmlFreeDoc(document) }
        var start = xmlDocGetRootElement(document)
        if let within, let root = start { start = elements(document, named: within).first ?? root }
        guard let start else { return "" }
        var builder = TextBuilder()
        var stack: [(xmlNodePtr, Bool)] = [(start, true)]
        while let (node, entering) = stack.popLast() {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let name = node.pointee.name.map { String(cString: $0) } ?? ""
                if !entering {
                    if paragraphs.contains(name) { builder.paragraph() }
                    continue
                }
                if lineBreaks.contains(name) { builder.lineBreak() }
                if tabs.contains(name) { builder.append(" ") }
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

    /// Dublin Core title and creator, and the creation date (`created` local name), from an
    /// office metadata file.
    static func metadata(_ bytes: [UInt8], into content: inout DocumentContent, created: String) {
        guard let document = parse(bytes) else { return }
        defer { xmlFreeDoc(document) }
        content.title = elements(document, named: "title").first.flatMap(textContent)
        content.author = elements(document, named: "creator").first.flatMap(textContent)
            ?? elements(document, named: "initial-creator").first.flatMap(textContent)
        content.published = elements(document, named: created).first.flatMap(textContent)
        content.language = elements(document, named: "language").first.flatMap(textContent)
    }

    /// Elements with this local name, in document order.
    static func elements(_ document: xmlDocPtr, named name: String) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        var stack: [xmlNodePtr] = []
        if let root = xmlDocGetRootElement(document) { stack.append(root) }
        while let node = stack.popLast() {
            guard node.pointee.type == XML_ELEMENT_NODE else { continue }
            if let local = node.pointee.name, String(cString: local) == name { found.append(node) }
            stack.append(contentsOf: LibXML2.siblings(from: node.pointee.children).reversed())
        }
        return found
    }

    static func textContent(_ node: xmlNodePtr) -> String? {
        guard let raw = xmlNodeGetContent(node) else { return nil }
        defer { glean_xmlFree(raw) }
        let text = String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { glean_xmlFree(value) }
        return String(cString: value)
    }
}
