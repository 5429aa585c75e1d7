import CLibXML2
import GleanCore

/// Walks a document to the elements matching an `xml` source's record path, one match per call.
///
/// Each call is one synchronous stretch of reading (between two records the source awaits its
/// output), run with libxml2's context-free messages attributed to the reader (see
/// ``XMLStreamReader/attributingMessages(_:)``). A match's subtree is skipped on the next call.
struct RecordScan {
    let path: XMLSource.RecordPath
    /// Namespace URI → prefix, for names in `path`.
    let prefixes: [String: String]
    /// Element names from the root to the current element.
    private var stack: [String] = []
    /// The last call returned a match, whose subtree the next call skips.
    private var afterMatch = false

    init(path: XMLSource.RecordPath, prefixes: [String: String]) {
        self.path = path
        self.prefixes = prefixes
    }

    /// The next complete matching element and the line the reader is at, or nil at the end.
    /// Throws ``XMLStreamReader/ParseFailure`` at a fault (after the matches before it).
    mutating func next(in reader: XMLStreamReader) throws -> (node: xmlNodePtr, line: Int)? {
        try reader.attributingMessages {
            var advanced: Bool
            if afterMatch {
                stack.removeLast()
                advanced = try reader.skipSubtree()
            } else {
                advanced = try reader.read()
            }
            afterMatch = false
            while advanced {
                guard reader.nodeType == .element else {
                    if reader.nodeType == .endElement { stack.removeLast() }
                    advanced = try reader.read()
                    continue
                }
                let name = XMLSource.name(local: reader.localName, namespace: reader.namespaceURI, prefixes: prefixes)
                while stack.count > reader.depth { stack.removeLast() }
                stack.append(name)
                let matches = path.anyDepth ? stack.suffix(path.names.count).elementsEqual(path.names) : stack == path.names
                if matches {
                    afterMatch = true
                    return (try reader.expand(), reader.line)
                }
                if reader.isEmptyElement { stack.removeLast() }
                advanced = try reader.read()
            }
            return nil
        }
    }
}
