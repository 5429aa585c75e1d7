/// A stage that writes records somewhere: files, standard output, databases.
///
/// The runner calls ``write(_:rejections:)`` for each batch, then ``flush(rejections:)`` and
/// ``finish()`` once all input has arrived, then — only when every sink of the pipeline has finished without error — ``commit()``.
/// If the run fails or is a dry run, ``abort()`` is called instead of `commit()`. File sinks write
/// to a temporary name and rename it in `commit()`, so a failed run leaves no half-written output;
/// database sinks that commit as they go report what stays in ``committedBeforeAbort``.
public protocol Sink: Sendable {
    /// Writes one batch. A record the sink cannot write goes to `rejections`; throwing stops the run.
    mutating func write(_ batch: [Record], rejections: inout Rejections) async throws
    /// Writes what the sink still holds (sinks that gather several batches into one database
    /// transaction); called once after the last batch, before ``finish()``. Records refused now
    /// go to `rejections`.
    mutating func flush(rejections: inout Rejections) async throws
    /// Flushes everything and makes it durable, but does not publish it yet.
    mutating func finish() async throws
    /// Publishes what `finish()` prepared (rename into place, commit a transaction).
    mutating func commit() async throws
    /// Discards everything written (remove temporary files, roll back).
    mutating func abort() async
    /// What the sink wrote in place that ``abort()`` cannot take back, for the run's failure
    /// message ("16384 records committed to out/news.db"); nil (the default) when nothing was,
    /// as for file sinks. A database sink that commits as it goes says what it committed. Read
    /// after `abort()`. Never holds secrets (no connection URLs).
    var committedBeforeAbort: String? { get }
}

extension Sink {
    public mutating func flush(rejections: inout Rejections) async throws {}
    public mutating func finish() async throws {}
    public mutating func commit() async throws {}
    public mutating func abort() async {}
    public var committedBeforeAbort: String? { nil }
}
