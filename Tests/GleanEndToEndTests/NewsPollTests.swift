import Foundation
import GleanCore
import GleanTesting
import Testing

/// Pipelines/news-poll.yml (the cron recipe) against a local feed server.
@Suite("news-poll pipeline")
struct NewsPollTests {
    @Test func pollsTheOPMLFeedsAndThenOnlyNewItems() async throws {
        let server = try ScriptServer(script: GleanProcess.packageRoot + "/Tests/GleanXMLTests/Support/feed_server.py")
        let port = server.port

        let work = TemporaryDirectory()
        let opml = work.write("feeds.opml", """
            <opml version="2.0"><body><outline type="rss" xmlUrl="http://127.0.0.1:\(port)/etag.xml"/>
            <outline type="rss" xmlUrl="http://127.0.0.1:\(port)/missing.xml"/><outline type="rss" xmlUrl="http://127.0.0.1:\(port)/other.xml"/></body></opml>
            """)
        let pipeline = GleanProcess.packageRoot + "/Pipelines/news-poll.yml"
        let environment = ["FEEDS_OPML": opml, "OUT_DIR": work.path + "/out"]
        let arguments = ["run", pipeline, "--state-dir", work.path + "/state", "--progress", "never"]
        let first = try await GleanProcess.run(arguments, environment: environment)
        #expect(first.status == 3, "\(first.stderr)")  // the missing feed is dead-lettered
        #expect(first.stderr.contains("missing.xml: HTTP 404 Not Found"))
        let items = try #require(work.read("out/news-poll.jsonl")).split(separator: "\n")
        #expect(items.count == 2)
        #expect(items.allSatisfy { $0.contains("\"changed\":false") })

        let second = try await GleanProcess.run(arguments, environment: environment)
        #expect(second.status == 3)
        #expect(work.read("out/news-poll.jsonl") == "")  // nothing new: 304 and already-seen items
        #expect(try server.counts()["/etag.xml"] == 2)
    }
}
