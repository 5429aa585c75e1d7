import GleanCore

/// `html_text`: replaces HTML in string fields with clean text (see ``HTMLText``).
public struct HTMLTextTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var fields: [FieldPath]
        public var keepHTML = false

        public static let options: [OptionSpec] = [
            .required("fields", "[string]", "Fields holding HTML; each is replaced by its text (non-strings and missing fields are left alone)."),
            .optional("keep_html", "boolean", default: "false", "Keep the original markup in `<field>_html`."),
        ]

        enum CodingKeys: String, CodingKey {
            case fields
            case keepHTML = "keep_html"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let names = try c.decode([String].self, forKey: .fields)
            fields = try FieldPath.decode(names, option: "fields")
            keepHTML = try c.decodeIfPresent(Bool.self, forKey: .keepHTML) ?? false
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
