import Foundation
import GleanCore
import Logging
import Synchronization

/// Runs a validated ``Pipeline``: every stage on its own task, connected by bounded
/// ``BatchChannel``s, with dead letters, state and publication handled as ARCHITECTURE.md says.
///
/// Order of events in a successful run: take the lock → load state → build stages → run until
/// sources are exhausted (or asked to stop) and every stage has drained → `finish` every sink →
/// `commit` every sink → commit state. Any stage error cancels the rest, aborts every sink (no
/// output is published, except what database sinks had committed as they went: the report says
/// what, ``RunReport/committedBeforeAbort``) and leaves state untouched.
public struct PipelineRunner: Sendable {
    public let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    private enum StageResult {
        case finished
        case sink(name: String, any Sink)
        case failed(name: String, any Error, committed: String?)
    }

    /// Runs the pipeline to completion and reports what happened. Never throws: failures are in
    /// the report, with the exit code they deserve.
    public func run(_ pipeline: Pipeline, options: RunOptions = RunOptions(), stop: StopSignal = StopSignal()) async -> RunReport {
        let started = ContinuousClock.now
        let stateRoot = options.stateDirectory ?? pipeline.baseDirectory + "/.glean-state"
        let pipelineState = stateRoot + "/" + pipeline.name
            + (options.shard.count > 1 ? "/shard-\(options.shard.index)-of-\(options.shard.count)" : "")
        let context = StageContext(name: "", baseDirectory: pipeline.baseDirectory, logger: logger)
        let deadLetterPath = options.deadLetterPath.map(context.resolvePath)
            ?? pipeline.settings.deadLetterPath.map(context.resolvePath)
            ?? pipelineState + "/dead-letter.jsonl"
        let runID = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let deadLetters = DeadLetterWriter(path: deadLetterPath, pipeline: pipeline.name, runID: runID)
        let metrics = Dictionary(uniqueKeysWithValues: pipeline.stages.map { ($0.name, StageMetrics(name: $0.name)) })
        var report = RunReport(
            pipeline: pipeline.name, stages: [], deadLettered: 0, deadLetterPath: deadLetterPath, failure: nil,
            interruptedBy: nil, peakBufferedRecords: [:], seconds: 0, dryRun: options.dryRun)
        defer { deadLetters.close() }

        // Lock and state.
        let lock: PipelineLock
        let store: StateStore
        do {
            try FileManager.default.createDirectory(atPath: pipelineState, withIntermediateDirectories: true)
            lock = try PipelineLock(path: pipelineState + "/lock")
            store = try StateStore(path: pipelineState + "/state.json")
        } catch {
            report.failure = Self.glean(error, stage: nil)
            return report
        }

        // Channels and stage instances.
        var channels: [String: BatchChannel] = [:]
        for stage in pipeline.stages where stage.role != .source {
            channels[stage.name] = BatchChannel(capacity: pipeline.settings.bufferRecords, producers: stage.inputs.count)
        }
        var instances: [(PipelineStage, StageInstance)] = []
        for stage in pipeline.stages {
            var stageLogger = logger
            stageLogger[metadataKey: "stage"] = .string(stage.name)
            let stageContext = StageContext(
                name: stage.name, baseDirectory: pipeline.baseDirectory, logger: stageLogger,
                previousState: store.previousState(of: stage.name), shard: options.shard,
                saveState: { [name = stage.name] in store.save($0, for: name) })
            do {
                instances.append((stage, try stage.descriptor.make(stage.configuration, stageContext)))
            } catch {
                report.failure = Self.glean(error, stage: stage.name)
                for case (_, .sink(var sink)) in instances { await sink.abort() }
                return report
            }
        }

        let progress = options.showProgress ? ProgressDisplay(metrics: pipeline.stages.map { metrics[$0.name]! }) : nil
        let progressTask = progress?.start()

        // Run.
        var finishedSinks: [(String, any Sink)] = []
        var failure: GleanError?
        // What aborted sinks could not take back, by sink name.
        var committedBeforeAbort: [(String, String)] = []
        func aborted(_ index: Int) async {
            await finishedSinks[index].1.abort()
            if let committed = finishedSinks[index].1.committedBeforeAbort { committedBeforeAbort.append((finishedSinks[index].0, committed)) }
        }
        let batchSize = pipeline.settings.batchSize
        let releasePool = ReleasePool(sources: pipeline.stages.filter { $0.role == .source }.count)
        await withTaskGroup(of: StageResult.self) { group in
            for (stage, instance) in instances {
                let consumers = pipeline.consumers(of: stage.name).map { channels[$0.name]! }
                let stageMetrics = metrics[stage.name]!
                let rejectInto: @Sendable (DeadLetter) throws -> Void = { letter in
                    try deadLetters.write(letter, stage: stage.name)
                    stageMetrics.add(rejected: 1)
                }
                switch instance {
                case .source(let source):
                    group.addTask {
                        do {
                            defer { releasePool.sourceFinished() }
                            try await Self.runSource(source, stage: stage.name, consumers: consumers, batchSize: batchSize, limit: options.limit, stop: stop, metrics: stageMetrics, releasePool: releasePool, reject: rejectInto)
                            return .finished
                        } catch {
                            return .failed(name: stage.name, error, committed: nil)
                        }
                    }
                case .transform(let transform):
                    let input = channels[stage.name]!
                    group.addTask {
                        do {
                            try await Self.runTransform(transform, input: input, consumers: consumers, metrics: stageMetrics, releasePool: releasePool, reject: rejectInto)
                            return .finished
                        } catch {
                            return .failed(name: stage.name, error, committed: nil)
                        }
                    }
                case .sink(let sink):
                    let input = channels[stage.name]!
                    group.addTask {
                        var sink = sink
                        do {
                            while let batch = try await input.receive() {
                                stageMetrics.add(in: batch.count)
                                var rejections = Rejections()
                                try await sink.write(batch, rejections: &rejections)
                                for letter in rejections.letters { try rejectInto(letter) }
                                stageMetrics.add(out: batch.count - rejections.count)
                                releasePool.release(batch)
                            }
                            var rejections = Rejections()
                            try await sink.flush(rejections: &rejections)
                            for letter in rejections.letters { try rejectInto(letter) }
                            stageMetrics.add(out: -rejections.count)
                            try await sink.finish()
                            return .sink(name: stage.name, sink)
                        } catch {
                            await sink.abort()
                            return .failed(name: stage.name, error, committed: sink.committedBeforeAbort)
                        }
                    }
                }
            }
            for await result in group {
                switch result {
                case .finished: break
                case .sink(let name, let sink): finishedSinks.append((name, sink))
                case .failed(let name, let error, let committed):
                    if let committed { committedBeforeAbort.append((name, committed)) }
                    guard failure == nil else { continue }
                    failure = Self.glean(error, stage: name)
                    for channel in channels.values { channel.cancel() }
                    group.cancelAll()
                }
            }
        }
        progressTask?.cancel()
        await progressTask?.value
        progress?.finish()

        // Publish, or discard.
        if failure == nil, !options.dryRun {
            for index in finishedSinks.indices {
                do {
                    try await finishedSinks[index].1.commit()
                } catch {
                    failure = Self.glean(error, stage: finishedSinks[index].0)
                    // The sinks before it have published: say so.
                    for earlier in finishedSinks.indices where earlier < index { committedBeforeAbort.append((finishedSinks[earlier].0, "its output was published")) }
                    for later in finishedSinks.indices where later > index { await aborted(later) }
                    break
                }
            }
            if failure == nil {
                do { try store.commit() } catch {
                    failure = Self.glean(error, stage: nil)
                    for sink in finishedSinks { committedBeforeAbort.append((sink.0, "its output was published")) }
                }
            }
        } else {
            for index in finishedSinks.indices { await aborted(index) }
        }
        withExtendedLifetime(lock) {}

        report.failure = failure
        let order = Dictionary(pipeline.stages.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        report.committedBeforeAbort = committedBeforeAbort.sorted { order[$0.0, default: 0] < order[$1.0, default: 0] }.map { "\($1) (sink \($0))" }
        report.stages = pipeline.stages.map { metrics[$0.name]!.snapshot }
        report.deadLettered = deadLetters.count
        report.interruptedBy = stop.isRequested ? stop.requestReason : nil
        report.peakBufferedRecords = channels.mapValues(\.peakBufferedRecords)
        let elapsed = ContinuousClock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }

    private static func runSource(
        _ source: any Source, stage: String, consumers: [BatchChannel], batchSize: Int, limit: Int?, stop: StopSignal,
        metrics: StageMetrics, releasePool: ReleasePool, reject: @escaping @Sendable (DeadLetter) throws -> Void
    ) async throws {
        let output = SourceOutput(
            batchSize: batchSize,
            send: { batch in
                releasePool.drain()
                // A batch already read is delivered even when stopping: nothing read is lost.
                var batch = batch
                var reachedLimit = false
                if let limit {
                    let remaining = limit - metrics.recordsOut.load(ordering: .relaxed)
                    if remaining <= 0 { throw SourceStop() }
                    if batch.count >= remaining {
                        batch.removeLast(batch.count - remaining)
                        reachedLimit = true
                    }
                }
                metrics.add(in: batch.count)
                metrics.add(out: batch.count)
                // On a task of its own, so that cancelling the source on a stop does not cancel
                // (and lose) a batch already read, nor the channels; a failed run cancels the
                // channels themselves, which ends a waiting send.
                let delivery = Task { for consumer in consumers { try await consumer.send(batch) } }
                try await delivery.value
                if reachedLimit || stop.isRequested { throw SourceStop() }
            },
            deadLetter: { letter in try reject(letter) },
            progress: { done, total in
                metrics.progressDone.store(done, ordering: .relaxed)
                metrics.progressTotal.store(total ?? -1, ordering: .relaxed)
            },
            current: { location in metrics.current.withLock { $0 = location } },
            note: { what, count in metrics.note(what, count) },
            stopRequested: { stop.isRequested })
        // The source runs on a task that a stop cancels, so every wait in it (a retry sleep, an
        // HTTP request or body, a pipe) ends at once instead of at the next `send`.
        let running = Task {
            var source = source
            try await source.run(into: output)
        }
        let token = stop.onRequest { running.cancel() }
        defer { stop.removeHandler(token) }
        do {
            try await withTaskCancellationHandler { try await running.value } onCancel: { running.cancel() }
        } catch is SourceStop {
            // A signal or --limit: a normal end of input.
        } catch where stop.isRequested && Self.isCancellation(error) {
            // A wait that the stop cut short: also a normal end of input.
        }
        for consumer in consumers { consumer.producerFinished() }
    }

    private static func runTransform(
        _ transform: any Transform, input: BatchChannel, consumers: [BatchChannel], metrics: StageMetrics,
        releasePool: ReleasePool, reject: @escaping @Sendable (DeadLetter) throws -> Void
    ) async throws {
        var transform = transform
        func deliver(_ output: TransformOutput) async throws {
            for letter in output.rejections.letters { try reject(letter) }
            guard !output.records.isEmpty else { return }
            metrics.add(out: output.records.count)
            for consumer in consumers { try await consumer.send(output.records) }
        }
        while let batch = try await input.receive() {
            metrics.add(in: batch.count)
            var output = TransformOutput(capacity: batch.count)
            try await transform.process(batch, into: &output)
            releasePool.release(batch)
            try await deliver(output)
        }
        var output = TransformOutput()
        try await transform.finish(into: &output)
        try await deliver(output)
        for consumer in consumers { consumer.producerFinished() }
    }

    /// Whether `error` is a cancellation (possibly wrapped in a ``GleanError``).
    static func isCancellation(_ error: any Error) -> Bool {
        if error is CancellationError { return true }
        if let glean = error as? GleanError, let underlying = glean.underlying { return isCancellation(underlying) }
        return false
    }

    /// Any error as a ``GleanError`` that names the stage.
    static func glean(_ error: any Error, stage: String?) -> GleanError {
        if var glean = error as? GleanError {
            if glean.location == nil, let stage { glean.location = .stage(stage) }
            return glean
        }
        return GleanError(.stageFailed, "\(error)", at: stage.map { .stage($0) }, underlying: error)
    }
}
