/// A stage that produces records: files, feeds, standard input, generators.
///
/// The runner calls ``run(into:)`` once, on its own task. A source reads its input and sends
/// batches through the ``SourceOutput``; `send` suspends while downstream buffers are full, which is
/// how back-pressure reaches the input. A record that cannot be built (a line that does not parse)
/// goes to ``SourceOutput/reject(_:)`` and the source carries on.
///
/// When the run is asked to stop (a signal, `--limit`), `send` delivers the batch and then
/// throws ``SourceStop``; let it propagate, the runner treats it as a normal end of input.
/// A source waiting for input (a pipe, the network) should check
/// ``SourceOutput/isStopRequested`` while it waits and end its input there. On a stop the runner
/// also cancels the source's task, so an `await` (a sleep, an HTTP request) throws
/// `CancellationError`: a source that gathers records before sending (``RecordBatcher``) must
/// send what it holds before letting that error out (sends still deliver after the
/// cancellation), or those records are lost.
public protocol Source: Sendable {
    /// Reads the input to its end, sending every record.
    mutating func run(into output: SourceOutput) async throws
}

/// Thrown by ``SourceOutput/send(_:)`` when the source must stop early (signal or record limit).
/// The runner treats it as a normal end of the source's input.
public struct SourceStop: Error, Sendable {
    public init() {}
}
