import ArgumentParser
import Dispatch
import Foundation
import GleanBuiltins
import GleanCore
import GleanRuntime
import Logging

/// `glean run`: runs pipelines once, to the end of their inputs.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run pipelines once, to the end of their inputs.",
        discussion: """
            Pipelines run one after another. Files appear only when a run succeeds (devices and \
            FIFOs are written directly); databases commit in transactions as they go, and a failed \
            run says what they kept. State (seen items, ETags) is committed after the sinks. SIGINT/SIGTERM stop the sources, \
            drain, finish the sinks and commit; a second signal (a second or more later) exits at once.
            """
    )

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
    enum ProgressMode: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @Argument(help: "Pipeline files (YAML).")
    var pipelines: [String]

    @Flag(help: "Run everything but publish nothing: outputs are discarded and state is not saved.")
    var dryRun = false

    @Option(help: "Stop each source after N records.")
    var limit: Int?

    @Option(help: "Log format on standard error: text or json.")
    var logFormat: LogFormat = .text

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Live progress on standard error: auto (when it is a terminal), always or never.")
    var progress: ProgressMode = .auto

    @Option(help: "Directory for state, locks and default dead-letter files (default: $GLEAN_STATE_DIR, else .glean-state beside each pipeline file).")
    var stateDir: String?

    @Option(help: "Dead-letter file, overriding the pipeline's settings.dead_letter.")
    var deadLetter: String?

    @Option(help: "Read only shard i of n of every file source's inputs (i from 0; default: $GLEAN_SHARD). State, lock and default dead letters are per shard; ${GLEAN_SHARD_INDEX} and ${GLEAN_SHARD_COUNT} name per-shard outputs.")
    var shard: String?

    @Option(help: "With --shards n, the shard index comes from $JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs).")
    var shards: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        if pipelines.isEmpty { throw ValidationError("name at least one pipeline file") }
        if shard != nil, shards != nil { throw ValidationError("give --shard i/n or --shards n, not both") }
    }

    /// The shard to run, from `--shard`, `--shards` with `JOB_COMPLETION_INDEX`, or `GLEAN_SHARD`.
    static func resolveShard(shard: String?, shards: Int?, environment: [String: String]) throws -> Shard {
        do {
            if let shard { return try Shard(parsing: shard) }
            if let shards {
                guard let text = environment["JOB_COMPLETION_INDEX"], let index = Int(text) else {
                    throw ValidationError("--shards needs JOB_COMPLETION_INDEX (set by Kubernetes Indexed Jobs) to be a number")
                }
                return try Shard(index: index, count: shards)
            }
            if let text = environment["GLEAN_SHARD"], !text.isEmpty { return try Shard(parsing: text) }
            return .whole
        } catch let error as GleanError {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        bootstrapLogging(format: logFormat, level: Logger.Level(rawValue: logLevel)!)
        let logger = Logger(label: "glean")
        let shard = try Self.resolveShard(shard: shard, shards: shards, environment: ProcessInfo.processInfo.environment)
        // Before loading, so `${GLEAN_SHARD_INDEX}` in pipeline files names per-shard outputs.
        setenv("GLEAN_SHARD_INDEX", String(shard.index), 1)
        setenv("GLEAN_SHARD_COUNT", String(shard.count), 1)
        guard let loaded = loadPipelines(pipelines, registry: BuiltinPlugins.registry()) else {
            throw ExitCode(GleanExitCode.invalid)
        }
        for pipeline in loaded {
            for warning in pipeline.warnings { logger.warning("\(warning)") }
        }

        let stop = StopSignal()
        let signalSources = installSignalHandlers(stop: stop)
        defer { withExtendedLifetime(signalSources) {} }

        var options = RunOptions()
        options.dryRun = dryRun
        options.limit = limit
        options.stateDirectory = stateDir ?? ProcessInfo.processInfo.environment["GLEAN_STATE_DIR"]
        options.deadLetterPath = deadLetter
        options.shard = shard
        options.showProgress = progress == .always || (progress == .auto && isatty(STDERR_FILENO) == 1)

        var worst: Int32 = 0
        for pipeline in loaded {
            if stop.isRequested { break }
            let report = await PipelineRunner(logger: logger).run(pipeline, options: options, stop: stop)
            summarize(report, logger: logger)
            worst = Self.worse(worst, report.exitCode)
        }
        if worst != 0 { throw ExitCode(worst) }
    }

    /// Failure outranks interruption, which outranks dead letters.
    static func worse(_ a: Int32, _ b: Int32) -> Int32 {
        func rank(_ code: Int32) -> Int {
            switch code {
            case GleanExitCode.failed: return 4
            case GleanExitCode.interrupted, GleanExitCode.terminated: return 3
            case GleanExitCode.deadLettered: return 2
            case 0: return 0
            default: return 1
            }
        }
        return rank(b) > rank(a) ? b : a
    }

    private func summarize(_ report: RunReport, logger: Logger) {
        let flow = report.stages.map { stage in
            "\(stage.name) \(stage.recordsOut)" + (stage.rejected > 0 ? " (\(stage.rejected) dead-lettered)" : "")
        }.joined(separator: " → ")
        let metadata: Logger.Metadata = [
            "pipeline": .string(report.pipeline), "seconds": .string(String(format: "%.2f", report.seconds)),
            "dead_lettered": .string(String(report.deadLettered)),
        ]
        if let failure = report.failure {
            let published = report.committedBeforeAbort.isEmpty
                ? "no output was published"
                : "kept despite the failure: " + report.committedBeforeAbort.joined(separator: "; ") + "; nothing else was published"
            logger.error("\(report.pipeline): run failed: \(failure); \(published) and state is unchanged", metadata: metadata)
            return
        }
        if report.dryRun, !report.committedBeforeAbort.isEmpty {
            logger.warning("\(report.pipeline): dry run, but database sinks write as they go: \(report.committedBeforeAbort.joined(separator: "; "))", metadata: metadata)
        }
        if report.deadLettered > 0 {
            logger.warning("\(report.pipeline): \(report.deadLettered) record(s) dead-lettered to \(report.deadLetterPath)", metadata: metadata)
        }
        if let reason = report.interruptedBy {
            logger.notice("\(report.pipeline): stopped by \(reason); drained, outputs and state committed", metadata: metadata)
        }
        let verb = report.dryRun ? "dry run finished (nothing published)" : "finished"
        logger.info("\(report.pipeline): \(verb) in \(String(format: "%.2f", report.seconds)) s: \(flow)", metadata: metadata)
        for stage in report.stages where !stage.notes.isEmpty {
            let notes = stage.notes.sorted { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }
            let text = notes.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let warned = notes.contains { $0.key.hasPrefix("warning") }
            logger.log(level: warned ? .warning : .info, "\(report.pipeline): \(stage.name): \(text)", metadata: metadata)
        }
    }
}

/// SIGINT/SIGTERM ask the run to stop; a second signal, a second or more after the first, exits
/// immediately (repeats within a second are the same request delivered twice, see ``StopSignal``).
func installSignalHandlers(stop: StopSignal) -> [any DispatchSourceSignal] {
    [(SIGINT, "SIGINT", GleanExitCode.interrupted), (SIGTERM, "SIGTERM", GleanExitCode.terminated)].map { number, name, code in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
            if stop.request(name) > 1 {
                printError("\(name) again: exiting without draining")
                _exit(code)
            }
            printError("\(name): stopping sources, draining and committing (send again after a second to exit at once)")
        }
        source.resume()
        return source
    }
}

func bootstrapLogging(format: RunCommand.LogFormat, level: Logger.Level) {
    LoggingSystem.bootstrap { label in
        var handler: any LogHandler = format == .json ? JSONLogHandler(label: label) : TextLogHandler(label: label)
        handler.logLevel = level
        return handler
    }
}
