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

    init(name: String) { self.name = name }

    func add(in n: Int) { recordsIn.add(n, ordering: .relaxed) }
    func add(out n: Int) { recordsOut.add(n, ordering: .relaxed) }
    func add(rejected n: Int) { rejected.add(n, ordering: .relaxed) }

    /// A consistent-enough copy for display.
    public var snapshot: StageCounts {
        let total = progressTotal.load(ordering: .relaxed)
        return StageCounts(
            name: name, recordsIn: recordsIn.load(ordering: .relaxed), recordsOut: recordsOut.load(ordering: .relaxed),
            rejected: rejected.load(ordering: .relaxed), progressDone: progressDone.load(ordering: .relaxed),
            progressTotal: total >= 0 ? total : nil)
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
}
