import CLibXML2
import Foundation
import GleanCore

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
/// Not `Sendable`: a reader belongs to the task that reads.
package final class XMLStreamReader {
    /// One problem libxml2 reported.
    struct Problem: CustomStringConvertible {
        var line: Int
        var column: Int
        var message: String
        var fatal: Bool
        var description: String { "\(line):\(column): \(message)" }
    }

    /// libxml2 node types (`xmlReaderTypes`).
    enum NodeType: Int32 {
        case none = 0, element = 1, attribute = 2, text = 3, cdata = 4, entityReference = 5, entity = 6
        case processingInstruction = 7, comment = 8, document = 9, documentType = 10, documentFragment = 11
        case notation = 12, whitespace = 13, significantWhitespace = 14, endElement = 15, endEntity = 16, xmlDeclaration = 17
    }

    private let reader: xmlTextReaderPtr
    private let errorBox: ErrorBox
    private let keepAlive: AnyObject?
    /// Problems reported so far, in order (at most 100 are kept).
    var problems: [Problem] { errorBox.problems }

    private final class ErrorBox {
        var problems: [Problem] = []
    }

    /// The options every parse uses (see the type's documentation).
    static let safeOptions: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
    static let recoverOption: Int32 = Int32(XML_PARSE_RECOVER.rawValue)

    /// Reads a file from disk, streaming. `baseURL` is the base for relative links (none: links
    /// stay as written, rather than being resolved against a local path).
    convenience init(path: String, baseURL: String? = nil, encoding: String? = nil, recover: Bool = true) throws {
        let options = Self.safeOptions | (recover ? Self.recoverOption : 0)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw GleanError(.io, "cannot open for reading: \(String(cString: strerror(errno)))", at: .file(path: path, line: nil, column: nil))
        }
        let input = RepairingInput(fd: fd, forcingEncoding: encoding != nil)
        let context = Unmanaged.passUnretained(input).toOpaque()
        guard let reader = xmlReaderForIO({ context, buffer, length in
            guard let context, let buffer else { return -1 }
            return Unmanaged<RepairingInput>.fromOpaque(context).takeUnretainedValue().read(into: buffer, length: Int(length))
        }, nil, context, baseURL, encoding, options) else {
            input.cancel()
            throw GleanError(.io, "cannot open for reading", at: .file(path: path, line: nil, column: nil))
        }
        self.init(reader: reader, keepAlive: input)
    }

    /// Reads a document held in memory; `url` is its base for relative links.
    package convenience init(bytes: [UInt8], url: String?, encoding: String? = nil, recover: Bool = true) throws {
        let options = Self.safeOptions | (recover ? Self.recoverOption : 0)
        var repair = EntityRepair()
        var repaired = bytes.withUnsafeBytes { repair.process($0, final: true) }
        if encoding != nil { repaired = XMLDeclaration.removingEncoding(repaired) }
        let storage = ByteStorage(repaired)
        guard let reader = xmlReaderForMemory(storage.pointer, Int32(storage.count), url, encoding, options) else {
            throw GleanError(.malformedInput, "libxml2 could not start reading the document", at: url.map { .file(path: $0, line: nil, column: nil) })
        }
        self.init(reader: reader, keepAlive: storage)
    }

    private init(reader: xmlTextReaderPtr, keepAlive: AnyObject?) {
        self.reader = reader
        self.keepAlive = keepAlive
        errorBox = ErrorBox()
        glean_set_reader_error_handler(reader, { context, error in
            guard let context, let error else { return }
            let box = Unmanaged<ErrorBox>.fromOpaque(context).takeUnretainedValue()
            guard box.problems.count < 100 else { return }
            let message = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown error"
            box.problems.append(Problem(
                line: Int(error.pointee.line), column: Int(error.pointee.int2), message: message,
                fatal: error.pointee.level == XML_ERR_FATAL))
        }, Unmanaged.passUnretained(errorBox).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
        (keepAlive as? RepairingInput)?.cancel()
    }

    /// Moves to the next node; false at the end. Throws only when libxml2 stops on an error it
    /// cannot recover from (the problem is in ``problems``).
    func read() throws -> Bool {
        switch xmlTextReaderRead(reader) {
        case 1: return true
        case 0: return false
        default:
            let problem = problems.last { $0.fatal } ?? problems.last
            throw ParseFailure(problem: problem ?? Problem(line: line, column: column, message: "the document is not well-formed", fatal: true))
        }
    }

    /// Skips the current node's subtree; false at the end.
    func skipSubtree() throws -> Bool {
        switch xmlTextReaderNext(reader) {
        case 1: return true
        case 0: return false
        default:
            throw ParseFailure(problem: problems.last ?? Problem(line: line, column: column, message: "the document is not well-formed", fatal: true))
        }
    }

    struct ParseFailure: Error { var problem: Problem }

    var nodeType: NodeType { NodeType(rawValue: xmlTextReaderNodeType(reader)) ?? .none }
    var depth: Int { Int(xmlTextReaderDepth(reader)) }
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    /// The local name (without prefix).
    var localName: String { interned(xmlTextReaderConstLocalName(reader)) }
    var namespaceURI: String { interned(xmlTextReaderConstNamespaceUri(reader)) }
    /// The local name as libxml2 interned it: the same pointer for the same name for the reader's
    /// lifetime, so callers can remember facts about names by pointer.
    var localNamePointer: UnsafePointer<xmlChar>? { xmlTextReaderConstLocalName(reader) }
    /// The namespace URI as libxml2 interned it (nil without a namespace); see ``localNamePointer``.
    var namespacePointer: UnsafePointer<xmlChar>? { xmlTextReaderConstNamespaceUri(reader) }
    /// The text of a text or CDATA node as a C string, valid until the reader moves on.
    var valuePointer: UnsafePointer<xmlChar>? { xmlTextReaderConstValue(reader) }
    /// Text of text, CDATA and whitespace nodes; value of attributes.
    var value: String? { string(xmlTextReaderConstValue(reader)) }
    /// The in-scope `xml:lang`.
    var language: String? { string(xmlTextReaderConstXmlLang(reader)) }
    /// The base URI in scope (document URL combined with `xml:base`).
    var baseURI: String? { string(xmlTextReaderConstBaseUri(reader)) }
    var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }
    var column: Int { Int(xmlTextReaderGetParserColumnNumber(reader)) }

    /// The value of an attribute of the current element by qualified name.
    func attribute(_ name: String) -> String? {
        guard let raw = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { glean_xmlFree(raw) }
        return String(cString: raw)
    }

    /// The current element's subtree as a DOM node, valid until the reader moves on.
    func expand() -> xmlNodePtr? { xmlTextReaderExpand(reader) }

    /// The markup inside the current element, serialised (entity references stay references).
    func innerXML() -> String {
        guard let raw = xmlTextReaderReadInnerXml(reader) else { return "" }
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

/// A file read through ``EntityRepair``, for libxml2's I/O callbacks.
///
/// Reading and repairing run on a thread of their own, a few chunks ahead of the parser (at most
/// ``depth`` chunks of 256 KiB wait in memory): libxml2's parsing is the critical path of reading
/// a feed, and this took ≈ 8% of it. Closes the file when released.
private final class RepairingInput: @unchecked Sendable {
    private static let chunkSize = 1 << 18
    private static let depth = 4
    private let fd: Int32
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [[UInt8]] = []
    private var ended = false
    private var failed = false
    private var cancelled = false
    // Used by the parser's thread only.
    private var current: [UInt8] = []
    private var position = 0

    init(fd: Int32, forcingEncoding: Bool) {
        self.fd = fd
        let thread = Thread { [self] in produce(forcingEncoding: forcingEncoding) }
        thread.name = "glean-xml-input"
        thread.start()
    }

    deinit { close(fd) }

    /// Stops the reading thread (the parser is done with the file).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func produce(forcingEncoding: Bool) {
        var repair = EntityRepair()
        var forcing = forcingEncoding
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            var output: [UInt8] = []
            if n >= 0 {
                output = chunk.withUnsafeBytes { repair.process(UnsafeRawBufferPointer(rebasing: $0[0..<n]), final: n == 0) }
                if forcing, !output.isEmpty {
                    output = XMLDeclaration.removingEncoding(output)
                    forcing = false
                }
            }
            condition.lock()
            while ready.count >= Self.depth, !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            if !output.isEmpty { ready.append(output) }
            if n <= 0 {
                ended = true
                failed = n < 0
            }
            condition.broadcast()
            condition.unlock()
            if n <= 0 { return }
        }
    }

    /// Fills libxml2's buffer; 0 at the end, -1 on a read error.
    func read(into buffer: UnsafeMutablePointer<CChar>, length: Int) -> Int32 {
        if position >= current.count {
            condition.lock()
            while ready.isEmpty, !ended { condition.wait() }
            if ready.isEmpty {
                let result: Int32 = failed ? -1 : 0
                condition.unlock()
                return result
            }
            current = ready.removeFirst()
            position = 0
            condition.broadcast()
            condition.unlock()
        }
        let count = min(length, current.count - position)
        current.withUnsafeBytes { UnsafeMutableRawPointer(buffer).copyMemory(from: $0.baseAddress! + position, byteCount: count) }
        position += count
        return Int32(count)
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

/// One-time libxml2 initialisation (thread safety needs it before concurrent use).
enum LibXML2 {
    static let initialized: Bool = {
        xmlInitParser()
        return true
    }()
}
