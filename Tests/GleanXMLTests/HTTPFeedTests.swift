import Foundation
import GleanCore
import GleanHTTP
import GleanInputs
import GleanTesting
@testable import GleanXML
import Testing

/// The scripted feed server (Support/feed_server.py) on a free loopback port, one per test.
func FeedServer() throws -> ScriptServer {
    try ScriptServer(script: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/feed_server.py").path)
}

@Suite("rss source over HTTP", .serialized)
struct HTTPFeedTests {
    func read(_ urls: [String], timeout: Double = 5, retries: Int = 2, maxBytes: Int? = nil, state: Value? = nil, saved: StateBox = StateBox()) async throws -> (records: [Record], rejected: [DeadLetter]) {
        var configuration = RSSSource.Configuration(urls: urls)
        configuration.inputs.http.timeout = .milliseconds(Int64(timeout * 1000))
        configuration.inputs.http.retries = retries
        if let maxBytes { configuration.inputs.http.maximumBodyBytes = maxBytes }
        let context = StageHarness.context(name: "feeds", previousState: state, saveState: { saved.value = $0 })
        return try await StageHarness.run(RSSSource(configuration: configuration, context: context))
    }

    @Test func conditionalGetMakesAnUnchangedFeedCostA304() async throws {
        let server = try FeedServer()
        let saved = StateBox()
        let first = try await read([server.url("/etag.xml")], saved: saved)
        #expect(first.records.map(\.id) == ["1"])
        #expect(first.records.first?["link"] == .string(server.url("/items/1")))
        let http = saved.value?.objectValue?["http"]?.objectValue?[server.url("/etag.xml")]?.objectValue
        #expect(http?["etag"] == "\"v1\"")
        let second = try await read([server.url("/etag.xml")], state: saved.value, saved: saved)
        #expect(second.records.isEmpty)
        #expect(second.rejected.isEmpty)
        #expect(try server.counts()["/etag.xml"] == 2)
    }

    @Test func retriesServerErrorsAndHonoursRetryAfter() async throws {
        let server = try FeedServer()
        let started = ContinuousClock.now
        let result = try await read([server.url("/flaky.xml"), server.url("/ratelimited.xml")])
        #expect(Set(result.records.map(\.id)) == ["f", "r"])
        #expect(try server.counts()["/flaky.xml"] == 2)
        #expect(try server.counts()["/ratelimited.xml"] == 2)
        #expect(ContinuousClock.now - started >= .seconds(1))  // Retry-After: 1 was honoured
    }

    @Test func oneFailingFeedDoesNotStopTheOthers() async throws {
        let server = try FeedServer()
        let result = try await read([
            server.url("/slow.xml"), server.url("/truncated.xml"), server.url("/loop.xml"), server.url("/missing.xml"),
            server.url("/ok.xml"), server.url("/redirect.xml"), server.url("/big.xml"),
        ], timeout: 1, retries: 1, maxBytes: 100_000)
        #expect(Set(result.records.map(\.id)) == ["ok.xml", "final"])
        let errors = result.rejected.map(\.error).joined(separator: "\n")
        // The idle timeout or the whole-response deadline, whichever fires first: both time out.
        #expect(errors.contains("/slow.xml: timed out"), "\(errors)")
        #expect(errors.split(separator: "\n").contains { $0.contains("/slow.xml") && $0.hasSuffix("(after 2 attempts)") }, "\(errors)")
        #expect(errors.contains("/truncated.xml: truncated body (the connection closed mid-response) (after 2 attempts)"), "\(errors)")
        #expect(errors.contains("/loop.xml: redirect loop"), "\(errors)")
        #expect(errors.contains("/missing.xml: HTTP 404 Not Found"), "\(errors)")
        #expect(errors.contains("/big.xml: body of 200161 bytes exceeds the limit of 100000"), "\(errors)")
        #expect(result.rejected.count == 5)
        // The redirected feed's relative links resolve against its final URL.
        #expect(result.records.first { $0.id == "final" }?["link"] == .string(server.url("/items/final")))
    }

    @Test func gzipAndCharsetFromTheContentType() async throws {
        let server = try FeedServer()
        let result = try await read([server.url("/gzip.xml"), server.url("/charset.xml")])
        #expect(result.rejected.isEmpty, "\(result.rejected)")
        let titles = Dictionary(uniqueKeysWithValues: result.records.map { ($0.id, $0["title"]) })
        #expect(titles["g"] == "zipped")
        #expect(titles["c"] == "新闻标题")
    }

    @Test func opmlListsFeeds() async throws {
        let server = try FeedServer()
        let directory = TemporaryDirectory()
        let opml = directory.write("feeds.opml", """
            <opml version="2.0"><body><outline text="news"><outline type="rss" xmlUrl="\(server.url("/a.xml"))"/>
            <outline type="rss" xmlUrl="\(server.url("/b.xml"))"/></outline></body></opml>
            """)
        var configuration = RSSSource.Configuration()
        configuration.opml = opml
        let result = try await StageHarness.run(RSSSource(configuration: configuration, context: StageHarness.context(name: "feeds")))
        #expect(Set(result.records.map(\.id)) == ["a.xml", "b.xml"])
    }
}
