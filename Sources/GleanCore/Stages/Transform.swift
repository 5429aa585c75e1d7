/// A stage that maps batches of records to batches of records.
///
/// One record may become zero, one or many. A transform may hold state (it is a value the runner
/// owns on one task, so `mutating` methods need no locks) and emit more at end of stream in
/// ``finish(into:)``. A record the transform cannot handle goes to
/// ``TransformOutput/reject(_:_:)`` and reaches the dead-letter output; throwing instead stops the run.
public protocol Transform: Sendable {
    /// Processes one batch.
    mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws
    /// Called once after the last batch; emits whatever the transform has held back.
    mutating func finish(into output: inout TransformOutput) async throws
}

extension Transform {
    public mutating func finish(into output: inout TransformOutput) async throws {}
}

/// What a transform produced from a batch: records to pass on and records to dead-letter.
public struct TransformOutput: Sendable {
    /// Records for the next stages, in order.
    public var records: [Record]
    /// Records that failed, with their errors.
    public var rejections: Rejections

    public init(capacity: Int = 0) {
        records = []
        records.reserveCapacity(capacity)
        rejections = Rejections()
    }

    /// Passes a record on.
    public mutating func emit(_ record: Record) { records.append(record) }

    /// Sends a record to the dead-letter output instead of passing it on.
    public mutating func reject(_ record: Record, _ error: any Error) { rejections.reject(record, error) }
}

/// Records a stage could not handle, bound for the dead-letter output.
public struct Rejections: Sendable {
    public private(set) var letters: [DeadLetter] = []
    public init() {}

    /// Rejects a record with the error that explains why.
    public mutating func reject(_ record: Record, _ error: any Error) {
        letters.append(DeadLetter(origin: record.origin, error: "\(error)", record: record))
    }

    /// Adds a prepared dead letter (for input that never became a record).
    public mutating func append(_ letter: DeadLetter) { letters.append(letter) }

    public var isEmpty: Bool { letters.isEmpty }
    public var count: Int { letters.count }
}

/// One entry of the dead-letter output: what failed, where it came from, and why.
public struct DeadLetter: Sendable {
    /// Origin of the input (file and line, feed item…).
    public var origin: RecordOrigin
    /// The error message, with its position when the input had one.
    public var error: String
    /// The record, when one was built.
    public var record: Record?
    /// The raw input, when it never became a record (a line that does not parse).
    public var raw: String?
    /// The error's code (``GleanError/Code``), for machines sorting letters; nil when the stage
    /// did not give one.
    public var code: GleanError.Code?

    public init(origin: RecordOrigin, error: String, record: Record? = nil, raw: String? = nil, code: GleanError.Code? = nil) {
        self.origin = origin
        self.error = error
        self.record = record
        self.raw = raw
        self.code = code
    }
}
