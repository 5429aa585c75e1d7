import GleanCore

/// `html_text`: replaces HTML in string fields with clean text (see ``HTMLText``).
public struct HTMLTextTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var fields: [FieldPath]
        public var keepHTML: Bool

        static let fields = OptionKey<[String]>.required(
            "fields", "[string]",
            doc: "Fields holding HTML; each is replaced by its text (non-strings and missing fields are left alone).")
        static let keepHTML = OptionKey<Bool>(
            "keep_html", "boolean", default: false, doc: "Keep the original markup in `<field>_html`.")

        public static let options = [fields.spec, keepHTML.spec]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            fields = try FieldPath.decode(o[Self.fields], option: "fields")
            keepHTML = try o[Self.keepHTML]
        }
    }

    let configuration: Configuration

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        for var record in batch {
            for path in configuration.fields {
                guard case .string(let html)? = record.fields.value(at: path) else { continue }
                if configuration.keepHTML, let copy = FieldPath(path.description + "_html") { record.fields.setValue(.string(html), at: copy) }
                record.fields.setValue(.string(HTMLText.text(fromHTML: html)), at: path)
            }
            output.emit(record)
        }
    }
}
