import GleanCore
import Synchronization

/// A thread-safe store of what test sinks received, keyed by sink name. Create one per test.
public final class RecordCollector: Sendable {
    private let storage = Mutex<[String: [Record]]>([:])
    private let events = Mutex<[String]>([])

    public init() {}

    /// Records the named sink received, in order.
    public func records(_ sink: String) -> [Record] { storage.withLock { $0[sink] ?? [] } }

    /// Lifecycle events in order: `"out: finish"`, `"out: commit"`, `"out: abort"`.
    public var lifecycle: [String] { events.withLock { $0 } }

    func append(_ batch: [Record], to sink: String) { storage.withLock { $0[sink, default: []] += batch } }
    func note(_ event: String) { events.withLock { $0.append(event) } }
}
