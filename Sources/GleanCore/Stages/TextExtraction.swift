import Foundation

/// What the extracting transforms (`extract_figures`, `extract_entities`) share: reading the text
/// fields they are pointed at, and the fact records they emit for SQL child tables.
public enum TextExtraction {
    /// The text of each of `fields` in `record`, in order; missing and null fields are skipped.
    /// A field that holds something other than text is an error naming it, for the dead-letter
    /// output.
    public static func texts(of record: Record, at fields: [FieldPath], stage: String) -> Result<[(field: FieldPath, text: String)], GleanError> {
        var texts: [(field: FieldPath, text: String)] = []
        for path in fields {
            switch record.fields.value(at: path) {
            case .string(let string)?: texts.append((path, string))
            case nil, .null?: continue
            case let other?:
                return .failure(GleanError(.malformedInput, "field '\(path)' holds \(other.typeName), expected text for \(stage)"))
            }
        }
        return .success(texts)
    }

    /// Emits `record` with `values` at `output`, then, with `facts`, one record per value after
    /// it: the value's keys plus `parent_id` (the record's id) and `index` (its place in the
    /// array), with the id `<parent id>#<noun>-<index>` — the rows of a SQL fact table. Filter on
    /// `exists(parent_id)` to route them to a sink of their own.
    public static func emit(
        _ record: Record, values: [Value], at output: FieldPath, facts: Bool, noun: String, into transformOutput: inout TransformOutput
    ) {
        var record = record
        record.fields.setValue(.array(values), at: output)
        transformOutput.emit(record)
        guard facts else { return }
        let parentID = record.id
        for (index, value) in values.enumerated() {
            guard case .object(let object) = value else { continue }
            var fields: Fields = ["parent_id": .string(parentID), "index": .int(Int64(index))]
            for (name, value) in object { fields[name] = value }
            transformOutput.emit(Record(fields: fields, origin: record.origin, id: "\(parentID)#\(noun)-\(index)"))
        }
    }

    /// A published date from a field: a timestamp, or an ISO 8601 / feed-style date string.
    public static func date(_ value: Value?) -> Date? {
        switch value {
        case .timestamp(let date)?: return date
        case .string(let text)?: return ISO8601.parse(text)
        default: return nil
        }
    }
}
