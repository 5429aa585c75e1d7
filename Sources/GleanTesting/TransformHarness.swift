import GleanCore
import Logging

/// Helpers for testing a stage without a pipeline file.
public enum StageHarness {
    /// A context for building stages in tests.
    public static func context(
        name: String = "test", baseDirectory: String = "/tmp", previousState: Value? = nil, shard: Shard = .whole,
        saveState: @escaping @Sendable (Value) -> Void = { _ in }
    ) -> StageContext {
        StageContext(
            name: name, baseDirectory: baseDirectory, logger: Logger(label: "test"), previousState: previousState,
            shard: shard, saveState: saveState)
    }

    /// Records with the given fields, origins numbered from 0.
    public static func records(_ fields: [Fields], stage: String = "test") -> [Record] {
        fields.enumerated().map { Record(fields: $1, origin: RecordOrigin(stage: stage, index: $0)) }
    }

    /// Runs a transform over batches, then its `finish`, and returns everything it produced.
    public static func run(_ transform: some Transform, _ batches: [[Record]]) async throws -> TransformOutput {
        var transform = transform
        var all = TransformOutput()
        for batch in batches {
            var output = TransformOutput()
            try await transform.process(batch, into: &output)
            all.records += output.records
            for letter in output.rejections.letters { all.rejections.append(letter) }
        }
        var output = TransformOutput()
        try await transform.finish(into: &output)
        all.records += output.records
        for letter in output.rejections.letters { all.rejections.append(letter) }
        return all
    }

    /// Runs a source and returns what it sent and rejected.
    public static func run(_ source: some Source, batchSize: Int = 64) async throws -> (records: [Record], rejected: [DeadLetter]) {
        try await run(source, batchSize: batchSize, progress: { _, _ in })
    }

    /// Runs a source, passing its progress reports (bytes or items done, total) to `progress`.
    public static func run(
        _ source: some Source, batchSize: Int = 64, progress: @escaping @Sendable (Int64, Int64?) -> Void
    ) async throws -> (records: [Record], rejected: [DeadLetter]) {
        let result = try await runCounting(source, batchSize: batchSize, progress: progress)
        return (result.records, result.rejected)
    }

    /// Runs a source and returns what it sent, rejected and counted for the run summary
    /// (``SourceOutput/note(_:count:)``).
    public static func runCounting(
        _ source: some Source, batchSize: Int = 64, progress: @escaping @Sendable (Int64, Int64?) -> Void = { _, _ in }
    ) async throws -> (records: [Record], rejected: [DeadLetter], notes: [String: Int]) {
        let sent = SendBox()
        let output = SourceOutput(
            batchSize: batchSize,
            send: { batch in sent.add(batch) },
            deadLetter: { letter in sent.reject(letter) }, progress: progress,
            note: { what, count in sent.note(what, count) })
        var source = source
        try await source.run(into: output)
        let contents = sent.contents
        return (contents.records, contents.rejected, sent.notes)
    }
}

import Synchronization

private final class SendBox: Sendable {
    private let state = Mutex<([Record], [DeadLetter])>(([], []))
    private let counted = Mutex<[String: Int]>([:])
    func note(_ what: String, _ n: Int) { counted.withLock { $0[what, default: 0] += n } }
    var notes: [String: Int] { counted.withLock { $0 } }
    func add(_ batch: [Record]) { state.withLock { $0.0 += batch } }
    func reject(_ letter: DeadLetter) { state.withLock { $0.1.append(letter) } }
    var contents: (records: [Record], rejected: [DeadLetter]) { state.withLock { ($0.0, $0.1) } }
}
