import CLibXML2
import Foundation
import GleanCore
import GleanHTML

extension XMLStreamReader {
    /// One problem libxml2 reported about the document.
    package struct Problem: CustomStringConvertible, Sendable {
        package var line: Int
        package var column: Int
        package var message: String
        /// libxml2 gave up here (a fatal error, or a limit such as depth 256 or a 10 MB text node):
        /// nothing after it is read.
        package var fatal: Bool
        /// libxml2's error number (`xmlParserErrors`); 0 when Glean found the problem itself.
        package var libxml2Code: Int32
        /// What kind of problem: `limit_exceeded` for libxml2's limits on untrusted input,
        /// `malformed_input` for everything else.
        package var code: GleanError.Code

        package var description: String { "\(line):\(column): \(message)" }

        init(line: Int, column: Int, message: String, fatal: Bool, libxml2Code: Int32 = 0, code: GleanError.Code = .malformedInput) {
            self.line = line
            self.column = column
            self.message = message
            self.fatal = fatal
            self.libxml2Code = libxml2Code
            self.code = code
        }

        /// A problem from libxml2's error record.
        init(_ error: xmlError) {
            var message = LibXML2.message(error)
            if message.isEmpty { message = "unknown error" }
            // A text node over 10 MB is reported as "out of memory"; depth, names and lookups
            // past libxml2's limits suggest XML_PARSE_HUGE, which untrusted input never gets.
            let isLimit = error.code == Int32(XML_ERR_NO_MEMORY.rawValue) || message.contains("XML_PARSE_HUGE") || message.lowercased().contains("huge")
            if isLimit {
                message = message.replacingOccurrences(of: " use XML_PARSE_HUGE option", with: "")
                message += " (a limit kept for untrusted input)"
            }
            self.init(
                line: Int(error.line), column: Int(error.int2), message: message,
                fatal: error.level == XML_ERR_FATAL || error.code == Int32(XML_ERR_NO_MEMORY.rawValue),
                libxml2Code: Int32(error.code), code: isLimit ? .limitExceeded : .malformedInput)
        }
    }

    /// Thrown when reading stops on a fault: every node before it was delivered first.
    package struct ParseFailure: Error, CustomStringConvertible {
        package var problem: Problem
        package var description: String { problem.description }
    }

    /// What libxml2 reported while parsing, filled by the reader's error handler (a C callback
    /// reached through a context pointer; it runs on the thread that is reading, inside libxml2).
    final class ProblemLog {
        /// Problems in order (at most 100 are kept).
        var problems: [Problem] = []
        /// The first problem after which libxml2 parses no further.
        var fault: Problem? { didSet { hasFault = fault != nil } }
        /// `fault != nil`, without copying the problem (checked per end tag).
        private(set) var hasFault = false
        /// The elements open at the fault, innermost first, once known: their end tags were
        /// never read, so they are incomplete (``XMLStreamReader`` never reports their end).
        private var openAtFault: [xmlNodePtr] = []
        /// Whether ``openAtFault`` is known.
        private(set) var knowsOpenElements = false
        /// The parser context, learnt from the first parser error (libxml2's reader has no getter).
        var context: xmlParserCtxtPtr?

        func record(_ error: xmlError) {
            let fatal = error.level == XML_ERR_FATAL || error.code == Int32(XML_ERR_NO_MEMORY.rawValue)
            // Past 100 problems only a first fault is still worth building (a feed with a
            // namespace slip in every item raises one per item).
            guard problems.count < 100 || (fatal && fault == nil) || (fatal && !knowsOpenElements) else { return }
            let problem = Problem(error)
            let fromParser = error.ctxt != nil && (error.domain == Int32(XML_FROM_PARSER.rawValue) || error.domain == Int32(XML_FROM_NAMESPACE.rawValue))
            if context == nil, fromParser, let raw = error.ctxt { context = raw.assumingMemoryBound(to: xmlParserCtxt.self) }
            if fault == nil, problem.fatal {
                fault = problem
            }
            // A fatal parser error is raised where the parser stops: the elements open now are
            // those open at the fault (read now: libxml2 may pop the innermost after reporting).
            // An input error (encoding conversion) is raised ahead of the parsing, which goes on
            // with what was converted before it: the open elements are known only where the
            // parser stops (a later fatal parser error, or ``openElements(in:)`` once stopped).
            if fault != nil, !knowsOpenElements, fromParser, problem.fatal { noteOpenElements() }
            if problems.count < 100 { problems.append(problem) }
        }

        /// Records a fault the reader found itself (libxml2 stopped without saying so).
        func noteFault(_ problem: Problem) {
            fault = problem
        }

        private func noteOpenElements() {
            guard let context else { return }
            knowsOpenElements = true
            var node = context.pointee.node
            while let current = node, current.pointee.type == XML_ELEMENT_NODE {
                openAtFault.append(current)
                node = current.pointee.parent
            }
        }

        /// The elements open at the fault, innermost first (call once the parser has stopped).
        /// Without the parser context, every element that may be open counts as open: the last
        /// element child at each depth from the root of `document` (a complete last element is
        /// then lost, never an incomplete one reported).
        func openElements(in document: xmlDocPtr?) -> [xmlNodePtr] {
            if !knowsOpenElements { noteOpenElements() }
            if !knowsOpenElements, let document {
                knowsOpenElements = true
                var node = xmlDocGetRootElement(document)
                while let current = node {
                    openAtFault.append(current)
                    var child = current.pointee.last
                    while let candidate = child, candidate.pointee.type != XML_ELEMENT_NODE { child = candidate.pointee.prev }
                    node = child
                }
            }
            return openAtFault
        }

        /// Whether the parser stopped before the end of the document (a fatal error, or a limit
        /// libxml2 reports as a mere error but stops on).
        var parserStopped: Bool { fault != nil || contextStopped }

        /// The parser context says parsing has stopped (false when the context is unknown).
        var contextStopped: Bool {
            guard let context else { return false }
            return context.pointee.wellFormed == 0 || context.pointee.disableSAX != 0
        }
    }
}
