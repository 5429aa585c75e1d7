import GleanCore

/// A source that emits the given records, or `count` generated ones (`{"n": i}`), optionally
/// failing after `failAfter` records, yielding between batches so other stages interleave.
public struct GeneratorSource: Source {
    public struct Configuration: StageConfiguration {
        public var count: Int
        public var failAfter: Int?
        public var field: String

        static let count = OptionKey<Int>("count", "integer", default: 10, doc: "How many records to emit.")
        static let failAfter = OptionKey<Int?>("fail_after", "integer", default: nil, doc: "Throw after emitting this many records.")
        static let field = OptionKey<String>("field", "string", default: "n", doc: "Name of the counter field.")

        public static let options = [count.spec, failAfter.spec, field.spec]

        /// A configuration in code; `count` defaults to the option's default (10).
        public init(count: Int? = nil, failAfter: Int? = nil) {
            self.count = count ?? Self.count.defaultValue!
            self.failAfter = failAfter
            field = Self.field.defaultValue!
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            count = try o[Self.count]
            failAfter = try o[Self.failAfter]
            field = try o[Self.field]
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
        public var yields: Int
        public var failOnFinish: Bool

        static let yields = OptionKey<Int>(
            "yields", "integer", default: 0, doc: "Task.yield() this many times per batch, to make a slow sink.")
        static let failOnFinish = OptionKey<Bool>("fail_on_finish", "boolean", default: false, doc: "Throw from finish().")

        public static let options = [yields.spec, failOnFinish.spec]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            yields = try o[Self.yields]
            failOnFinish = try o[Self.failOnFinish]
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
