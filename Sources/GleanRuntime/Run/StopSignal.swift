import Synchronization

/// A request to stop the run early (SIGINT, SIGTERM), shared by the CLI and the runner.
///
/// When it is asked, every waiting source is woken at once: the runner cancels the sources' tasks
/// (through ``onRequest(_:)``), so a retry sleep, an HTTP request or body, or a pipe that sends
/// nothing ends within moments, and a source busy in a loop sees ``isRequested`` at its next
/// check or `send` (which throws `SourceStop`). Everything downstream then drains, sinks finish
/// and commit, and state is committed as in a normal run.
public final class StopSignal: Sendable {
    private struct State {
        var requests = 0
        var firstRequest: ContinuousClock.Instant?
        var reason: String?
        var handlers: [Int: @Sendable () -> Void] = [:]
        var nextHandler = 0
    }

    private let requested = Atomic<Bool>(false)
    private let state = Mutex(State())
    /// Repeats closer than this to the first request count as that request: GNU `timeout`, a
    /// supervisor and a shell's job control can each deliver the same SIGTERM within moments.
    public let coalescing: Duration

    public init(coalescing: Duration = .seconds(1)) {
        self.coalescing = coalescing
    }

    /// Asks the run to stop; returns how many distinct requests there have been, this one
    /// included (a repeat within ``coalescing`` of the first does not count, and returns 1).
    @discardableResult
    public func request(_ why: String, at now: ContinuousClock.Instant = .now) -> Int {
        let (count, handlers): (Int, [@Sendable () -> Void]) = state.withLock { state in
            guard let first = state.firstRequest else {
                state.firstRequest = now
                state.reason = why
                state.requests = 1
                let handlers = Array(state.handlers.values)
                state.handlers = [:]
                return (1, handlers)
            }
            if now - first >= coalescing { state.requests += 1 }
            return (state.requests, [])
        }
        requested.store(true, ordering: .sequentiallyConsistent)
        for handler in handlers { handler() }
        return count
    }

    /// Runs `handler` once when stopping is first asked (at once if it already has been).
    /// Returns a token for ``removeHandler(_:)``.
    @discardableResult
    public func onRequest(_ handler: @escaping @Sendable () -> Void) -> Int {
        let token: Int? = state.withLock { state in
            guard state.firstRequest == nil else { return nil }
            state.nextHandler += 1
            state.handlers[state.nextHandler] = handler
            return state.nextHandler
        }
        guard let token else {
            handler()
            return 0
        }
        return token
    }

    /// Forgets a handler registered with ``onRequest(_:)``.
    public func removeHandler(_ token: Int) {
        _ = state.withLock { $0.handlers.removeValue(forKey: token) }
    }

    public var isRequested: Bool { requested.load(ordering: .relaxed) }
    /// Why stopping was asked ("SIGTERM").
    public var requestReason: String? { state.withLock { $0.reason } }
}
