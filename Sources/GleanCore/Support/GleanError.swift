/// The error type of Glean: what went wrong, where, and what to do about it.
///
/// `description` is one line for the CLI: `pipeline.yml:6:7: unknown key 'delimeter' (did you mean
/// 'delimiter'?)`. Messages never contain secrets or whole record values.
public struct GleanError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; extensible like swift-nio's error codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The pipeline file or an option in it is invalid.
        public static let invalidPipeline = Code("invalid_pipeline")
        /// A stage's configuration is invalid.
        public static let invalidConfiguration = Code("invalid_configuration")
        /// An input could not be parsed.
        public static let malformedInput = Code("malformed_input")
        /// A file or URL could not be read or written.
        public static let io = Code("io")
        /// A record does not have what a stage needs.
        public static let invalidRecord = Code("invalid_record")
        /// An input exceeds a configured limit.
        public static let limitExceeded = Code("limit_exceeded")
        /// Another run holds the pipeline's lock.
        public static let locked = Code("locked")
        /// A stage failed in a way that stops the run.
        public static let stageFailed = Code("stage_failed")
    }

    /// Where the problem is.
    public enum Location: Sendable, Hashable, CustomStringConvertible {
        /// A place in a file: the pipeline file, or an input file.
        case file(path: String, line: Int?, column: Int?)
        /// A record's origin, as seen by a stage.
        case record(stage: String, origin: RecordOrigin)
        /// A stage, without a record.
        case stage(String)

        public var description: String {
            switch self {
            case .file(let path, let line, let column):
                var text = path
                if let line { text += ":\(line)" }
                if let line, line > 0, let column { text += ":\(column)" }
                return text
            case .record(let stage, let origin):
                return "\(origin) (stage '\(stage)')"
            case .stage(let name):
                return "stage '\(name)'"
            }
        }
    }

    public var code: Code
    public var message: String
    public var location: Location?
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, at location: Location? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.underlying = underlying
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
