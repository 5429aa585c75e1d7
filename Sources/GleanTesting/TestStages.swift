import GleanCore

/// A source that emits the given records, or `count` generated ones (`{"n": i}`), optionally
/// failing after `failAfter` records, yielding between batches so other stages interleave.
public struct GeneratorSource: Source {
    public struct Configuration: StageConfiguration {
        public var count: Int = 10
        public var failAfter: Int?
        public var field: String = "n"

        public static let options: [OptionSpec] = [
            .optional("count", "integer", default: "10", "How many records to emit."),
            .optional("fail_after", "integer", default: "none", "Throw after emitting this many records."),
            .optional("field", "string", default: "n", "Name of the counter field."),
        ]

        enum CodingKeys: String, CodingKey {
            case count, field
            case failAfter = "fail_after"
        }

        public init(count: Int = 10, failAfter: Int? = nil) {
            self.count = count
            self.failAfter = failAfter
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 10
            failAfter = try c.decodeIfPresent(Int.self, forKey: .failAfter)
            field = try c.decodeIfPresent(String.self, forKey: .field) ?? "n"
        }
    }

    let configuration: Configuration
    let name: String

    public init(configuration: Configuration, name: String) {
        self.configuration = configuration
        self.name = name
    }

    public mutating func run(into output: SourceOutput) async throws {
        var batcher = output.batcher()
        for i in 0..<configuration.count {
            if let failAfter = configuration.failAfter, i == failAfter {
                try await batcher.flush()
                throw GleanError(.stageFailed, "generator '\(name)' failed on purpose after \(failAfter) records")
            }
            let fields: Fields = [configuration.field: .int(Int64(i)), "source": .string(name)]
            try await batcher.append(Record(fields: fields, origin: RecordOrigin(stage: name, index: i)))
            if i % output.batchSize == 0 { await Task.yield() }
        }
        try await batcher.flush()
    }
}

/// A sink that hands what it receives to a ``RecordCollector``, optionally slowly (yielding
/// `yields` times per batch) and optionally rejecting records whose `reject` field is true.
public struct CollectingSink: Sink {
    public struct Configuration: StageConfiguration {
        public var yields: Int = 0
        public var failOnFinish = false

        public static let options: [OptionSpec] = [
            .optional("yields", "integer", default: "0", "Task.yield() this many times per batch, to make a slow sink."),
            .optional("fail_on_finish", "boolean", default: "false", "Throw from finish()."),
        ]

        enum CodingKeys: String, CodingKey {
            case yields
            case failOnFinish = "fail_on_finish"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            yields = try c.decodeIfPresent(Int.self, forKey: .yields) ?? 0
            failOnFinish = try c.decodeIfPresent(Bool.self, forKey: .failOnFinish) ?? false
        }
    }

    let configuration: Configuration
    let name: String
    let collector: RecordCollector

    public mutating func write(_ batch: [Record], rejections: inout Rejections) async throws {
        for _ in 0..<configuration.yields { await Task.yield() }
        var accepted: [Record] = []
        for record in batch {
            if record["reject"] == .bool(true) {
                rejections.reject(record, GleanError(.invalidRecord, "rejected on purpose"))
            } else {
                accepted.append(record)
            }
        }
        collector.append(accepted, to: name)
    }

    public mutating func finish() async throws {
        collector.note("\(name): finish")
        if configuration.failOnFinish { throw GleanError(.stageFailed, "sink '\(name)' failed on purpose in finish") }
    }

    public mutating func commit() async throws { collector.note("\(name): commit") }
    public mutating func abort() async { collector.note("\(name): abort") }
}

/// The configuration of a test stage that takes no options.
public struct NoOptions: StageConfiguration {
    public static let options: [OptionSpec] = []
    public init(from decoder: any Decoder) throws {}
}

/// A source that saves `{"runs": previous + 1}` as its state, to test state handling.
public struct CountingStateSource: Source {
    public typealias Configuration = NoOptions

    let context: StageContext

    public mutating func run(into output: SourceOutput) async throws {
        var runs: Int64 = 0
        if case .object(let fields)? = context.previousState, case .int(let n)? = fields["runs"] { runs = n }
        context.saveState(["runs": .int(runs + 1)])
        try await output.send([Record(fields: ["runs": .int(runs + 1)], origin: RecordOrigin(stage: context.name))])
    }
}

/// A source that sends one record and then waits an hour without sending: a stop must end it
/// by cancelling the wait (as it ends an HTTP retry sleep), not at its next `send`.
public struct SleepingSource: Source {
    public typealias Configuration = NoOptions

    let context: StageContext

    public mutating func run(into output: SourceOutput) async throws {
        try await output.send([Record(fields: ["n": .int(1)], origin: RecordOrigin(stage: context.name))])
        try await Task.sleep(for: .seconds(3600))
        try await output.send([Record(fields: ["n": .int(2)], origin: RecordOrigin(stage: context.name))])
    }
}

extension StageRegistry {
    /// Registers the test stages: sources `generate`, `sleeper` and `state_counter`, sink `collect`
    /// (delivering to `collector`).
    public mutating func registerTestingStages(collector: RecordCollector) {
        registerSource(
            "generate", configuration: GeneratorSource.Configuration.self, summary: "Test source: generated records.",
            example: "type: generate\ncount: 100"
        ) { configuration, context in GeneratorSource(configuration: configuration, name: context.name) }
        registerSource(
            "state_counter", configuration: CountingStateSource.Configuration.self, summary: "Test source: counts runs in its state.",
            example: "type: state_counter"
        ) { _, context in CountingStateSource(context: context) }
        registerSource(
            "sleeper", configuration: SleepingSource.Configuration.self, summary: "Test source: one record, then an hour's wait.",
            example: "type: sleeper"
        ) { _, context in SleepingSource(context: context) }
        registerSink(
            "collect", configuration: CollectingSink.Configuration.self, summary: "Test sink: collects records in memory.",
            example: "type: collect\ninputs: [clean]"
        ) { configuration, context in CollectingSink(configuration: configuration, name: context.name, collector: collector) }
    }
}
