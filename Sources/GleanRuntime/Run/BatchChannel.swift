import GleanCore
import Synchronization

/// A bounded, multi-producer, single-consumer queue of record batches: the edge in front of a
/// transform or sink.
///
/// `send` suspends while admitting the batch would take the buffered record count over
/// ``capacity``; batches larger than the capacity are split. So the number of records waiting in
/// a channel never exceeds its capacity — ``peakBufferedRecords`` is the proof tests assert on.
/// (AsyncStream is not used on data paths: it buffers without bound or drops.)
///
/// Cancellation of any waiting task cancels the whole channel: in Glean that only happens when
/// the run is being torn down.
final class BatchChannel: Sendable {
    /// The most records buffered at once.
    let capacity: Int

    private struct WaitingSender {
        var batch: [Record]
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var queue: [[Record]] = []
        var head = 0
        var buffered = 0
        var peak = 0
        var openProducers: Int
        var cancelled = false
        var receiver: CheckedContinuation<[Record]?, any Error>?
        var senders: [WaitingSender] = []

        mutating func dequeue() -> [Record]? {
            guard head < queue.count else { return nil }
            let batch = queue[head]
            queue[head] = []
            head += 1
            if head > 64, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            buffered -= batch.count
            return batch
        }

        mutating func enqueue(_ batch: [Record]) {
            queue.append(batch)
            buffered += batch.count
            peak = max(peak, buffered)
        }

        /// Moves waiting senders' batches into the queue while they fit; returns whom to resume.
        mutating func admitWaitingSenders(capacity: Int) -> [CheckedContinuation<Void, any Error>] {
            var resumed: [CheckedContinuation<Void, any Error>] = []
            while let first = senders.first, buffered + first.batch.count <= capacity {
                senders.removeFirst()
                enqueue(first.batch)
                resumed.append(first.continuation)
            }
            return resumed
        }
    }

    private let state: Mutex<State>

    /// A channel fed by `producers` upstream stages; it ends when all of them have finished.
    init(capacity: Int, producers: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        state = Mutex(State(openProducers: producers))
    }

    /// Records waiting now.
    var bufferedRecords: Int { state.withLock { $0.buffered } }
    /// The most records that ever waited at once.
    var peakBufferedRecords: Int { state.withLock { $0.peak } }

    /// Queues a batch, suspending while the channel is full.
    func send(_ batch: [Record]) async throws {
        if batch.count > capacity {
            var start = 0
            while start < batch.count {
                let end = min(start + capacity, batch.count)
                try await sendFitting(Array(batch[start..<end]))
                start = end
            }
        } else if !batch.isEmpty {
            try await sendFitting(batch)
        }
    }

    private func sendFitting(_ batch: [Record]) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Action { case resume, fail, wait, handOff(CheckedContinuation<[Record]?, any Error>, [Record]) }
                let action: Action = state.withLock { state in
                    if state.cancelled { return .fail }
                    if state.senders.isEmpty, state.buffered + batch.count <= capacity {
                        state.enqueue(batch)
                        if let receiver = state.receiver {
                            state.receiver = nil
                            return .handOff(receiver, state.dequeue()!)
                        }
                        return .resume
                    }
                    state.senders.append(WaitingSender(batch: batch, continuation: continuation))
                    return .wait
                }
                switch action {
                case .resume: continuation.resume()
                case .fail: continuation.resume(throwing: CancellationError())
                case .wait: break
                case .handOff(let receiver, let next):
                    continuation.resume()
                    receiver.resume(returning: next)
                }
            }
        } onCancel: {
            cancel()
        }
    }

    /// The next batch, or nil when every producer has finished and the queue is empty.
    func receive() async throws -> [Record]? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[Record]?, any Error>) in
                enum Action { case value([Record]?, [CheckedContinuation<Void, any Error>]), fail, wait }
                let action: Action = state.withLock { state in
                    if state.cancelled { return .fail }
                    if let batch = state.dequeue() {
                        return .value(batch, state.admitWaitingSenders(capacity: capacity))
                    }
                    if state.openProducers == 0 { return .value(nil, []) }
                    state.receiver = continuation
                    return .wait
                }
                switch action {
                case .value(let batch, let senders):
                    for sender in senders { sender.resume() }
                    continuation.resume(returning: batch)
                case .fail: continuation.resume(throwing: CancellationError())
                case .wait: break
                }
            }
        } onCancel: {
            cancel()
        }
    }

    /// One producer has sent its last batch.
    func producerFinished() {
        let receiver: CheckedContinuation<[Record]?, any Error>? = state.withLock { state in
            state.openProducers -= 1
            guard state.openProducers == 0, state.head >= state.queue.count, let receiver = state.receiver else { return nil }
            state.receiver = nil
            return receiver
        }
        receiver?.resume(returning: nil)
    }

    /// Fails every waiting and future send and receive. Idempotent.
    func cancel() {
        let (receiver, senders) = state.withLock { state -> (CheckedContinuation<[Record]?, any Error>?, [WaitingSender]) in
            state.cancelled = true
            let waiting = (state.receiver, state.senders)
            state.receiver = nil
            state.senders = []
            return waiting
        }
        receiver?.resume(throwing: CancellationError())
        for sender in senders { sender.continuation.resume(throwing: CancellationError()) }
    }
}
