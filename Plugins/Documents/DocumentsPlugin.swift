import GleanCore

/// The documents family: the `documents` source.
public enum DocumentsPlugin: GleanPlugin {
    public static func register(in registry: inout StageRegistry) {
        registry.registerSource(
            "documents", configuration: DocumentsSource.Configuration.self,
            summary: "Reads documents — HTML (main text), plain text, Markdown, XML, JSON, Word, OpenDocument, EPUB — from folders, archives, globs, URLs or standard input; one record per document with its text, title, author, date, language, encoding, content type and SHA-256; resumable.",
            example: """
                type: documents
                path: archive/articles.zip
                """
        ) { configuration, context in DocumentsSource(configuration: configuration, context: context) }
    }
}
