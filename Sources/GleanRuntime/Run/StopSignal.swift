import Synchronization

/// A request to stop the run early (SIGINT, SIGTERM), shared by the CLI and the runner.
///
/// Sources see it at their next `send`, which throws `SourceStop`; everything downstream then
/// drains, sinks finish and commit, and state is committed as in a normal run.
public final class StopSignal: Sendable {
    private let requested = Atomic<Int>(0)
    private let reason = Mutex<String?>(nil)

    public init() {}

    /// Asks the run to stop; returns how many times stopping has been asked, this time included.
    @discardableResult
    public func request(_ why: String) -> Int {
        reason.withLock { if $0 == nil { $0 = why } }
        return requested.add(1, ordering: .sequentiallyConsistent).newValue
    }

    public var isRequested: Bool { requested.load(ordering: .relaxed) > 0 }
    /// Why stopping was asked ("SIGTERM").
    public var requestReason: String? { reason.withLock { $0 } }
}
