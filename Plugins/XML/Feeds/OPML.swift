import GleanCore
import GleanHTML

/// Reads the feed URLs of an OPML subscription list (`<outline xmlUrl="…">`, nested or not).
enum OPML {
    static func feedURLs(path: String) throws -> [String] {
        _ = LibXML2.initialized
        let reader = try XMLStreamReader(path: path)
        var urls: [String] = []
        do {
            try reader.attributingMessages {
                while try reader.read() {
                    if reader.nodeType == .element, reader.localName == "outline", let url = reader.attribute("xmlUrl") ?? reader.attribute("xmlurl") {
                        let trimmed = url.trimmingCharacters(in: .whitespaces)
                        if !trimmed.isEmpty, !urls.contains(trimmed) { urls.append(trimmed) }
                    }
                }
            }
        } catch let failure as XMLStreamReader.ParseFailure {
            throw GleanError(.malformedInput, "not a readable OPML file: \(failure.problem.message)", at: .file(path: path, line: failure.problem.line, column: failure.problem.column))
        }
        return urls
    }
}

import Foundation
