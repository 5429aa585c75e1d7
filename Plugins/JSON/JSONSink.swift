import GleanCore
import Logging

/// The `json` sink: JSON Lines (one compact object per line) or one pretty-printed array.
///
/// Files are written to a temporary name and renamed into place when the whole run succeeds;
/// `-` writes to standard output as records arrive.
public struct JSONSink: Sink {
    /// Options of the `json` sink.
    public struct Configuration: StageConfiguration {
        public var path: String
        public var format: Format
        public var indent: Int
        public var metadata: Bool

        public enum Format: String, Decodable, Sendable, CaseIterable {
            case lines, array
        }

        static let path = OptionKey<String>.required(
            "path", "string", doc: "Output file, relative to the pipeline file, or `-` for standard output.")
        static let format = OptionKey<Format>(
            "format", default: .lines, doc: "`lines` for JSON Lines, `array` for one pretty-printed JSON array.")
        static let indent = OptionKey<Int>(
            "indent", "integer", default: 2, in: 0...8, doc: "Spaces per level in `array` format (0–8).")
        static let metadata = OptionKey<Bool>(
            "metadata", "boolean", default: false,
            doc: "Add `_id` (the record id) and `_origin` (stage, location, line, index, byte offset) to each object.")

        public static let options = [path.spec, format.spec, indent.spec, metadata.spec]

        public init(path: String, format: Format = .lines) {
            self.path = path
            self.format = format
            indent = Self.indent.defaultValue!
            metadata = Self.metadata.defaultValue!
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            path = try o[Self.path]
            format = try o[Self.format]
            indent = try o[Self.indent]
            metadata = try o[Self.metadata]
        }

        public func validate() throws {
            if path.isEmpty { throw ConfigurationError(option: "path", "must not be empty") }
        }
    }

    private let configuration: Configuration
    private var file: OutputFile
    private var written = 0
    private let writer: JSONWriter

    public init(configuration: Configuration, context: StageContext) throws {
        self.configuration = configuration
        file = try OutputFile(path: context.resolvePath(configuration.path))
        if !file.removedStaleFiles.isEmpty {
            context.logger.notice("removed \(file.removedStaleFiles.count) temporary file(s) left by killed runs: \(file.removedStaleFiles.joined(separator: ", "))")
        }
        writer = JSONWriter(indent: configuration.format == .array ? configuration.indent : nil)
    }

    public mutating func write(_ batch: [Record], rejections: inout Rejections) async throws {
        let format = configuration.format
        let withMetadata = configuration.metadata
        let writer = writer
        var count = written
        try file.write { buffer in
            for record in batch {
                var fields = record.fields
                if withMetadata {
                    fields["_id"] = .string(record.id)
                    fields["_origin"] = Self.origin(record.origin)
                }
                switch format {
                case .lines:
                    writer.write(fields, into: &buffer)
                    buffer.append(0x0A)
                case .array:
                    buffer.append(count == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
                    buffer.append(0x0A)
                    buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: writer.indent ?? 0))
                    var element: [UInt8] = []
                    writer.write(fields, into: &element)
                    // Indent the element's inner lines one level.
                    for byte in element {
                        buffer.append(byte)
                        if byte == 0x0A { buffer.append(contentsOf: repeatElement(UInt8(ascii: " "), count: writer.indent ?? 0)) }
                    }
                }
                count += 1
            }
        }
        written = count
    }

    public mutating func finish() async throws {
        if configuration.format == .array {
            try file.write(Array((written == 0 ? "[]\n" : "\n]\n").utf8))
        }
        try file.finish()
    }

    public mutating func commit() async throws { try file.commit() }

    /// Bytes a device, FIFO or standard output already took (a file output publishes nothing).
    public var committedBeforeAbort: String? { file.writtenBeforeAbort }

    public mutating func abort() async { file.abort() }

    static func origin(_ origin: RecordOrigin) -> Value {
        var fields: Fields = ["stage": .string(origin.stage)]
        if let location = origin.location { fields["location"] = .string(location) }
        if let line = origin.line { fields["line"] = .int(Int64(line)) }
        if let index = origin.index { fields["index"] = .int(Int64(index)) }
        if let offset = origin.byteOffset { fields["byte_offset"] = .int(Int64(offset)) }
        return .object(fields)
    }
}
