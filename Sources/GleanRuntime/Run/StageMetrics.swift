import Synchronization

/// Live counters of one stage, read by the progress display and the run report.
public final class StageMetrics: Sendable {
    public let name: String
    /// Records received (transforms, sinks) or read (sources).
    let recordsIn = Atomic<Int>(0)
    /// Records passed downstream or written.
    let recordsOut = Atomic<Int>(0)
    /// Records sent to the dead-letter output.
    let rejected = Atomic<Int>(0)
    /// Input consumed, and its total when known (bytes or items): for ETA.
    let progressDone = Atomic<Int64>(0)
    let progressTotal = Atomic<Int64>(-1)
    /// The input being read now (``SourceOutput/reportCurrent(_:)``).
    let current = Mutex<String?>(nil)
    /// What the stage counted for the summary (``SourceOutput/note(_:count:)``).
    let notes = Mutex<[String: Int]>([:])

    init(name: String) { self.name = name }

    func add(in n: Int) { recordsIn.add(n, ordering: .relaxed) }
    func add(out n: Int) { recordsOut.add(n, ordering: .relaxed) }
    func add(rejected n: Int) { rejected.add(n, ordering: .relaxed) }
    func note(_ what: String, _ n: Int) { notes.withLock { $0[what, default: 0] += n } }

    /// A consistent-enough copy for display.
    public var snapshot: StageCounts {
        let total = progressTotal.load(ordering: .relaxed)
        return StageCounts(
            name: name, recordsIn: recordsIn.load(ordering: .relaxed), recordsOut: recordsOut.load(ordering: .relaxed),
            rejected: rejected.load(ordering: .relaxed), progressDone: progressDone.load(ordering: .relaxed),
            progressTotal: total >= 0 ? total : nil, current: current.withLock { $0 }, notes: notes.withLock { $0 })
    }
}

/// Counts of one stage at a moment.
public struct StageCounts: Sendable, Hashable {
    public var name: String
    public var recordsIn: Int
    public var recordsOut: Int
    public var rejected: Int
    public var progressDone: Int64
    public var progressTotal: Int64?
    /// The input being read when the counts were taken.
    public var current: String? = nil
    /// What the stage counted for the summary, by what (`skipped image/png`: 3).
    public var notes: [String: Int] = [:]
}
