/// The channel a ``Source`` sends into. Built by the runner.
public struct SourceOutput: Sendable {
    private let sendBatch: @Sendable ([Record]) async throws -> Void
    private let deadLetter: @Sendable (DeadLetter) async throws -> Void
    private let progress: @Sendable (_ done: Int64, _ total: Int64?) -> Void
    private let current: @Sendable (_ location: String?) -> Void
    private let noted: @Sendable (_ what: String, _ count: Int) -> Void
    private let stopRequested: @Sendable () -> Bool

    /// The records per batch the pipeline asks for.
    public let batchSize: Int

    public init(
        batchSize: Int,
        send: @escaping @Sendable ([Record]) async throws -> Void,
        deadLetter: @escaping @Sendable (DeadLetter) async throws -> Void,
        progress: @escaping @Sendable (_ done: Int64, _ total: Int64?) -> Void = { _, _ in },
        current: @escaping @Sendable (_ location: String?) -> Void = { _ in },
        note: @escaping @Sendable (_ what: String, _ count: Int) -> Void = { _, _ in },
        stopRequested: @escaping @Sendable () -> Bool = { false }
    ) {
        self.current = current
        self.noted = note
        self.stopRequested = stopRequested
        self.batchSize = batchSize
        self.sendBatch = send
        self.deadLetter = deadLetter
        self.progress = progress
    }

    /// Sends a batch downstream; suspends while downstream buffers are full.
    /// Throws ``SourceStop`` when the source must stop.
    public func send(_ batch: [Record]) async throws {
        guard !batch.isEmpty else { return }
        try await sendBatch(batch)
    }

    /// Sends input that could not become a record to the dead-letter output.
    public func reject(_ letter: DeadLetter) async throws {
        try await deadLetter(letter)
    }

    /// Reports how much of the input has been read (bytes or items), and the total when known,
    /// for the progress display and its ETA.
    public func reportProgress(done: Int64, total: Int64?) {
        progress(done, total)
    }

    /// Names the input being read now (a file or an archive), for the progress display; nil when
    /// there is none worth naming.
    public func reportCurrent(_ location: String?) {
        current(location)
    }

    /// Counts something the run summary should tell but that is neither a record nor a dead
    /// letter — `skipped image/png`, `warning: PDF without a text layer` — `count` more times.
    /// The summary lists each such note with its total, per stage.
    public func note(_ what: String, count: Int = 1) {
        noted(what, count)
    }

    /// `true` once the run has been asked to stop (a signal). Sources that wait for input
    /// (pipes, network) check it while waiting and throw ``SourceStop``; others need not, as
    /// ``send(_:)`` throws it.
    public var isStopRequested: Bool { stopRequested() }

    /// A helper that gathers records into batches of ``batchSize``.
    public func batcher() -> RecordBatcher { RecordBatcher(output: self) }
}

/// Gathers records into batches and sends each full batch. Call ``flush()`` at the end.
public struct RecordBatcher {
    private let output: SourceOutput
    private var buffer: [Record] = []

    init(output: SourceOutput) {
        self.output = output
        buffer.reserveCapacity(output.batchSize)
    }

    /// Adds a record, sending the batch when it is full.
    public mutating func append(_ record: Record) async throws {
        buffer.append(record)
        if buffer.count >= output.batchSize { try await flush() }
    }

    /// Sends what has been gathered.
    public mutating func flush() async throws {
        guard !buffer.isEmpty else { return }
        let batch = buffer
        buffer.removeAll(keepingCapacity: true)
        try await output.send(batch)
    }
}
