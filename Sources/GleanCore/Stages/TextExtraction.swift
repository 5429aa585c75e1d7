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

    /// The body of an extracting transform: for each record of `batch`, the values `extract`
    /// finds in the text of each of `fields` (given the record's date at `publishedField`), each
    /// tagged with `field` when there are several fields, set at `output` and emitted with their
    /// facts (``emit(_:values:at:facts:noun:into:)``); a record whose field holds something other
    /// than text goes to the dead-letter output.
    public static func process(
        _ batch: [Record], fields: [FieldPath], publishedField: FieldPath?, output: FieldPath, facts: Bool, stage: String, noun: String,
        into transformOutput: inout TransformOutput, extract: (String, Date?) -> [Value]
    ) {
        for record in batch {
            let published = publishedField.flatMap { date(record.fields.value(at: $0)) }
            let found: [(field: FieldPath, text: String)]
            switch texts(of: record, at: fields, stage: stage) {
            case .success(let texts): found = texts
            case .failure(let error):
                transformOutput.reject(record, error)
                continue
            }
            var values: [Value] = []
            for (path, text) in found {
                for var value in extract(text, published) {
                    if fields.count > 1, case .object(var object) = value {
                        object["field"] = .string(path.description)
                        value = .object(object)
                    }
                    values.append(value)
                }
            }
            emit(record, values: values, at: output, facts: facts, noun: noun, into: &transformOutput)
        }
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
