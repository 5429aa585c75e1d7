import Synchronization

/// Runs work that must finish within a time limit, and gives up on it when it does not.
///
/// The work runs on a task of its own. When `limit` passes first, or the caller is cancelled
/// (a stop), the work is cancelled and the call returns at once, without waiting for it: a client
/// stuck on a dead connection, or a server trickling a body one byte a second, cannot hold the
/// run. Used by the HTTP fetcher (a deadline over head and body) and the PostgreSQL sink (a
/// transaction watchdog).
public enum Deadline {
    /// `body`'s result, or the error `timedOut` makes when `limit` passes first, or
    /// `CancellationError` when the calling task is cancelled first. With
    /// `followsCancellation: false` the caller's cancellation is ignored and only the limit ends
    /// the wait (for work that must not be cut short, such as a COMMIT on its way to the server).
    public static func run<T: Sendable>(
        within limit: Duration, followsCancellation: Bool = true, orThrow timedOut: @escaping @Sendable () -> any Error,
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let outcome = FirstResult<T>()
        let work = Task { try await body() }
        let timer = Task {
            try? await Task.sleep(for: limit)
            if !Task.isCancelled { outcome.deliver(.failure(timedOut())) }
        }
        let watcher = Task {
            let result = await work.result
            outcome.deliver(result)
        }
        let result: Result<T, any Error>
        if followsCancellation {
            result = await withTaskCancellationHandler {
                await outcome.wait()
            } onCancel: {
                outcome.deliver(.failure(CancellationError()))
            }
        } else {
            result = await outcome.wait()
        }
        timer.cancel()
        if case .failure = result { work.cancel() }
        _ = watcher
        return try result.get()
    }
}

/// The first of several results, handed to one waiter whether it arrives before or after it waits.
private final class FirstResult<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var waiter: CheckedContinuation<Result<T, any Error>, Never>?
    }

    private let state = Mutex(State())

    func deliver(_ result: Result<T, any Error>) {
        let waiter: CheckedContinuation<Result<T, any Error>, Never>? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: result)
    }

    func wait() async -> Result<T, any Error> {
        await withCheckedContinuation { continuation in
            let ready: Result<T, any Error>? = state.withLock { state in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
