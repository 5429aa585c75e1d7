import GleanCore
import Logging

/// Documents worked on `parallelism` at a time, their records sent in input order.
///
/// Reading stays sequential (archive entries are streams, read one after another); the work on
/// each document's bytes runs on a task of its own. At most `2 × parallelism` documents, and at
/// most ``maximumBytesInFlight`` of their bytes, wait at once: reading waits for the oldest, so
/// memory is bounded however large the archive.
struct OrderedDocuments {
    private let output: SourceOutput
    private let context: StageContext
    private let parallelism: Int
    private var batcher: RecordBatcher
    private var waiting: [(task: Task<DocumentWork.Outcome, Never>, bytes: Int)] = []
    private var first = 0
    private var bytesInFlight = 0
    private var skipped: [String: Int] = [:]
    static let maximumBytesInFlight = 256 << 20

    init(output: SourceOutput, context: StageContext, parallelism: Int) {
        self.output = output
        self.context = context
        self.parallelism = max(1, parallelism)
        batcher = output.batcher()
    }

    /// Starts work on `document`, after sending what is done if too much waits.
    mutating func add(_ document: DocumentWork.Document, work: DocumentWork) async throws {
        if parallelism == 1 {
            try await deliver(await work.process(document))
            return
        }
        while waiting.count - first >= 2 * parallelism || bytesInFlight + document.bytes.count > Self.maximumBytesInFlight && waiting.count > first {
            try await sendOldest()
        }
        waiting.append((Task { await work.process(document) }, document.bytes.count))
        bytesInFlight += document.bytes.count
    }

    /// A dead letter found while reading: sent after the documents before it.
    mutating func reject(_ letter: DeadLetter) async throws {
        while waiting.count > first { try await sendOldest() }
        try await output.reject(letter)
    }

    /// Sends everything still waiting. When `stopping`, a send that reports the stop does not end
    /// the drain: what was read is delivered (the runner delivers a batch before it says stop).
    mutating func drain(stopping: Bool) async throws {
        while waiting.count > first {
            do { try await sendOldest() } catch is SourceStop where stopping {}
        }
        do { try await batcher.flush() } catch is SourceStop where stopping {}
        if !skipped.isEmpty {
            let list = skipped.sorted { $0.value > $1.value || $0.value == $1.value && $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            context.logger.notice("skipped \(skipped.values.reduce(0, +)) document(s) of types not read: \(list.joined(separator: ", "))")
        }
    }

    /// Cancels what waits (a failed run): `pdftotext` processes are ended.
    func cancel() {
        for item in waiting[first...] { item.task.cancel() }
    }

    private mutating func sendOldest() async throws {
        let item = waiting[first]
        first += 1
        bytesInFlight -= item.bytes
        if first > 256, first * 2 > waiting.count {
            waiting.removeFirst(first)
            first = 0
        }
        try await deliver(await item.task.value)
    }

    private mutating func deliver(_ outcome: DocumentWork.Outcome) async throws {
        switch outcome {
        case .record(let record, let notes):
            for note in notes { output.note(note) }
            try await batcher.append(record)
        case .rejected(let letter, let note):
            if let note { output.note(note) }
            try await batcher.flush()
            try await output.reject(letter)
        case .skipped(let contentType, let location):
            skipped[contentType, default: 0] += 1
            output.note("skipped \(contentType)")
            context.logger.debug("\(location): \(contentType) is not read; skipped")
        }
    }
}
