/// Namespace URIs of the feed formats and extensions Glean reads.
enum FeedNamespace {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let dublinCoreTerms = "http://purl.org/dc/terms/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    static let media = "http://search.yahoo.com/mrss/"

    static func isAtom(_ uri: String) -> Bool { uri == atom10 || uri == atom03 }
    /// RSS 0.9x/2.0 elements have no namespace; RSS 1.0 and 0.90 have their own.
    static func isRSS(_ uri: String) -> Bool { uri.isEmpty || uri == rss10 || uri == rss090 }
}
