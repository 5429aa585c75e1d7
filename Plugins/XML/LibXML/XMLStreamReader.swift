import CLibXML2
import Foundation
import GleanCore
import GleanHTML

/// A streaming XML reader over libxml2's `xmlTextReader`: one node at a time, flat memory
/// whatever the document size (≈143 MB/s here, see TOOLCHAIN-NOTES).
///
/// Every document is untrusted. Parsing never touches the network (`XML_PARSE_NONET`), never
/// loads external DTDs or external entities (no `DTDLOAD`, no `NOENT`), keeps libxml2's default
/// limits (no `HUGE`), and entity references are never expanded by this layer: a reference to an
/// entity declared in the document is skipped (the "quadratic blow-up" trap in TOOLCHAIN-NOTES),
/// while one of the HTML names feeds use without declaring (`&nbsp;`, `&eacute;`) becomes its
/// character. Errors are collected with line and column instead of being printed.
///
/// Faults: libxml2 stops at the first fatal error (no `RECOVER`: what it would rebuild after one
/// is guesswork) or limit. Reading then delivers every node parsed before the fault — also those
/// libxml2's reader had parsed ahead (it parses 512-byte chunks and gives up on the whole chunk
/// that holds the fault), through a walker over the part of the tree built before it — and then
/// throws ``ParseFailure``. The end of an element still open at the fault is never reported, so
/// an element whose end a caller sees is complete. Reading never ends quietly after a fault: the
/// reader's own "end of document" after a limit stopped the parser becomes a ``ParseFailure``.
///
/// Not `Sendable`: a reader belongs to the task that reads.
package final class XMLStreamReader {
    /// libxml2 node types (`xmlReaderTypes`).
    enum NodeType: Int32 {
        case none = 0, element = 1, attribute = 2, text = 3, cdata = 4, entityReference = 5, entity = 6
        case processingInstruction = 7, comment = 8, document = 9, documentType = 10, documentFragment = 11
        case notation = 12, whitespace = 13, significantWhitespace = 14, endElement = 15, endEntity = 16, xmlDeclaration = 17
    }

    /// The streaming reader over the input.
    private let reader: xmlTextReaderPtr
    /// After a fault: a reader walking the part of the document parsed before it.
    private var walker: xmlTextReaderPtr?
    /// The reader delivering nodes: ``reader``, or ``walker`` after a fault.
    private var active: xmlTextReaderPtr
    private let log: ProblemLog
    private let keepAlive: AnyObject?
    /// The type of the node last delivered (libxml2's reader forgets it on an error).
    private(set) var nodeType: NodeType = .none
    /// The fault, once thrown: reading throws it again.
    private var failure: ParseFailure?
    /// Problems reported so far, in order (at most 100 are kept).
    var problems: [Problem] { log.problems }

    /// The options every parse uses (see the type's documentation).
    static let safeOptions: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)

    /// Reads a file from disk, streaming. `baseURL` is the base for relative links (none: links
    /// stay as written, rather than being resolved against a local path).
    convenience init(path: String, baseURL: String? = nil, encoding: String? = nil) throws {
        try self.init(stream: try DescriptorStream(path: path), location: path, baseURL: baseURL, encoding: encoding)
    }

    /// Reads a stream (a file, standard input, an archive entry), streaming. `baseURL` as for
    /// ``init(path:baseURL:encoding:)``; `location` names the input in errors.
    convenience init(stream: any ByteStream, location: String, baseURL: String? = nil, encoding: String? = nil) throws {
        LibXML2.routeMessagesHere()
        let input = RepairingInput(stream: stream, forcingEncoding: encoding != nil)
        let context = Unmanaged.passUnretained(input).toOpaque()
        guard let reader = xmlReaderForIO({ context, buffer, length in
            guard let context, let buffer else { return -1 }
            return Unmanaged<RepairingInput>.fromOpaque(context).takeUnretainedValue().read(into: buffer, length: Int(length))
        }, nil, context, baseURL, encoding, Self.safeOptions) else {
            input.cancel()
            throw GleanError(.io, "cannot open for reading", at: .file(path: location, line: nil, column: nil))
        }
        self.init(reader: reader, keepAlive: input)
    }

    /// Reads a document held in memory; `url` is its base for relative links.
    package convenience init(bytes: [UInt8], url: String?, encoding: String? = nil) throws {
        LibXML2.routeMessagesHere()
        var repair = EntityRepair()
        var repaired = bytes.withUnsafeBytes { repair.process($0, final: true) }
        if encoding != nil { repaired = XMLDeclaration.removingEncoding(repaired) }
        let storage = ByteStorage(repaired)
        guard let reader = xmlReaderForMemory(storage.pointer, Int32(storage.count), url, encoding, Self.safeOptions) else {
            throw GleanError(.malformedInput, "libxml2 could not start reading the document", at: url.map { .file(path: $0, line: nil, column: nil) })
        }
        self.init(reader: reader, keepAlive: storage)
    }

    private init(reader: xmlTextReaderPtr, keepAlive: AnyObject?) {
        self.reader = reader
        active = reader
        self.keepAlive = keepAlive
        log = ProblemLog()
        glean_set_reader_error_handler(reader, Self.recordProblem, Unmanaged.passUnretained(log).toOpaque())
    }

    /// The reader's error handler: the context is its ``ProblemLog``.
    private static let recordProblem: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        Unmanaged<ProblemLog>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
    }

    /// Runs `body` — reads of this reader — with the messages libxml2 raises on this thread without
    /// a parser context (encoding conversion errors: "input conversion failed … bytes 0x81 0x20")
    /// recorded as this reader's problems, rather than logged with no position. Per stretch of
    /// reads, not per read: switching costs a few thread-local accesses.
    func attributingMessages<T>(_ body: () throws -> T) rethrows -> T {
        let saved = glean_swap_structured_errors(Self.recordProblem, Unmanaged.passUnretained(log).toOpaque())
        defer { glean_restore_structured_errors(saved) }
        return try body()
    }

    deinit {
        // The walker walks the reader's tree: it goes first.
        if let walker { xmlFreeTextReader(walker) }
        xmlFreeTextReader(reader)
        (keepAlive as? RepairingInput)?.cancel()
    }

    /// Moves to the next node; false at the end of the document. Throws ``ParseFailure`` where
    /// libxml2 stopped on a fault, after every node before it (see the type's documentation).
    func read() throws -> Bool {
        if let failure { throw failure }
        var result = xmlTextReaderRead(active)
        // A failed read leaves libxml2's reader on the node it delivered last.
        if result < 0, active == reader, startWalking(resumingAt: (xmlTextReaderCurrentNode(reader), nodeType)) {
            result = xmlTextReaderRead(active)
        }
        return try settle(result)
    }

    /// Skips the current node's subtree; false at the end of the document. Throws like ``read()``.
    func skipSubtree() throws -> Bool {
        if let failure { throw failure }
        // A failed skip may leave libxml2's reader inside the subtree: remember where it started.
        let start = (node: xmlTextReaderCurrentNode(active), type: nodeType)
        var result = xmlTextReaderNext(active)
        if result < 0, active == reader, startWalking(resumingAt: start) {
            result = xmlTextReaderNext(active)
        }
        return try settle(result)
    }

    /// The current element's subtree as a DOM node, valid until the reader moves on. Throws
    /// ``ParseFailure`` when the element was still open at a fault (its subtree is incomplete).
    func expand() throws -> xmlNodePtr {
        if let failure { throw failure }
        var node = xmlTextReaderExpand(active)
        if node == nil, active == reader, let current = xmlTextReaderCurrentNode(reader), startWalking(resumingAt: (current, nodeType)) {
            node = xmlTextReaderExpand(active)
        }
        guard let node, !isOpenAtFault(node) else { throw fail() }
        return node
    }

    /// Turns a move's result into a node, the end, or the fault.
    private func settle(_ result: Int32) throws -> Bool {
        switch result {
        case 1:
            nodeType = NodeType(rawValue: xmlTextReaderNodeType(active)) ?? .none
            // Only after a fault (rare) does an end need checking.
            if nodeType == .endElement, log.hasFault, let node = xmlTextReaderCurrentNode(active), isOpenAtFault(node) { throw fail() }
            return true
        case 0 where active == reader && !log.parserStopped:
            return false
        default:
            throw fail()
        }
    }

    /// Whether `node` is an element that was still open when libxml2 stopped.
    private func isOpenAtFault(_ node: xmlNodePtr) -> Bool {
        guard log.hasFault else { return false }
        // After an input error (raised ahead of the parsing) the streaming reader still delivers
        // what the parser reads before it stops: those ends are real.
        if active == reader, !log.knowsOpenElements, !log.contextStopped { return false }
        return log.openElements(in: node.pointee.doc).contains(node)
    }

    /// Switches to a walker over the tree libxml2 built before the fault, positioned on `last`
    /// (nil: nothing was delivered yet). False when there is no tree or `last` is not in it.
    private func startWalking(resumingAt last: (node: xmlNodePtr?, type: NodeType)) -> Bool {
        noteFaultIfUnknown()
        guard walker == nil, let document = log.context?.pointee.myDoc ?? last.node?.pointee.doc,
              let walker = xmlReaderWalker(document) else { return false }
        self.walker = walker
        _ = log.openElements(in: document)
        if let target = last.node {
            while true {
                guard xmlTextReaderRead(walker) == 1 else { return false }
                if xmlTextReaderCurrentNode(walker) == target, xmlTextReaderNodeType(walker) == last.type.rawValue { break }
            }
        }
        active = walker
        return true
    }

    /// Records the fault as thrown and returns it.
    private func fail() -> ParseFailure {
        noteFaultIfUnknown()
        let thrown = ParseFailure(problem: log.fault!)
        failure = thrown
        return thrown
    }

    /// libxml2 stopped without a fatal parser error (an encoding conversion error, a read error):
    /// the fault is at the reader's position, saying what libxml2 said without a position.
    private func noteFaultIfUnknown() {
        if let fault = log.fault {
            // Raised without a position (encoding errors): where the streaming reader stopped.
            if fault.line == 0, active == reader { (log.fault!.line, log.fault!.column) = (line, column) }
            return
        }
        let unplaced = log.problems.first { $0.line == 0 } ?? log.problems.last
        let message = "the document could not be read to its end" + (unplaced.map { ": \($0.message)" } ?? "")
        log.noteFault(Problem(line: line, column: column, message: message, fatal: true, libxml2Code: unplaced?.libxml2Code ?? 0))
    }

    var depth: Int { Int(xmlTextReaderDepth(active)) }
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(active) == 1 }
    /// The local name (without prefix).
    var localName: String { interned(xmlTextReaderConstLocalName(active)) }
    var namespaceURI: String { interned(xmlTextReaderConstNamespaceUri(active)) }
    /// The local name as libxml2 interned it: the same pointer for the same name for the reader's
    /// lifetime, so callers can remember facts about names by pointer.
    var localNamePointer: UnsafePointer<xmlChar>? { xmlTextReaderConstLocalName(active) }
    /// The namespace URI as libxml2 interned it (nil without a namespace); see ``localNamePointer``.
    var namespacePointer: UnsafePointer<xmlChar>? { xmlTextReaderConstNamespaceUri(active) }
    /// The text of a text or CDATA node as a C string, valid until the reader moves on.
    var valuePointer: UnsafePointer<xmlChar>? { xmlTextReaderConstValue(active) }
    /// Text of text, CDATA and whitespace nodes; value of attributes.
    var value: String? { string(xmlTextReaderConstValue(active)) }
    /// The in-scope `xml:lang`.
    var language: String? { string(xmlTextReaderConstXmlLang(active)) }
    /// The base URI in scope (document URL combined with `xml:base`).
    var baseURI: String? { string(xmlTextReaderConstBaseUri(active)) }
    /// The parser's line; after a fault, the line where the current node starts.
    var line: Int {
        if active == reader { return Int(xmlTextReaderGetParserLineNumber(reader)) }
        return xmlTextReaderCurrentNode(active).map { Int(xmlGetLineNo($0)) } ?? 0
    }
    /// The parser's column; 0 after a fault (the tree keeps no columns).
    var column: Int { active == reader ? Int(xmlTextReaderGetParserColumnNumber(reader)) : 0 }

    /// The value of an attribute of the current element by qualified name.
    func attribute(_ name: String) -> String? {
        guard let raw = xmlTextReaderGetAttribute(active, name) else { return nil }
        defer { glean_xmlFree(raw) }
        return String(cString: raw)
    }

    /// The markup inside the current element, serialised (entity references stay references).
    func innerXML() -> String {
        guard let raw = xmlTextReaderReadInnerXml(active) else { return "" }
        defer { glean_xmlFree(raw) }
        return String(cString: raw)
    }

    /// The character an HTML entity name stands for (`nbsp` → U+00A0), for references a feed uses
    /// without declaring them. Names declared in the document are never expanded here.
    static func htmlEntity(_ name: String) -> String? {
        guard let entity = htmlEntityLookup(name) else { return nil }
        return Unicode.Scalar(entity.pointee.value).map { String(Character($0)) }
    }

    /// Names and namespace URIs come from the parser's dictionary: the same pointer for the same
    /// string for the reader's lifetime. Caching their Swift strings by pointer saves an allocation
    /// per node (measured: a few percent of feed reading). Bounded, for documents with many names.
    private var names: [UnsafePointer<xmlChar>: String] = [:]

    private func interned(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        if let known = names[pointer] { return known }
        let value = String(cString: pointer)
        if names.count < 4096 { names[pointer] = value }
        return value
    }

    private func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

/// Bytes with a stable address for libxml2's memory reader.
private final class ByteStorage {
    let pointer: UnsafeMutablePointer<CChar>
    let count: Int
    init(_ bytes: [UInt8]) {
        count = bytes.count
        pointer = .allocate(capacity: max(bytes.count, 1))
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { UnsafeMutableRawPointer(pointer).copyMemory(from: base, byteCount: raw.count) }
        }
    }
    deinit { pointer.deallocate() }
}
