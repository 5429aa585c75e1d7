import CLibXML2
import Foundation
import GleanCore

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
        /// The elements open when the fault was met, innermost first: their end tags were never
        /// read, so they are incomplete (``XMLStreamReader`` never reports their end).
        var openAtFault: [xmlNodePtr] = []
        /// The parser context, learnt from the first parser error (libxml2's reader has no getter).
        var context: xmlParserCtxtPtr?

        func record(_ error: xmlError) {
            let problem = Problem(error)
            if context == nil, let raw = error.ctxt, error.domain == Int32(XML_FROM_PARSER.rawValue) || error.domain == Int32(XML_FROM_NAMESPACE.rawValue) {
                context = raw.assumingMemoryBound(to: xmlParserCtxt.self)
            }
            if fault == nil, problem.fatal {
                noteFault(problem)
            } else if fault != nil, !knowsOpenElements {
                // The fault came without a parser context (an encoding error); this is the first
                // error that has one, raised as the parser met the fault's consequences.
                noteOpenElements()
            }
            if problems.count < 100 { problems.append(problem) }
        }

        /// Remembers the fault and the elements open at it (read now: libxml2 may pop the
        /// innermost after reporting).
        func noteFault(_ problem: Problem) {
            fault = problem
            noteOpenElements()
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

        /// Whether ``openAtFault`` is known (it is when the parser context is).
        private var knowsOpenElements = false

        /// Without the parser context, takes every element that may be open as open: the last
        /// element child at each depth from the root (a complete last element is then lost, never
        /// an incomplete one reported).
        func assumeOpenElements(in document: xmlDocPtr) {
            guard !knowsOpenElements else { return }
            knowsOpenElements = true
            var node = xmlDocGetRootElement(document)
            while let current = node {
                openAtFault.append(current)
                var child = current.pointee.last
                while let candidate = child, candidate.pointee.type != XML_ELEMENT_NODE { child = candidate.pointee.prev }
                node = child
            }
        }

        /// Whether the parser stopped before the end of the document (a fatal error, or a limit
        /// libxml2 reports as a mere error but stops on).
        var parserStopped: Bool {
            if fault != nil { return true }
            guard let context else { return false }
            return context.pointee.wellFormed == 0 || context.pointee.disableSAX != 0
        }
    }
}
