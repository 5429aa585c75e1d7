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
        let sent = SendBox()
        let output = SourceOutput(
            batchSize: batchSize,
            send: { batch in sent.add(batch) },
            deadLetter: { letter in sent.reject(letter) }, progress: progress)
        var source = source
        try await source.run(into: output)
        return sent.contents
    }
}

import Synchronization

private final class SendBox: Sendable {
    private let state = Mutex<([Record], [DeadLetter])>(([], []))
    func add(_ batch: [Record]) { state.withLock { $0.0 += batch } }
    func reject(_ letter: DeadLetter) { state.withLock { $0.1.append(letter) } }
    var contents: (records: [Record], rejected: [DeadLetter]) { state.withLock { ($0.0, $0.1) } }
}
