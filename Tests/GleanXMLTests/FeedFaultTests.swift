import Foundation
import GleanCore
import GleanTesting
@testable import GleanXML
import Testing

/// An RSS feed of `count` items, one per line from line 3 (item n on line n + 2), with `bytes`
/// inserted into the title of item `faulty`.
func feedWithFault(items count: Int, faulty: Int, bytes: [UInt8], description: (Int) -> String = { _ in "" }) -> [UInt8] {
    var feed = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>F</title>\n".utf8)
    for n in 1...count {
        feed += Array("<item><guid>\(n)</guid><title>Item \(n)".utf8)
        if n == faulty { feed += bytes }
        feed += Array(" end</title>\(description(n))</item>\n".utf8)
    }
    feed += Array("</channel></rss>\n".utf8)
    return feed
}

/// Faults that stop libxml2 in the middle of a feed: the items completed before them are kept,
/// the rest of the feed is one dead letter with the position and the code.
@Suite("rss source, faults")
struct FeedFaultTests {
    @Test(arguments: [[0xFF], [0x01], [0xC3, 0x28], [0x0C], [0xED, 0xA0, 0x80]] as [[UInt8]])
    func anInvalidByteInItem5KeepsItems1To4(bytes: [UInt8]) async throws {
        // Small enough that the whole feed is in libxml2's first chunk.
        let result = try await readFeed(feedWithFault(items: 8, faulty: 5, bytes: bytes))
        #expect(result.records.map(\.id) == ["1", "2", "3", "4"])
        #expect(result.records.map { $0["title"] } == ["Item 1 end", "Item 2 end", "Item 3 end", "Item 4 end"])
        try #require(result.rejected.count == 1, "\(result.rejected.map(\.error))")
        let letter = result.rejected[0]
        #expect(letter.error.contains("/feed.xml:7:"), "\(letter.error)")
        #expect(letter.error.contains("4 item(s) before it were read"), "\(letter.error)")
        #expect(!letter.error.contains("\n"))
        #expect(letter.code == .malformedInput)
        #expect(letter.origin.line == 7)
    }

    @Test func aFaultFarIntoALongFeedKeepsEveryItemBeforeIt() async throws {
        let result = try await readFeed(feedWithFault(items: 300, faulty: 250, bytes: [0x01]))
        #expect(result.records.map(\.id) == (1...249).map(String.init))
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.error.contains("/feed.xml:252:") == true, "\(result.rejected.map(\.error))")
    }

    @Test func aTooDeepElementStopsWithADeadLetterNotSilently() async throws {
        let deep = String(repeating: "<x>", count: 300) + "deep" + String(repeating: "</x>", count: 300)
        let feed = feedWithFault(items: 6, faulty: 0, bytes: []) { $0 == 3 ? "<description>\(deep)</description>" : "" }
        let result = try await readFeed(feed)
        #expect(result.records.map(\.id) == ["1", "2"])
        try #require(result.rejected.count == 1, "\(result.rejected.map(\.error))")
        #expect(result.rejected[0].code == .limitExceeded)
        #expect(result.rejected[0].error.contains("/feed.xml:5:"), "\(result.rejected[0].error)")
        #expect(!result.rejected[0].error.contains("XML_PARSE_HUGE"))
    }

    @Test func aHugeTextNodeStopsWithADeadLetterNotSilently() async throws {
        let huge = String(repeating: "a", count: 10_000_100)
        let feed = feedWithFault(items: 4, faulty: 0, bytes: []) { $0 == 2 ? "<description>\(huge)</description>" : "" }
        let result = try await readFeed(feed)
        #expect(result.records.map(\.id) == ["1"])
        try #require(result.rejected.count == 1, "\(result.rejected.map(\.error))")
        #expect(result.rejected[0].code == .limitExceeded)
        #expect(result.rejected[0].error.contains("/feed.xml:4:"), "\(result.rejected[0].error)")
    }

    @Test func aTruncatedFeedKeepsTheCompleteItemsAndDeadLettersTheRest() async throws {
        let result = try await readFeed("<rss><channel><item><title>kept</title></item>\n<item><title>cut")
        #expect(result.records.map { $0["title"] } == ["kept"])
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.error.contains("/feed.xml:2:") == true, "\(result.rejected.map(\.error))")
    }

    @Test func aMismatchedEndTagKeepsTheItemsBeforeIt() async throws {
        var feed = feedWithFault(items: 6, faulty: 0, bytes: [])
        let good = Array("<title>Item 4 end</title>".utf8)
        let bad = Array("<title>Item 4 end</tilte>".utf8)
        let at = try #require(feed.firstRange(of: good))
        feed.replaceSubrange(at, with: bad)
        let result = try await readFeed(feed)
        #expect(result.records.map(\.id) == ["1", "2", "3"])
        #expect(result.rejected.count == 1)
        #expect(result.rejected.first?.error.contains("/feed.xml:6:") == true, "\(result.rejected.map(\.error))")
    }

    @Test func recoverableProblemsAreNotDeadLettered() async throws {
        // An undeclared namespace prefix is a namespace error libxml2 reads past.
        let feed = "<rss><channel><item><guid>1</guid><media:thumbnail url='x'/></item><item><guid>2</guid></item></channel></rss>"
        let result = try await readFeed(feed)
        #expect(result.records.map(\.id) == ["1", "2"])
        #expect(result.rejected.isEmpty, "\(result.rejected.map(\.error))")
    }

    @Test func anEncodingErrorAfterARecoveredProblemStillKeepsOnlyCompleteItems() async throws {
        // The namespace error in item 1 gives the reader libxml2's parser context early; the
        // conversion error comes ahead of the parsing (the whole small feed is converted at once),
        // so the elements open at the fault are known only where the parser stops, in item 5.
        var feed = feedWithFault(items: 8, faulty: 5, bytes: [0x81, 0x20, 0xA0, 0xFF]) { $0 == 1 ? "<media:thumbnail url='x'/>" : "" }
        feed = feed.replacing(Array("UTF-8".utf8), with: Array("Shift_JIS".utf8))
        let result = try await readFeed(feed)
        #expect(result.records.map(\.id) == ["1", "2", "3", "4"])
        try #require(result.rejected.count == 1, "\(result.rejected.map(\.error))")
        #expect(result.rejected[0].error.contains("/feed.xml:7:"), "\(result.rejected[0].error)")
        #expect(result.rejected[0].error.contains("input conversion failed"), "\(result.rejected[0].error)")
    }

    @Test func concurrentReadersEachKeepTheirOwnProblems() async throws {
        // libxml2 raises encoding errors through per-thread handlers: readers on several threads
        // at once must each get their own, never a neighbour's.
        let shiftJIS = feedWithFault(items: 8, faulty: 5, bytes: [0x81, 0x20, 0xA0, 0xFF]).replacing(Array("UTF-8".utf8), with: Array("Shift_JIS".utf8))
        let control = feedWithFault(items: 8, faulty: 3, bytes: [0x01])
        try await withThrowingTaskGroup(of: (Int, [String], XMLStreamReader.Problem?).self) { group in
            for n in 0..<24 {
                group.addTask {
                    let reader = try XMLStreamReader(bytes: n.isMultiple(of: 2) ? shiftJIS : control, url: "https://example.org/\(n).xml")
                    var parser = FeedParser(reader: reader, defaultOffset: 0)
                    var ids: [String] = []
                    do {
                        while let item = try parser.next() { ids.append(item.fields["id"]?.stringValue ?? "") }
                        return (n, ids, nil)
                    } catch let failure as XMLStreamReader.ParseFailure {
                        return (n, ids, failure.problem)
                    }
                }
            }
            for try await (n, ids, problem) in group {
                let problem = try #require(problem, "reader \(n) ended without a fault")
                if n.isMultiple(of: 2) {
                    #expect(ids == ["1", "2", "3", "4"], "reader \(n)")
                    #expect(problem.message.contains("input conversion failed"), "reader \(n): \(problem)")
                    #expect(problem.line == 7, "reader \(n): \(problem)")
                } else {
                    #expect(ids == ["1", "2"], "reader \(n)")
                    #expect(!problem.message.contains("conversion"), "reader \(n): \(problem)")
                    #expect(problem.line == 5, "reader \(n): \(problem)")
                }
            }
        }
    }

    @Test func theSameHoldsForFeedsFetchedIntoMemory() async throws {
        let reader = try XMLStreamReader(bytes: feedWithFault(items: 8, faulty: 5, bytes: [0xFF]), url: "https://example.org/feed.xml")
        var parser = FeedParser(reader: reader, defaultOffset: 0)
        var ids: [String] = []
        let failure = #expect(throws: XMLStreamReader.ParseFailure.self) {
            while let item = try parser.next() { ids.append(item.fields["id"]?.stringValue ?? "") }
        }
        #expect(ids == ["1", "2", "3", "4"])
        #expect(failure?.problem.line == 7)
        #expect(failure?.problem.code == .malformedInput)
    }
}
