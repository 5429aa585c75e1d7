import Foundation
import GleanCore

/// Reads an archive or compressed stream with `ArchiveReader` on a thread of its own and hands its
/// inputs, one at a time, to a consumer on another thread, each as a blocking `ByteStream`.
///
/// libarchive is synchronous and the sources that parse the bytes are async (they await sends for
/// back-pressure), so the two run on different threads and meet in a small queue: at most
/// ``depthBytes`` (eight chunks of 64 KiB) wait, so memory stays flat whatever the archive holds. The producer
/// never runs on the cooperative pool; the consumer's reads block only while libarchive
/// decompresses the next chunk. Each consumer call returns the next input, a rejected entry or the
/// error that stopped the archive; an input not read to its end is skipped (the producer is told to
/// stop decompressing it).
final class ArchiveFeed: @unchecked Sendable {
    /// What the next call to ``next()`` found.
    enum Item {
        /// An input and its bytes (valid until the next call).
        case input(ArchiveInput, EntryStream)
        /// An entry skipped for a reason the consumer must dead-letter.
        case rejected(RejectedEntry)
        /// The error that stopped the archive (corrupt, truncated, unreadable); nothing follows.
        case failed(any Error)
    }

    private enum Event {
        /// An input and its first chunk; `whole` when that chunk is all of it (small entries take
        /// one hand-over instead of three).
        case begin(ArchiveInput, generation: Int, first: [UInt8], whole: Bool, sourceBytes: Int64)
        case chunk([UInt8], sourceBytes: Int64)
        case end
        case rejected(RejectedEntry)
        case failed(any Error)
        case finished(ArchiveSummary)
    }

    private struct Cancelled: Error {}

    /// Bytes waiting at most (chunks and small entries, every event counted as at least
    /// ``eventWeight``): eight 64 KiB chunks, so memory stays flat whatever the archive holds.
    static let depthBytes = 8 * (64 << 10)
    /// The least an event counts for against ``depthBytes``.
    static let eventWeight = 512
    /// Small whole entries (and rejections) the producer gathers before it hands them over at once,
    /// at most this many or ``batchBytes``, so that the two threads meet once per batch instead of
    /// once per entry (a futex wake and wait each: half the time of a 50,000-entry zip went there).
    static let batchEntries = 32
    static let batchBytes = 64 << 10

    private let condition = NSCondition()
    // Guarded by `condition`.
    private var events: [Event] = []
    private var head = 0
    private var cancelled = false
    private var consumerWaiting = false
    private var producerWaiting = false
    private var queuedBytes = 0
    private var skipGeneration = -1
    private var done = false
    // Consumer side only.
    private var current: EntryStream?
    /// What reading the source found, once it has ended.
    private(set) var summary: ArchiveSummary?
    private var storedSourceBytes: Int64 = 0  // guarded by `condition`
    // Producer side only: events gathered and not yet handed over, and their bytes.
    private var pending: [Event] = []
    private var pendingBytes = 0
    /// Whether small entries are gathered: not for a pipe or a stream, where the producer may block
    /// in a read for a long time, and what it has gathered must reach the consumer first.
    private let batching: Bool
    /// Bytes consumed from the source so far, as of the last chunk handed over.
    var sourceBytesRead: Int64 { locked { storedSourceBytes } }

    /// Starts reading `source` with `reader`.
    init(reader: ArchiveReader, source: ArchiveByteSource, location: String) {
        // The producer reads its own duplicate of a descriptor, closed when it ends, so the caller
        // may close theirs as soon as it stops reading (the thread may still be in a read).
        var source = source
        var batching = false
        switch source {
        case .fileDescriptor(let descriptor):
            var status = stat()
            batching = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
            source = .fileDescriptor(dup(descriptor))
        case .path, .bytes: batching = true
        case .stream: batching = false
        }
        self.batching = batching
        let work = UncheckedSendable((reader, source, location))
        let thread = Thread { [self] in produce(work.value.0, work.value.1, work.value.2) }
        thread.name = "glean-archive"
        thread.stackSize = 4 << 20
        thread.start()
    }

    deinit { cancel() }

    /// Stops the producer (the consumer is done with the source); safe to call more than once.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next input or rejection, or nil when the source is read to its end. Blocks while the
    /// producer works. The stream of the previous input is invalid after this call.
    func next() -> Item? {
        if let current, !current.ended {
            condition.lock()
            current.endedFlag = true
            skipGeneration = current.generation
            condition.broadcast()
            condition.unlock()
            // Drop the rest of its chunks; a limit or a fault that hit it still counts.
            draining: while let event = take() {
                switch event {
                case .chunk: continue
                case .end: break draining
                case .rejected(let rejection):
                    self.current = nil
                    return .rejected(rejection)
                case .failed(let error):
                    self.current = nil
                    return .failed(error)
                case .finished(let summary):
                    self.summary = summary
                    self.current = nil
                    return nil
                case .begin(let input, let generation, let first, let whole, _):
                    return begin(input, generation, first, whole)
                }
            }
        }
        current = nil
        while let event = take() {
            switch event {
            case .begin(let input, let generation, let first, let whole, _): return begin(input, generation, first, whole)
            case .rejected(let rejection): return .rejected(rejection)
            case .failed(let error): return .failed(error)
            case .finished(let summary):
                self.summary = summary
                return nil
            case .chunk, .end: continue
            }
        }
        return nil
    }

    private func begin(_ input: ArchiveInput, _ generation: Int, _ first: [UInt8], _ whole: Bool) -> Item {
        let stream = EntryStream(feed: self, generation: generation, first: first, whole: whole)
        current = stream
        return .input(input, stream)
    }

    /// The next event, blocking; nil once the producer has finished and everything was taken.
    /// The producer is woken only when it waits and the queue has drained to half, so the two
    /// threads do not hand over one event at a time.
    private func take(for stream: EntryStream? = nil) -> Event? {
        condition.lock()
        defer { condition.unlock() }
        // A stream read on another thread (the XML reader's) gives up once the consumer has moved
        // on to the next input, so it can never take that input's events.
        func superseded() -> Bool { stream.map { $0.endedFlag || skipGeneration == $0.generation } ?? false }
        if superseded() { return nil }
        while head == events.count, !done {
            if superseded() { return nil }
            consumerWaiting = true
            if producerWaiting { condition.broadcast() }
            condition.wait()
            consumerWaiting = false
        }
        guard head < events.count, !superseded() else { return nil }
        let event = events[head]
        head += 1
        if head > 64, head * 2 > events.count {
            events.removeFirst(head)
            head = 0
        }
        switch event {
        case .chunk(_, let sourceBytes), .begin(_, _, _, _, let sourceBytes): storedSourceBytes = sourceBytes
        default: break
        }
        queuedBytes -= Self.weight(event)
        if producerWaiting, queuedBytes <= Self.depthBytes / 2 { condition.broadcast() }
        return event
    }

    /// Called by an entry stream to get its next chunk: nil at its end.
    fileprivate func nextChunk(for stream: EntryStream) throws -> [UInt8]? {
        guard !stream.ended else { return nil }
        guard let event = take(for: stream) else {
            stream.ended = true
            return nil
        }
        switch event {
        case .chunk(let bytes, _): return bytes
        case .end:
            stream.ended = true
            return nil
        case .rejected(let rejection):
            stream.ended = true
            stream.rejection = rejection
            throw rejection.error
        case .failed(let error):
            stream.ended = true
            stream.failure = error
            throw error
        case .finished:
            stream.ended = true
            return nil
        case .begin:
            // Cannot happen: an entry's events end with `.end`, `.rejected` or `.failed`.
            stream.ended = true
            return nil
        }
    }

    // MARK: - Producer (its own thread)

    private func produce(_ reader: ArchiveReader, _ source: ArchiveByteSource, _ location: String) {
        defer { if case .fileDescriptor(let descriptor) = source, descriptor >= 0 { close(descriptor) } }
        var generation = 0
        do {
            let summary = try reader.read(source, location: location) { rejection in
                try post(.rejected(rejection))
            } input: { input, stream in
                generation += 1
                let mine = generation
                let first = try stream.next().map { Array($0) } ?? []
                guard !first.isEmpty, let second = try stream.next() else {
                    try post(.begin(input, generation: mine, first: first, whole: true, sourceBytes: stream.sourceBytesRead))
                    return
                }
                try post(.begin(input, generation: mine, first: first, whole: false, sourceBytes: stream.sourceBytesRead))
                var chunk: UnsafeRawBufferPointer? = second
                while let bytes = chunk, !skipping(mine) {
                    try post(.chunk(Array(bytes), sourceBytes: stream.sourceBytesRead))
                    chunk = try stream.next()
                }
                try post(.end)
            }
            try? post(.finished(summary))
        } catch is Cancelled {
        } catch {
            try? post(.failed(error))
        }
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    fileprivate func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    private func skipping(_ generation: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return skipGeneration == generation || cancelled
    }

    /// Hands `event` over, after the events gathered before it; a small whole entry or a rejection
    /// is only gathered while the batch has room (see ``batchEntries``).
    private func post(_ event: Event) throws {
        pending.append(event)
        if batching {
            switch event {
            case .begin(_, _, let first, whole: true, _):
                pendingBytes += first.count
                if pending.count < Self.batchEntries, pendingBytes < Self.batchBytes { return }
            case .rejected:
                if pending.count < Self.batchEntries { return }
            default:
                break
            }
        }
        defer {
            pending.removeAll(keepingCapacity: true)
            pendingBytes = 0
        }
        condition.lock()
        defer { condition.unlock() }
        if queuedBytes >= Self.depthBytes {
            while queuedBytes > Self.depthBytes / 2, !cancelled {
                producerWaiting = true
                condition.wait()
                producerWaiting = false
            }
        }
        if cancelled { throw Cancelled() }
        events.append(contentsOf: pending)
        for event in pending { queuedBytes += Self.weight(event) }
        // A consumer that waits is woken once a quarter of the queue is full (or at anything but
        // small entries), not at every batch.
        var wake = !batching || queuedBytes >= Self.depthBytes / 4
        if case .begin(_, _, _, whole: true, _) = event {} else if case .rejected = event {} else { wake = true }
        if consumerWaiting, wake { condition.broadcast() }
    }

    /// What `event` counts for against ``depthBytes``.
    private static func weight(_ event: Event) -> Int {
        switch event {
        case .chunk(let bytes, _): max(bytes.count, eventWeight)
        case .begin(_, _, let first, _, _): max(first.count, eventWeight)
        default: eventWeight
        }
    }
}

/// The bytes of one archive input, pulled from an `ArchiveFeed`.
final class EntryStream: ByteStream {
    private unowned let feed: ArchiveFeed
    fileprivate let generation: Int
    /// Whether no more events belong to this stream; guarded by the feed's lock (the stream may be
    /// read on another thread than the one that moves the feed on).
    fileprivate var endedFlag = false
    fileprivate var ended: Bool {
        get { feed.locked { endedFlag } }
        set { feed.locked { endedFlag = newValue } }
    }
    private var storedRejection: RejectedEntry?
    private var storedFailure: (any Error)?
    /// Set when a limit stopped the entry part-way (the reading threw its error).
    fileprivate(set) var rejection: RejectedEntry? {
        get { feed.locked { storedRejection } }
        set { feed.locked { storedRejection = newValue } }
    }
    /// Set when the archive broke inside the entry (the reading threw it).
    fileprivate(set) var failure: (any Error)? {
        get { feed.locked { storedFailure } }
        set { feed.locked { storedFailure = newValue } }
    }
    private var chunk: [UInt8] = []
    private var position = 0

    fileprivate init(feed: ArchiveFeed, generation: Int, first: [UInt8], whole: Bool) {
        self.feed = feed
        self.generation = generation
        chunk = first
        endedFlag = whole
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while position >= chunk.count {
            guard let next = try feed.nextChunk(for: self) else { return 0 }
            chunk = next
            position = 0
        }
        let count = min(buffer.count, chunk.count - position)
        chunk.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: count) }
        position += count
        return count
    }
}

/// A value handed to another thread whose safety the code around it guarantees.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
