import GleanCore
import GleanInputs
import Logging

/// The `json` source: JSON Lines, a top-level array, or a sequence of (pretty-printed) objects.
///
/// Every format is streamed: JSON Lines line by line, arrays and documents element by element,
/// so memory stays bounded by `max_record_bytes` whatever the file size. Each object becomes a
/// record; anything that is not an object, or does not parse, goes to the dead-letter output with
/// its file, line and column, and reading goes on.
public struct JSONSource: Source {
    /// Options of the `json` source.
    public struct Configuration: StageConfiguration {
        /// Where the inputs are and how they are read (the shared input options).
        public var inputs: InputOptions
        /// `auto`, `lines`, `array` or `document`.
        public var format: Format
        /// Longest record accepted, in bytes.
        public var maxRecordBytes: Int
        /// Field whose value becomes the record id.
        public var idField: String?

        public enum Format: String, Decodable, Sendable, CaseIterable {
            case auto, lines, array, document
        }

        static let format = OptionKey<Format>(
            "format", default: .auto,
            doc: "`lines` (JSON Lines), `array` (one top-level array), `document` (one or more objects, pretty-printed or not) or `auto`: `[` first means array, a first line that parses alone means lines, otherwise document.")
        static let maxRecordBytes = OptionKey<Int>(
            "max_record_bytes", "integer", default: 16 << 20, in: 64...(1 << 30),
            doc: "Longest record accepted; a longer one is dead-lettered (its start and size are kept) and reading continues.")
        static let idField = OptionKey<String?>(
            "id_field", "string", default: nil,
            doc: "Field whose value becomes the record id (for idempotent sinks); by default the id is derived from file and line.")
        static let incremental = InputOptionKeys.incremental(default: false)

        public static let options = [format.spec, maxRecordBytes.spec, idField.spec] + InputOptionKeys.specs(incremental: incremental)

        /// Reads `path` (a file, folder, glob, archive or `-`) in `format`.
        public init(path: String, format: Format = .auto) {
            inputs = InputOptions()
            inputs.paths = [path]
            self.format = format
            maxRecordBytes = Self.maxRecordBytes.defaultValue!
            idField = nil
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            inputs = try InputOptionKeys.read(o, incremental: Self.incremental)
            format = try o[Self.format]
            maxRecordBytes = try o[Self.maxRecordBytes]
            idField = try o[Self.idField]
        }

        public func validate() throws {
            try InputOptionKeys.validate(inputs)
        }
    }

    let configuration: Configuration
    let context: StageContext

    public init(configuration: Configuration, context: StageContext) {
        self.configuration = configuration
        self.context = context
    }

    public mutating func run(into output: SourceOutput) async throws {
        let inputs = InputReader(options: configuration.inputs, context: context)
        var parser = JSONReader()  // reused: its scratch space keeps its capacity across records
        try await inputs.forEach(into: output) { input, batcher in
            try await read(input, output, &parser, &batcher)
        }
    }

    /// Reads one input to its end; its records are sent before it returns (so it may count as done).
    private func read(_ input: Input, _ output: SourceOutput, _ parser: inout JSONReader, _ batcher: inout RecordBatcher) async throws {
        var reader = input.lineReader(maximumLineBytes: configuration.maxRecordBytes)
        reader.interrupt = { output.isStopRequested }
        var format = configuration.format
        // The first line sniffing parsed, kept so that it is not parsed twice (most documents in a
        // folder or an archive are one line).
        var sniffed: (line: Int, fields: Fields)?
        if format == .auto {
            let head = try reader.peek(64 << 10)
            let first = Self.firstLine(head)
            format = Self.sniff(head, firstLineParses: first != nil)
            if format == .lines, let (line, value) = first, case .object(let fields) = value { sniffed = (line, fields) }
        }
        let location = input.location
        switch format {
        case .array, .document:
            var splitter = JSONValueSplitter(topLevelArray: format == .array, maximumBytes: configuration.maxRecordBytes)
            var pending: [JSONValueSplitter.Element] = []
            while try reader.nextChunk({ chunk in splitter.feed(chunk) { pending.append($0) } }) != nil {
                for element in pending { try await emit(element, location: location, &batcher, output, &parser) }
                pending.removeAll(keepingCapacity: true)
                input.reportProgress()
            }
            splitter.finish { pending.append($0) }
            for element in pending { try await emit(element, location: location, &batcher, output, &parser) }
        case .lines, .auto:
            var index = 0
            while let parsed = try reader.nextLine({ line in
                if let first = sniffed, line.number == first.line, !line.truncated {
                    sniffed = nil
                    return ParsedLine.record(first.fields, line: line.number, offset: line.offset)
                }
                return parseLine(line, location: location, &parser)
            }) {
                switch parsed {
                case .empty: continue
                case .record(let fields, let line, let offset):
                    try await batcher.append(makeRecord(fields, location: location, line: line, index: index, offset: offset))
                    index += 1
                case .rejected(let letter):
                    try await output.reject(letter)
                }
                if index % 4096 == 0 { input.reportProgress() }
            }
        }
        if reader.interrupted {
            try await batcher.flush()  // stopped part-way: what was read is delivered
            throw SourceStop()
        }
    }

    private enum ParsedLine {
        case empty
        case record(Fields, line: Int, offset: Int64)
        case rejected(DeadLetter)
    }

    private func parseLine(_ line: LineReader.Line, location: String, _ parser: inout JSONReader) -> ParsedLine {
        var bytes = line.bytes
        var startColumn = 1
        if line.number == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])  // UTF-8 byte order mark
            startColumn = 2
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .empty }
        let origin = RecordOrigin(stage: context.name, location: location, line: line.number, byteOffset: Int(line.offset))
        if line.truncated {
            return .rejected(DeadLetter(
                origin: origin,
                error: "\(location):\(line.number): line longer than max_record_bytes (\(configuration.maxRecordBytes) bytes); only its start is kept here",
                raw: Self.preview(bytes)))
        }
        do {
            let value = try parser.parseDocument(bytes)
            guard case .object(let fields) = value else {
                return .rejected(DeadLetter(origin: origin, error: "\(location):\(line.number):\(startColumn): expected a JSON object, found \(value.typeName)", raw: String(decoding: bytes, as: UTF8.self)))
            }
            return .record(fields, line: line.number, offset: line.offset)
        } catch {
            let position = TextPosition.of(offset: error.offset, in: bytes, firstLine: line.number, firstColumn: startColumn)
            return .rejected(DeadLetter(origin: origin, error: "\(location):\(position.line):\(position.column): \(error.message)", raw: String(decoding: bytes, as: UTF8.self)))
        }
    }

    private func emit(_ element: JSONValueSplitter.Element, location: String, _ batcher: inout RecordBatcher, _ output: SourceOutput, _ parser: inout JSONReader) async throws {
        let origin = RecordOrigin(stage: context.name, location: location, line: element.line, index: element.index, byteOffset: Int(element.offset))
        if let problem = element.problem {
            try await output.reject(DeadLetter(origin: origin, error: "\(location):\(element.line):\(element.column): \(problem)", raw: Self.preview(element.bytes)))
            return
        }
        let result: Result<Value, JSONParseError> = element.bytes.withUnsafeBytes { raw in Result { () throws(JSONParseError) in try parser.parseDocument(raw) } }
        switch result {
        case .success(.object(let fields)):
            try await batcher.append(makeRecord(fields, location: location, line: element.line, index: element.index, offset: element.offset))
        case .success(let value):
            try await output.reject(DeadLetter(origin: origin, error: "\(location):\(element.line):\(element.column): expected a JSON object, found \(value.typeName)", raw: String(decoding: element.bytes, as: UTF8.self)))
        case .failure(let error):
            let position = element.bytes.withUnsafeBytes { TextPosition.of(offset: error.offset, in: $0, firstLine: element.line, firstColumn: element.column) }
            try await output.reject(DeadLetter(origin: origin, error: "\(location):\(position.line):\(position.column): \(error.message)", raw: String(decoding: element.bytes, as: UTF8.self)))
        }
    }

    private func makeRecord(_ fields: Fields, location: String, line: Int, index: Int, offset: Int64) -> Record {
        let origin = RecordOrigin(stage: context.name, location: location, line: line, index: index, byteOffset: Int(offset))
        if let idField = configuration.idField, let id = fields[idField], !id.isNull {
            return Record(fields: fields, origin: origin, id: id.plainText)
        }
        return Record(fields: fields, origin: origin)
    }

    /// Chooses a format from the first bytes: `[` → array; a first line that parses → lines; else document.
    static func sniff(_ head: [UInt8]) throws -> Configuration.Format {
        sniff(head, firstLineParses: firstLine(head) != nil)
    }

    /// `sniff(_:)` when whether the first line parses (`firstLine(_:)`) is known.
    static func sniff(_ head: [UInt8], firstLineParses: Bool) -> Configuration.Format {
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < head.count, isBlank(head[start]) { start += 1 }
        guard start < head.count else { return .lines }
        if head[start] == UInt8(ascii: "[") { return .array }
        guard head[start...].contains(0x0A) else { return .lines }
        return firstLineParses ? .lines : .document
    }

    /// The first non-blank line of `head` parsed, with its 1-based number, when it is complete
    /// (ends in a newline inside `head`) and parses on its own.
    static func firstLine(_ head: [UInt8]) -> (line: Int, value: Value)? {
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var line = 1
        while start < head.count, isBlank(head[start]) {
            if head[start] == 0x0A { line += 1 }
            start += 1
        }
        guard start < head.count, let newline = head[start...].firstIndex(of: 0x0A) else { return nil }
        guard let value = head[start..<newline].withUnsafeBytes({ try? JSONReader.parse($0) }) else { return nil }
        return (line, value)
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    static func preview(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.prefix(1024), as: UTF8.self)
    }
}
