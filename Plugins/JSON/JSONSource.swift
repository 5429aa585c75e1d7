import GleanCore
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
        /// File, directory, glob or `-` for standard input.
        public var path: String
        /// `auto`, `lines`, `array` or `document`.
        public var format: Format
        /// Longest record accepted, in bytes.
        public var maxRecordBytes: Int
        /// Field whose value becomes the record id.
        public var idField: String?
        /// Skip files read completely by an earlier run.
        public var incremental: Bool

        public enum Format: String, Decodable, Sendable, CaseIterable {
            case auto, lines, array, document
        }

        static let path = OptionKey<String>.required(
            "path", "string",
            doc: "File, directory (read recursively), glob (`*`, `?`, `[…]`, `**/`) or `-` for standard input; relative to the pipeline file.")
        static let format = OptionKey<Format>(
            "format", default: .auto,
            doc: "`lines` (JSON Lines), `array` (one top-level array), `document` (one or more objects, pretty-printed or not) or `auto`: `[` first means array, a first line that parses alone means lines, otherwise document.")
        static let maxRecordBytes = OptionKey<Int>(
            "max_record_bytes", "integer", default: 16 << 20, in: 64...(1 << 30),
            doc: "Longest record accepted; a longer one is dead-lettered (its start and size are kept) and reading continues.")
        static let idField = OptionKey<String?>(
            "id_field", "string", default: nil,
            doc: "Field whose value becomes the record id (for idempotent sinks); by default the id is derived from file and line.")
        static let incremental = OptionKey<Bool>(
            "incremental", "boolean", default: false,
            doc: "Remember the files read completely (path, size, modification time) in the pipeline state and skip them unchanged on later runs; standard input is always read.")

        public static let options = [path.spec, format.spec, maxRecordBytes.spec, idField.spec, incremental.spec]

        public init(path: String, format: Format = .auto) {
            self.path = path
            self.format = format
            maxRecordBytes = Self.maxRecordBytes.defaultValue!
            idField = nil
            incremental = Self.incremental.defaultValue!
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            path = try o[Self.path]
            format = try o[Self.format]
            maxRecordBytes = try o[Self.maxRecordBytes]
            idField = try o[Self.idField]
            incremental = try o[Self.incremental]
        }

        public func validate() throws {
            if path.isEmpty { throw ConfigurationError(option: "path", "must not be empty") }
        }
    }

    let configuration: Configuration
    let context: StageContext

    public init(configuration: Configuration, context: StageContext) {
        self.configuration = configuration
        self.context = context
    }

    public mutating func run(into output: SourceOutput) async throws {
        let files = try InputFiles.expand(context.resolvePath(configuration.path))
        var batcher = output.batcher()
        var parser = JSONReader()  // reused: its scratch space keeps its capacity across records
        // Incremental state: path → "size:mtime" of every file read to its end.
        var done = configuration.incremental ? (context.previousState?.objectValue?["files"]?.objectValue ?? Fields()) : Fields()
        for file in files {
            var reader = try LineReader(path: file, maximumLineBytes: configuration.maxRecordBytes)
            reader.interrupt = { output.isStopRequested }
            let fingerprint = reader.totalBytes.map { "\($0):\(reader.modificationTime ?? 0)" }
            if configuration.incremental, let fingerprint, done[file] == .string(fingerprint) {
                context.logger.debug("skipping \(file): read completely by an earlier run")
                continue
            }
            var format = configuration.format
            if format == .auto { format = try Self.sniff(try reader.peek(64 << 10)) }
            let location = file
            switch format {
            case .array, .document:
                var splitter = JSONValueSplitter(topLevelArray: format == .array, maximumBytes: configuration.maxRecordBytes)
                var pending: [JSONValueSplitter.Element] = []
                while try reader.nextChunk({ chunk in splitter.feed(chunk) { pending.append($0) } }) != nil {
                    for element in pending { try await emit(element, location: location, &batcher, output, &parser) }
                    pending.removeAll(keepingCapacity: true)
                    output.reportProgress(done: reader.bytesRead, total: reader.totalBytes)
                }
                splitter.finish { pending.append($0) }
                for element in pending { try await emit(element, location: location, &batcher, output, &parser) }
            case .lines, .auto:
                var index = 0
                while let parsed = try reader.nextLine({ line in parseLine(line, location: location, &parser) }) {
                    switch parsed {
                    case .empty: continue
                    case .record(let fields, let line, let offset):
                        try await batcher.append(makeRecord(fields, location: location, line: line, index: index, offset: offset))
                        index += 1
                    case .rejected(let letter):
                        try await output.reject(letter)
                    }
                    if index % 4096 == 0 { output.reportProgress(done: reader.bytesRead, total: reader.totalBytes) }
                }
            }
            output.reportProgress(done: reader.bytesRead, total: reader.totalBytes)
            if reader.interrupted {
                // Stopped part-way: what was read is delivered, the file is not recorded as done.
                try await batcher.flush()
                throw SourceStop()
            }
            if configuration.incremental, let fingerprint {
                // Its records must be sent before the file counts as done.
                try await batcher.flush()
                done[file] = .string(fingerprint)
                context.saveState(["files": .object(done)])
            }
        }
        try await batcher.flush()
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
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < head.count, [0x20, 0x09, 0x0A, 0x0D].contains(head[start]) { start += 1 }
        guard start < head.count else { return .lines }
        if head[start] == UInt8(ascii: "[") { return .array }
        guard let newline = head[start...].firstIndex(of: 0x0A) else { return .lines }
        let firstLine = head[start..<newline]
        let parses = firstLine.withUnsafeBytes { (try? JSONReader.parse($0)) != nil }
        return parses ? .lines : .document
    }

    static func preview(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.prefix(1024), as: UTF8.self)
    }
}
