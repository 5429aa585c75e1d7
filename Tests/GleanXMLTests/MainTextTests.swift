import GleanHTML
import Testing

/// Main-text extraction on pages written for these tests: each has an article and the boilerplate
/// real pages put around it.
@Suite("main text")
struct MainTextTests {
    /// Article paragraphs, long enough and with enough commas to read as prose.
    static let paragraphs = [
        "The ministry said on Monday that the market for short dramas grew by a third last year, reaching 50.4 billion yuan, and that it expects slower growth, tighter rules and more competition from overseas platforms.",
        "Producers, who once shot a series in a week, now spend a month on scripts, casting and editing, according to the association, which counted more than four hundred companies in the field.",
        "Analysts at two brokerages, speaking on condition of anonymity, said the numbers were in line with their estimates, although advertising income, the largest source of revenue, fell in the fourth quarter.",
    ]

    static func page(article: String, extra: String = "") -> String {
        """
        <html><head><title>Short dramas grow</title><style>p { color: red }</style><script>var x = "not text";</script></head>
        <body>
          <header class="site-header"><a href="/">Home</a> <a href="/news">News</a> <a href="/tech">Tech</a></header>
          <nav><ul><li><a href="/a">World</a></li><li><a href="/b">Business</a></li><li><a href="/c">Sport</a></li></ul></nav>
          <div class="layout">
            <div class="left-rail"><ul><li><a href="/x">Most read: a story about something else entirely</a></li><li><a href="/y">Another story people clicked on yesterday</a></li></ul></div>
            \(article)
            <aside><h3>Related</h3><p><a href="/r1">Five things to know about the film industry, the box office and streaming</a></p></aside>
          </div>
          \(extra)
          <footer><p>Copyright 2026 Example News, all rights reserved. Terms, privacy, cookies.</p></footer>
        </body></html>
        """
    }

    static var body: String { paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n") }

    @Test func keepsTheArticleAndDropsNavigationHeadersFootersAndAsides() {
        let html = Self.page(article: "<article class=\"story\"><h1>Short dramas grow</h1>\(Self.body)</article>")
        let text = MainText.text(fromHTML: html)
        #expect(text == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test func dropsCommentSectionsShareBarsAndRelatedLinkBoxesInsideTheArticle() {
        let article = """
            <div class="post">
              <div class="share-bar"><a href="/s1">Share on Facebook</a> <a href="/s2">Share on X</a> <a href="/s3">Email</a></div>
              \(Self.paragraphs[0].wrapped)
              <div class="more"><ul><li><a href="/m1">Read next: the rise of vertical video</a></li><li><a href="/m2">Read next: who pays for streaming</a></li><li><a href="/m3">Read next: ten shows to watch</a></li></ul></div>
              \(Self.paragraphs[1].wrapped)
              \(Self.paragraphs[2].wrapped)
            </div>
            <section id="comments"><h3>12 comments</h3><p>I think this is great, really, and I have watched every one of these shows, twice.</p><p>Nobody asked, but the numbers look wrong to me, honestly, and I say so.</p></section>
            """
        let text = MainText.text(fromHTML: Self.page(article: article))
        #expect(text == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test func textWrittenStraightIntoADivAndHiddenBlocks() {
        // No <p>: the text sits in the container beside a title and a share block; a hidden
        // block and a cookie banner are not text.
        let article = """
            <div class="col-9"><span class="title">Short dramas grow</span><br>\(Self.paragraphs.joined(separator: "<br><br>"))
            <div style="display: none">Hidden promotional text that nobody sees on the page, with commas, many, many.</div></div>
            <div class="cookie-banner"><p>This website uses cookies to improve your experience, as you would expect, and more.</p></div>
            """
        let text = MainText.text(fromHTML: Self.page(article: article))
        for paragraph in Self.paragraphs { #expect(text.contains(paragraph)) }
        #expect(!text.contains("Hidden promotional"))
        #expect(!text.contains("cookies"))
        #expect(!text.contains("Most read"))
    }

    @Test func aWrapperNamedAfterItsSidebarStillHoldsTheArticle() {
        let html = Self.page(article: "<div class=\"container with_sidebar\"><div class=\"entry\">\(Self.body)</div></div>")
        #expect(MainText.text(fromHTML: html) == Self.paragraphs.joined(separator: "\n\n"))
    }

    @Test func chineseArticles() {
        let paragraphs = [
            "国家广播电视总局发布的报告显示，2024年微短剧市场规模达到504.4亿元，同比增长34.9%，首次超过电影票房。",
            "报告指出，用户规模已达6.62亿人，占网民整体的59.7%，其中，付费用户的比例继续上升，广告收入增长最快。",
        ]
        let html = Self.page(article: "<div class=\"article-content\">" + paragraphs.map { "<p>\($0)</p>" }.joined() + "</div>")
        #expect(MainText.text(fromHTML: html) == paragraphs.joined(separator: "\n\n"))
    }

    @Test func pagesWithoutArticleTextFallBackToAllTheirText() {
        #expect(MainText.text(fromHTML: "<html><body><div>Short note</div></body></html>") == "Short note")
        #expect(MainText.text(fromHTML: "") == "")
        #expect(MainText.text(fromHTML: "<<<>>>&&&\u{0}") == HTMLText.text(fromHTML: "<<<>>>&&&\u{0}"))
    }
}

private extension String {
    var wrapped: String { "<p>\(self)</p>" }
}
