import Foundation
import GleanCore
import GleanHTML

/// What a document's format reader found: the text, and title, author, publication time and
/// language when the document says them; for JSON, the other fields.
package struct DocumentContent {
    package var text: String
    var title: String?
    var author: String?
    var published: String?
    var language: String?
    /// The document's links (HTML only), for the `links` option.
    var links: [String] = []
    var extra = Fields()

    package struct Problem: Error {
        package let message: String
        /// Line and column in the document, when the problem has one.
        package var position: (line: Int, column: Int)? = nil

        /// `location:line:column: message` (or `location: message`).
        package func described(at location: String) -> String {
            position.map { "\(location):\($0.line):\($0.column): \(message)" } ?? "\(location): \(message)"
        }
    }

    package static func read(_ text: String, format: DocumentFormat, mainText: Bool, textField: String?, links: Bool = false) -> Result<DocumentContent, Problem> {
        switch format {
        case .text:
            return .success(DocumentContent(text: text.trimmingCharacters(in: .whitespacesAndNewlines)))
        case .markdown:
            return .success(DocumentContent(text: text.trimmingCharacters(in: .whitespacesAndNewlines), title: markdownTitle(text)))
        case .html:
            let page = MainText.page(fromHTML: text, mainText: mainText, links: links)
            return .success(DocumentContent(
                text: page.text, title: page.metadata.title, author: page.metadata.author, published: page.metadata.published,
                language: page.metadata.language, links: page.metadata.links))
        case .xml:
            // Text content through the forgiving HTML parser: offline, no entity expansion, no DTDs.
            return .success(DocumentContent(text: HTMLText.libxml2Text(text)))
        case .json:
            return json(text, textField: textField)
        case .unsupported, .docx, .odt, .epub, .pdf:
            return .failure(Problem(message: "not a text document"))
        }
    }

    /// The first ATX heading (`# Title`) or Setext heading (a line over `===`), without its marks.
    static func markdownTitle(_ text: String) -> String? {
        var previous: Substring?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(200) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") {
                let title = trimmed.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                let bare = title.replacingOccurrences(of: "#+$", with: "", options: .regularExpression).trimmingCharacters(in: .whitespaces)
                if !bare.isEmpty { return bare }
            }
            if let previous, !previous.trimmingCharacters(in: .whitespaces).isEmpty, trimmed.count >= 3, trimmed.allSatisfy({ $0 == "=" }) {
                return previous.trimmingCharacters(in: .whitespaces)
            }
            previous = line
        }
        return nil
    }

    /// A JSON document: with `textField`, that field's string is the text (and `title`, `author`,
    /// `published` fields are used); without, its top-level fields become the record's.
    static func json(_ text: String, textField: String?) -> Result<DocumentContent, Problem> {
        let value: Value
        do {
            value = try JSONReader.parse(text)
        } catch {
            var bytes = Array(text.utf8)
            let position = bytes.withUnsafeMutableBytes { TextPosition.of(offset: error.offset, in: UnsafeRawBufferPointer($0)) }
            return .failure(Problem(message: "not valid JSON: \(error.message)", position: position))
        }
        guard case .object(let fields) = value else {
            return .failure(Problem(message: "expected a JSON object, found \(value.typeName)"))
        }
        var content = DocumentContent(text: "")
        if let textField {
            guard case .string(let body)? = fields[textField] else {
                return .failure(Problem(message: "the JSON document has no string field '\(textField)' (text_field)"))
            }
            content.text = body
            if case .string(let title)? = fields["title"] { content.title = title }
            if case .string(let author)? = fields["author"] { content.author = author }
            if case .string(let published)? = fields["published"] { content.published = published }
            for field in fields.fields where ![textField, "title", "author", "published"].contains(field.name) { content.extra[field.name] = field.value }
        } else {
            content.extra = fields
            if case .string(let body)? = fields["text"] { content.text = body }
            if case .string(let title)? = fields["title"] { content.title = title }
        }
        return .success(content)
    }
}
