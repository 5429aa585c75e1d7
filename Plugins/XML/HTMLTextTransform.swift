import GleanCore
import GleanHTML

/// `html_text`: replaces HTML in string fields with clean text (see ``HTMLText``), or with the
/// page's main text (``MainText``) under `main_text: true`.
public struct HTMLTextTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var fields: [FieldPath]
        public var keepHTML: Bool
        public var mainText: Bool

        static let fields = OptionKey<[String]>.required(
            "fields", "[string]",
            doc: "Fields holding HTML; each is replaced by its text (non-strings and missing fields are left alone).")
        static let keepHTML = OptionKey<Bool>(
            "keep_html", "boolean", default: false, doc: "Keep the original markup in `<field>_html`.")

        static let mainText = OptionKey<Bool>(
            "main_text", "boolean", default: false,
            doc: "Keep only the page's main text: the article without navigation, headers, footers, ads, comments and link lists (for whole web pages; feed items are already article text).")

        public static let options = [fields.spec, keepHTML.spec, mainText.spec]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            fields = try FieldPath.decode(o[Self.fields], option: "fields")
            keepHTML = try o[Self.keepHTML]
            mainText = try o[Self.mainText]
        }
    }

    let configuration: Configuration

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        for var record in batch {
            for path in configuration.fields {
                guard case .string(let html)? = record.fields.value(at: path) else { continue }
                if configuration.keepHTML, let copy = FieldPath(path.description + "_html") { record.fields.setValue(.string(html), at: copy) }
                let text = configuration.mainText ? MainText.text(fromHTML: html) : HTMLText.text(fromHTML: html)
                record.fields.setValue(.string(text), at: path)
            }
            output.emit(record)
        }
    }
}
