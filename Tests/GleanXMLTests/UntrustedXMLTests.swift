import Foundation
import GleanCore
import GleanHTML
import GleanTesting
@testable import GleanXML
import Testing

/// Hostile documents: nothing leaks, nothing is fetched, nothing blows up.
@Suite("Untrusted XML")
struct UntrustedXMLTests {
    @Test func externalEntitiesAreNotRead() async throws {
        let result = try await readFeed("""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rss><channel><item><title>before &xxe; after</title><description>&xxe;</description></item></channel></rss>
            """)
        let text = result.records.map { JSONWriter.string(.object($0.fields)) }.joined()
        #expect(!text.contains("root:"))
        #expect(result.records.first?["title"]?.stringValue?.hasPrefix("before") == true)
    }

    @Test func externalDTDsAndNetworkEntitiesAreNotFetched() async throws {
        // A server that records whether anyone connects.
        let listener = try LoopbackListener()
        let result = try await readFeed("""
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "http://127.0.0.1:\(listener.port)/evil.dtd" [<!ENTITY net SYSTEM "http://127.0.0.1:\(listener.port)/x">]>
            <rss><channel><item><title>t &net;</title></item></channel></rss>
            """)
        #expect(result.records.count == 1)
        #expect(listener.connectionCount() == 0)
    }

    @Test func billionLaughsIsRejectedQuickly() async throws {
        var doc = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">"
        doc += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        for level in 2...9 { doc += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">" }
        doc += "]><rss><channel><item><title>&lol9;</title></item></channel></rss>"
        // No wall-clock bound here (the suite shares two cores; timings live in Benchmarks/): the
        // expansion is refused, so the title stays small.
        let result = try await readFeed(doc)
        let title = result.records.first?["title"]?.stringValue ?? ""
        #expect(title.count < 1000)
    }

    @Test func quadraticBlowUpIsNotExpanded() async throws {
        // One 50 KB internal entity referenced 20,000 times: ~1 GB if expanded.
        let big = String(repeating: "x", count: 50_000)
        let doc = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"\(big)\">]><rss><channel><item><title>t</title><description>"
            + String(repeating: "&a;", count: 20_000) + "</description></item></channel></rss>"
        let result = try await readFeed(doc)
        let summary = result.records.first?["summary"]?.stringValue ?? ""
        #expect(summary.utf8.count < 1_000_000)
    }

    @Test func deepHTMLDoesNotOverflowTheStack() {
        let html = String(repeating: "<div>", count: 100_000) + "deep" + String(repeating: "</div>", count: 100_000)
        #expect(HTMLText.text(fromHTML: html).contains("deep") || HTMLText.text(fromHTML: html).isEmpty)
    }

    @Test(arguments: [
        "<p>The market grew <b>34.9%</b>.</p><p>Second &amp; last &#8217; &#x4e2d; &eacute;</p>",
        "plain text &lt;not a tag&gt;",
        "<ul><li>one</li><li><a href=\"x?a=1&amp;b=2\" title='>'>two</a></li></ul>tail<br/>after",
        "<div><h2>Title</h2>  text   with\n spaces <span class=\"x\">inline</span></div>",
        "<p>unclosed paragraph<p>next",
    ])
    func fastHTMLPathMatchesLibXML2(html: String) throws {
        let fast = try #require(SimpleHTML.text(html))
        #expect(fast == HTMLText.libxml2Text(html))
    }

    @Test(arguments: ["<script>x</script>a", "<!-- c -->a", "a < b", "&unknown; x", "<table><tr><td>x</td></tr></table><custom>y</custom>"])
    func fastHTMLPathDeclinesWhatItDoesNotKnow(html: String) {
        #expect(SimpleHTML.text(html) == nil)
        #expect(!HTMLText.text(fromHTML: html).isEmpty || html.hasPrefix("<script"))
    }

    @Test func htmlTextKeepsParagraphsAndDropsNoise() {
        let html = """
            <html><head><style>p{}</style></head><body><nav>Home | About</nav>
            <h1>Title</h1><p>First&nbsp;para with   spaces
            and a newline.</p><script>alert(1)</script><ul><li>one</li><li>two</li></ul>Line<br>break
            <footer>© site</footer></body></html>
            """
        #expect(HTMLText.text(fromHTML: html) == "Title\n\nFirst para with spaces and a newline.\n\none\n\ntwo\n\nLine\nbreak")
        #expect(HTMLText.text(fromHTML: "plain   text\n here") == "plain text here")
        #expect(HTMLText.text(fromHTML: "<p>unclosed <b>bold") == "unclosed bold")
    }
}

/// A TCP listener on 127.0.0.1 that counts connections (to prove nothing connects).
final class LoopbackListener: @unchecked Sendable {
    // Safe: `socket` and `port` are set once in init; connections are counted with a non-blocking accept.
    let socket: Int32
    let port: UInt16

    init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(socket, 8)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        _ = fcntl(socket, F_SETFL, O_NONBLOCK)
        self.socket = socket
        port = UInt16(bigEndian: address.sin_port)
    }

    func connectionCount() -> Int {
        var count = 0
        while case let client = accept(socket, nil, nil), client >= 0 {
            count += 1
            close(client)
        }
        return count
    }

    deinit { close(socket) }
}
