import CLibXML2
import Foundation
import GleanCore
import GleanHTML
import GleanInputs
import Logging

/// The `xml` source: one record per element matching `record` (e.g. `catalog/book`), streamed.
///
/// An element becomes an object: attributes as `@name`, child elements by name (repeated children
/// become arrays), text as `#text` when the element also has attributes or children, or as the
/// whole value when it has neither. Names keep the prefixes declared in `namespaces` (other
/// namespaced names keep their local name). `fields` adds XPath expressions evaluated with the
/// record element as context node. Only the matching element's subtree is held in memory.
/// Entity references declared by the document are not expanded (see ``XMLStreamReader``). A
/// fault part-way through a document keeps the records completed before it and dead-letters the
/// rest: one letter with `file:line:column`, the reason and the code.
public struct XMLSource: Source {
    public struct Configuration: StageConfiguration {
        /// Where the documents are and how they are read (the shared input options).
        public var inputs: InputOptions
        public var record: String
        public var namespaces: [String: String]
        public var fields: [(name: String, xpath: String)]
        public var encoding: String?
        public var arrays: Set<String>

        static let record = OptionKey<String>.required(
            "record", "string",
            doc: "Element path of the records from the root, `catalog/book`; a leading `//` matches at any depth (`//item`); `prefix:name` uses `namespaces`.")
        static let namespaces = OptionKey<[String: String]>(
            "namespaces", "{string: string}", default: [:], doc: "Prefix → namespace URI, for `record` and `fields`.")
        static let fields = OptionKey<Value>(
            "fields", "{string: string}", default: .object([:]), shown: "{}",
            doc: "Extra fields: name → XPath evaluated on the record element (`string(@id)`, `count(chapter)`, `author/name`).")
        static let encoding = OptionKey<String?>(
            "encoding", "string", default: nil, shown: "from the document",
            doc: "Force a character encoding instead of the BOM or XML declaration.")
        static let arrays = OptionKey<[String]>(
            "arrays", "[string]", default: [],
            doc: "Child element names that are always lists, even with one element (otherwise one child is a value, several a list).")

        static let incremental = InputOptionKeys.incremental(default: false)

        public static let options = [
            record.spec, namespaces.spec, fields.spec, encoding.spec, arrays.spec,
        ] + InputOptionKeys.specs(incremental: incremental)

        /// Reads the `record` elements of the documents at `path` (a file, folder, glob, archive or `-`).
        public init(path: String?, record: String) {
            inputs = InputOptions()
            inputs.paths = path.map { [$0] } ?? []
            self.record = record
            namespaces = [:]
            fields = []
            encoding = nil
            arrays = []
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            inputs = try InputOptionKeys.read(o, incremental: Self.incremental)
            record = try o[Self.record]
            namespaces = try o[Self.namespaces]
            fields = []
            if case .object(let map) = try o[Self.fields] {
                fields = try map.map { pair in
                    guard case .string(let xpath) = pair.value else { throw ConfigurationError(option: "fields", "the XPath for '\(pair.name)' must be a string") }
                    return (pair.name, xpath)
                }
            }
            encoding = try o[Self.encoding]
            arrays = Set(try o[Self.arrays])
        }

        public func validate() throws {
            try InputOptionKeys.validate(inputs)
            let steps = RecordPath(record)
            guard !steps.names.isEmpty, !steps.names.contains(where: \.isEmpty) else {
                throw ConfigurationError(option: "record", "'\(record)' is not an element path such as catalog/book or //item")
            }
            for name in steps.names where name.contains(":") {
                let prefix = String(name.split(separator: ":")[0])
                guard namespaces[prefix] != nil else { throw ConfigurationError(option: "record", "prefix '\(prefix)' is not declared in 'namespaces'") }
            }
            LibXML2.routeMessagesHere()
            let xpathContext = glean_quiet_xpath_context(nil)
            defer { xmlXPathFreeContext(xpathContext) }
            for (name, xpath) in fields {
                guard let compiled = xmlXPathCtxtCompile(xpathContext, xpath) else {
                    throw ConfigurationError(option: "fields", "the XPath for '\(name)' does not compile: \(xpath)")
                }
                xmlXPathFreeCompExpr(compiled)
            }
        }
    }

    /// `a/b/c` or `//c`.
    struct RecordPath {
        var anyDepth: Bool
        var names: [String]
        init(_ text: String) {
            anyDepth = text.hasPrefix("//")
            names = text.drop(while: { $0 == "/" }).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        }
    }

    let configuration: Configuration
    let context: StageContext

    public init(configuration: Configuration, context: StageContext) {
        self.configuration = configuration
        self.context = context
    }

    public mutating func run(into output: SourceOutput) async throws {
        _ = LibXML2.initialized
        let recordPath = RecordPath(configuration.record)
        let prefixes = Dictionary(uniqueKeysWithValues: configuration.namespaces.map { ($1, $0) })
        let inputs = InputReader(options: configuration.inputs, context: context)
        try await inputs.forEach(into: output) { input, batcher in
            let reader = try XMLStreamReader(stream: input.stream, location: input.location, baseURL: input.url, encoding: configuration.encoding ?? input.charset)
            do {
                try await read(reader, location: input.location, path: recordPath, prefixes: prefixes, &batcher, output)
            } catch where output.isStopRequested && error is CancellationError {
                try await batcher.flush()  // stopped by a signal: what was read is still delivered
                throw SourceStop()
            }
            input.reportProgress()
        }
    }

    /// Reads one document, emitting a record per matching element; a fault dead-letters the rest.
    private func read(_ reader: XMLStreamReader, location file: String, path: RecordPath, prefixes: [String: String], _ batcher: inout RecordBatcher, _ output: SourceOutput) async throws {
        var scan = RecordScan(path: path, prefixes: prefixes)
        var index = 0
        do {
            while let (node, line) = try scan.next(in: reader) {
                var fields = Self.object(node, prefixes: prefixes)
                for name in configuration.arrays {
                    if let value = fields[name], value.arrayValue == nil { fields[name] = .array([value]) }
                }
                for (field, xpath) in configuration.fields {
                    fields[field] = Self.evaluate(xpath, on: node, namespaces: configuration.namespaces)
                }
                let origin = RecordOrigin(stage: context.name, location: file, line: line, index: index)
                index += 1
                try await batcher.append(Record(fields: fields, origin: origin))
            }
        } catch let failure as XMLStreamReader.ParseFailure {
            // The records completed before the fault were sent; the rest of the document is one letter.
            let fault = failure.problem
            let error = "\(file):\(fault.line):\(fault.column): \(fault.message); reading stopped there: \(index) record(s) read before it, the rest of the document was not read"
            context.logger.warning("\(error)")
            try await output.reject(DeadLetter(
                origin: RecordOrigin(stage: context.name, location: file, line: fault.line, index: index), error: error, code: fault.code))
        }
    }

    static func name(local: String, namespace: String, prefixes: [String: String]) -> String {
        guard !namespace.isEmpty, let prefix = prefixes[namespace] else { return local }
        return prefix + ":" + local
    }

    /// An element as an object (see the type's documentation). Iterative over children, recursive
    /// over depth with a bound (libxml2 itself limits depth to 256 without HUGE).
    static func object(_ node: xmlNodePtr, prefixes: [String: String]) -> Fields {
        var fields = Fields()
        var attribute = node.pointee.properties
        while let current = attribute {
            let local = current.pointee.name.map { String(cString: $0) } ?? ""
            let namespace = current.pointee.ns?.pointee.href.map { String(cString: $0) } ?? ""
            fields["@" + name(local: local, namespace: namespace, prefixes: prefixes)] = .string(text(of: UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)))
            attribute = current.pointee.next
        }
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                let local = current.pointee.name.map { String(cString: $0) } ?? ""
                let namespace = current.pointee.ns?.pointee.href.map { String(cString: $0) } ?? ""
                let key = name(local: local, namespace: namespace, prefixes: prefixes)
                let value = value(of: current, prefixes: prefixes)
                // Element values are strings or objects, so an array here means a repeated child.
                if let existing = fields[key] {
                    if case .array(var items) = existing {
                        items.append(value)
                        fields[key] = .array(items)
                    } else {
                        fields[key] = .array([existing, value])
                    }
                } else {
                    fields[key] = value
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                text += current.pointee.content.map { String(cString: $0) } ?? ""
            case XML_ENTITY_REF_NODE:
                if let name = current.pointee.name.map({ String(cString: $0) }), let character = XMLStreamReader.htmlEntity(name) { text += character }
            default: break
            }
            child = current.pointee.next
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { fields["#text"] = .string(trimmed) }
        return fields
    }

    /// A child element's value: its text when it has no attributes and no element children.
    static func value(of node: xmlNodePtr, prefixes: [String: String]) -> Value {
        var hasElements = false
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { hasElements = true; break }
            child = current.pointee.next
        }
        if !hasElements, node.pointee.properties == nil {
            return .string(text(of: node).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return .object(object(node, prefixes: prefixes))
    }

    /// The text content of a node, without ever expanding a declared entity (iterative walk).
    static func text(of node: xmlNodePtr) -> String {
        var out = ""
        var stack: [xmlNodePtr] = []
        var child = node.pointee.children
        var firstLevel: [xmlNodePtr] = []
        while let current = child { firstLevel.append(current); child = current.pointee.next }
        stack = firstLevel.reversed()
        while let current = stack.popLast() {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                out += current.pointee.content.map { String(cString: $0) } ?? ""
            case XML_ENTITY_REF_NODE:
                if let name = current.pointee.name.map({ String(cString: $0) }), let character = XMLStreamReader.htmlEntity(name) { out += character }
            case XML_ELEMENT_NODE:
                var children: [xmlNodePtr] = []
                var next = current.pointee.children
                while let c = next { children.append(c); next = c.pointee.next }
                stack.append(contentsOf: children.reversed())
            default: break
            }
        }
        return out
    }

    /// Evaluates an XPath with `node` as context: strings, numbers, booleans, or node sets (one
    /// node → its text, several → an array of texts, none → null).
    static func evaluate(_ xpath: String, on node: xmlNodePtr, namespaces: [String: String]) -> Value {
        guard let document = node.pointee.doc, let context = glean_quiet_xpath_context(document) else { return .null }
        defer { xmlXPathFreeContext(context) }
        context.pointee.node = node
        for (prefix, uri) in namespaces { xmlXPathRegisterNs(context, prefix, uri) }
        guard let result = xmlXPathEvalExpression(xpath, context) else { return .null }
        defer { xmlXPathFreeObject(result) }
        switch result.pointee.type {
        case XPATH_STRING: return .string(result.pointee.stringval.map { String(cString: $0) } ?? "")
        case XPATH_NUMBER:
            let number = result.pointee.floatval
            return number.isFinite ? (number == number.rounded() && abs(number) < 1e15 ? .int(Int64(number)) : .double(number)) : .null
        case XPATH_BOOLEAN: return .bool(result.pointee.boolval != 0)
        case XPATH_NODESET:
            guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return .null }
            var texts: [Value] = []
            for i in 0..<Int(set.pointee.nodeNr) {
                guard let item = set.pointee.nodeTab[i] else { continue }
                if item.pointee.type == XML_ATTRIBUTE_NODE || item.pointee.type == XML_ELEMENT_NODE {
                    texts.append(.string(text(of: item).trimmingCharacters(in: .whitespacesAndNewlines)))
                } else {
                    texts.append(.string(item.pointee.content.map { String(cString: $0) } ?? ""))
                }
            }
            return texts.count == 1 ? texts[0] : .array(texts)
        default: return .null
        }
    }
}
