import CLibXML2
import Foundation
import Logging

/// libxml2's process-wide set-up: initialisation, and where its messages go.
///
/// libxml2 prints its complaints to standard error unless told otherwise, which breaks
/// `--log-format json`. Each parse Glean runs has a handler of its own: a reader collects its
/// problems (``XMLStreamReader/problems``) for its stage to report with the file's position, the
/// HTML parser's complaints are discarded (``HTMLText``), XPath errors are discarded per context.
/// What is left — messages libxml2 raises without a parser context, such as encoding conversion
/// errors, and printf-style "generic" messages — goes through swift-log with the label
/// `glean.libxml2`.
///
/// libxml2's handlers are per thread: a thread copies the defaults the first time it uses
/// libxml2, so ``initialized`` sets the defaults before any other use (every entry point touches
/// it first), and ``routeMessagesHere()`` mends a thread that used libxml2 before.
package enum LibXML2 {
    /// Initialises libxml2 once (thread safety needs `xmlInitParser` before concurrent use) and
    /// routes its messages through swift-log on every thread.
    package static let initialized: Bool = {
        xmlInitParser()
        glean_route_errors(logMessage)
        return true
    }()

    /// Makes sure the calling thread's libxml2 messages go through swift-log; cheap (two
    /// thread-local reads when they already do).
    package static func routeMessagesHere() {
        _ = initialized
        glean_route_errors_here(logMessage)
    }

    /// The structured handler: one log line per message, thread-safe (it shares nothing).
    private static let logMessage: xmlStructuredErrorFunc = { _, error in
        guard let error else { return }
        let text = LibXML2.message(error.pointee)
        guard !text.isEmpty else { return }
        var metadata: Logger.Metadata = ["libxml2_code": "\(error.pointee.code)", "libxml2_domain": "\(error.pointee.domain)"]
        if let file = error.pointee.file { metadata["file"] = .string(String(cString: file)) }
        if error.pointee.line > 0 { metadata["line"] = "\(error.pointee.line)" }
        let level: Logger.Level = error.pointee.level == XML_ERR_WARNING ? .info : .warning
        Logger(label: "glean.libxml2").log(level: level, "libxml2: \(text)", metadata: metadata)
    }

    /// A node and its next siblings, in order (`siblings(from: node.pointee.children)`: a node's
    /// children), for the iterative walks over parsed documents.
    package static func siblings(from first: xmlNodePtr?) -> [xmlNodePtr] {
        var nodes: [xmlNodePtr] = []
        var next = first
        while let node = next {
            nodes.append(node)
            next = node.pointee.next
        }
        return nodes
    }

    /// An error's message on one line: libxml2 ends messages with a newline and sometimes adds a
    /// second line ("Bytes: 0xFF 0x20 …").
    package static func message(_ error: xmlError) -> String {
        guard let raw = error.message else { return "" }
        let text = String(cString: raw)
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
