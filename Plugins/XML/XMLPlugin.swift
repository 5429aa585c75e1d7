import GleanCore

/// The XML family (libxml2): `rss` and `xml` sources, `html_text` transform.
public enum XMLPlugin: GleanPlugin {
    public static func register(in registry: inout StageRegistry) {
        registry.registerSource(
            "rss", configuration: RSSSource.Configuration.self,
            summary: "Reads RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 feeds into one record per item (id, title, link, published, updated, author, summary, content, content_html, categories, enclosures, language, feed_title, feed_link) from files, folders, archives, URLs, OPML lists or standard input; incremental across runs.",
            example: "type: rss\npath: feeds/*.xml\ntimezone: Asia/Shanghai"
        ) { configuration, context in RSSSource(configuration: configuration, context: context) }
        registry.registerSource(
            "xml", configuration: XMLSource.Configuration.self,
            summary: "Reads XML documents (files, folders, globs, archives, compressed files, URLs, standard input) into one record per element matching a path (attributes as @name, children by name, repeated children as arrays), with optional per-field XPath; streamed.",
            example: "type: xml\npath: data/catalog.xml\nrecord: catalog/book\nfields:\n  chapters: count(chapter)"
        ) { configuration, context in XMLSource(configuration: configuration, context: context) }
        registry.registerTransform(
            "html_text", configuration: HTMLTextTransform.Configuration.self,
            summary: "Turns HTML fields into clean text with paragraph breaks, dropping scripts, styles and navigation.",
            example: "type: html_text\ninputs: [articles]\nfields: [body]\nkeep_html: true"
        ) { configuration, _ in HTMLTextTransform(configuration: configuration) }
    }
}
