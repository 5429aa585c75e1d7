import GleanCore

/// `select`: keeps only the listed fields, in the listed order; missing fields are left out.
public struct SelectTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var fields: [FieldPath]

        static let fields = OptionKey<[String]>.required(
            "fields", "[string]", doc: "Field paths to keep (`a.b` reaches into objects); the output has them in this order.")

        public static let options = [fields.spec]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            fields = try FieldPath.decode(o[Self.fields], option: "fields")
            if fields.isEmpty { throw ConfigurationError(option: "fields", "list at least one field") }
        }
    }

    let configuration: Configuration

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        for var record in batch {
            var selected = Fields()
            for path in configuration.fields {
                if let value = record.fields.value(at: path) { selected.setValue(value, at: path) }
            }
            record.fields = selected
            output.emit(record)
        }
    }
}

/// `drop`: removes the listed fields.
public struct DropTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var fields: [FieldPath]

        static let fields = OptionKey<[String]>.required(
            "fields", "[string]", doc: "Field paths to remove; missing ones are ignored.")

        public static let options = [fields.spec]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            fields = try FieldPath.decode(o[Self.fields], option: "fields")
        }
    }

    let configuration: Configuration

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        for var record in batch {
            for path in configuration.fields { record.fields.removeValue(at: path) }
            output.emit(record)
        }
    }
}

/// `rename`: renames fields.
public struct RenameTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var renames: [(from: FieldPath, to: FieldPath)]

        static let fields = OptionKey<Value>.required(
            "fields", "{string: string}",
            doc: "Old name → new name, applied in order; a missing field is ignored, an existing target is replaced.")

        public static let options = [fields.spec]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            guard case .object(let map) = try o[Self.fields] else {
                throw ConfigurationError(option: "fields", "expected a mapping of old names to new names")
            }
            renames = try map.map { pair in
                guard case .string(let target) = pair.value else {
                    throw ConfigurationError(option: "fields", "the new name for '\(pair.name)' must be a string")
                }
                let paths = try FieldPath.decode([pair.name, target], option: "fields")
                return (paths[0], paths[1])
            }
        }
    }

    let configuration: Configuration

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        for var record in batch {
            for (from, to) in configuration.renames {
                if from.segments.count == 1, to.segments.count == 1 {
                    record.fields.rename(from.segments[0], to: to.segments[0])
                } else if let value = record.fields.removeValue(at: from) {
                    record.fields.setValue(value, at: to)
                }
            }
            output.emit(record)
        }
    }
}
