import Foundation
import GleanCore
import GleanHTTP
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The input layer: turns a source's input options into a sequence of inputs — files, folders,
/// globs, standard input and URLs; compressed files and archive entries decompressed; nested
/// archives opened — and hands each to the source as a byte stream.
///
/// What every source built on it gets, the same way:
/// - **Errors that name the place.** A path that does not exist, an empty glob, a URL that fails,
///   a corrupt archive, a hostile archive entry, an input whose bytes cannot be read: each becomes a
///   dead letter located at the path, URL or `archive!/entry`, and the other inputs still run
///   (so the run exits with code 3). A `GleanError` thrown by the source's callback for one input is
///   treated the same way; any other error (a stop, a failure downstream) ends the reading.
/// - **Content detection.** Compression and archives are recognised by their first bytes, never by
///   name (see `ContentSniff`, `ArchiveReader`).
/// - **Shards.** Only the inputs of the run's shard (`StageContext.shard`) are handed over: files,
///   URLs and archive entries each by their own location.
/// - **Incremental reading** (`incremental`): an input read to its end is remembered by a
///   fingerprint (see `InputFingerprints`) and skipped while unchanged; a changed one is read again.
///   The state is proposed at the end and on a stop, and the runner commits it only after the
///   sinks, so the callback must have sent an input's records before it returns.
/// - **Progress** in bytes of a total known before reading (the sizes of the files), with an ETA.
///
/// The callback runs on the caller's task, one input at a time, in order (URLs in the order their
/// responses complete). Reads of archive entries block while libarchive decompresses on a thread
/// of its own (see `ArchiveFeed`).
public final class InputReader {
    /// The options it reads by.
    public let options: InputOptions
    private let context: StageContext
    private var fingerprints: InputFingerprints
    /// The source's own state (seen feed items, …), saved beside the layer's `inputs` and `http`.
    public var sourceState = Fields()
    private var doneBytes: Int64 = 0
    private var totalBytes: Int64?
    private var output: SourceOutput?

    /// Entries up to this size are read whole to fingerprint their content when `incremental` is
    /// on; larger ones are fingerprinted by the size and time their header gives.
    static let hashedEntryBytes = 4 << 20

    /// A reader of `options` for the stage described by `context`.
    public init(options: InputOptions, context: StageContext) {
        self.options = options
        self.context = context
        let previous = options.incremental ? context.previousState?.objectValue : nil
        fingerprints = InputFingerprints(state: previous)
        if let previous {
            for field in previous where !["inputs", "http", "files"].contains(field.name) { sourceState[field.name] = field.value }
        }
    }

    /// Hands every input to `body`, in order. See the type's documentation for errors, shards and
    /// incremental reading.
    public func forEach(into output: SourceOutput, _ body: (Input) async throws -> Void) async throws {
        self.output = output
        let plan = InputPlan(options: options, context: context)
        totalBytes = plan.totalBytes > 0 ? plan.totalBytes : nil
        for problem in plan.problems {
            let place = problem.location.map { "\($0)" } ?? ""
            if context.shard.owns(place) { try await reject(problem, at: place) }  // once, not once per shard
        }
        do {
            var urls: [String] = []
            for item in plan.items {
                if output.isStopRequested { throw SourceStop() }
                switch item {
                case .file(let path, let size, let modificationTime, let nanoseconds):
                    if size >= 1 << 20 { output.reportCurrent(path) }  // large files and archives are named while read
                    try await readFile(path, size: size, modificationTime: modificationTime, nanoseconds: nanoseconds, body)
                    if size >= 1 << 20 { output.reportCurrent(nil) }
                    doneBytes += size
                    reportProgress()
                case .standardInput:
                    try await readStandardInput(body)
                case .url(let url):
                    if context.shard.owns(url) { urls.append(url) }
                }
            }
            if !urls.isEmpty { try await fetch(urls, body) }
        } catch let stop where stop is SourceStop || stop is CancellationError {
            saveState()
            throw stop
        }
        saveState()
    }

    /// ``forEach(into:_:)`` with one record batcher shared by all inputs, so small documents share
    /// batches; with `incremental`, each input's records are sent (the batcher flushed) before the
    /// input counts as done, and the rest are sent at the end.
    public func forEach(into output: SourceOutput, batching body: (Input, inout RecordBatcher) async throws -> Void) async throws {
        var batcher = output.batcher()
        let flushEach = options.incremental
        try await forEach(into: output) { input in
            try await body(input, &batcher)
            if flushEach { try await batcher.flush() }
        }
        try await batcher.flush()
    }

    // MARK: - Files and standard input

    private func readFile(
        _ path: String, size: Int64, modificationTime: Int64, nanoseconds: Int64, _ body: (Input) async throws -> Void
    ) async throws {
        // Nanoseconds too: a file rewritten within the same second with the same size still differs.
        let fingerprint = "\(size):\(modificationTime).\(nanoseconds)"
        if options.incremental {
            if fingerprints.unchanged(path, fingerprint) {
                context.logger.debug("skipping \(path): read completely by an earlier run")
                return
            }
            if fingerprints.unchanged(path, "archive:" + fingerprint) {
                fingerprints.carryEntries(of: path)
                context.logger.debug("skipping archive \(path): read completely by an earlier run")
                return
            }
        }
        let stream: DescriptorStream
        do { stream = try DescriptorStream(path: path) } catch let error as GleanError {
            if context.shard.owns(path) { try await reject(error, at: path) }
            return
        }
        let head: [UInt8]
        do { head = try Self.readHead(stream, wholly: true, size: size) } catch let error as GleanError {
            if context.shard.owns(path) { try await reject(error, at: path) }
            return
        }
        if readsAsArchive(head, location: path) {
            lseek(stream.descriptor, 0, SEEK_SET)  // libarchive reads it from the start (and seeks in zips)
            let start = doneBytes
            let byLocalHeaders = head.starts(with: [0x50, 0x4B])
                && (ZipDirectory.size(descriptor: stream.descriptor, fileSize: size) ?? 0) > ZipDirectory.streamingThreshold
            let complete = try await readArchive(
                .fileDescriptor(stream.descriptor), location: path, depth: 1, progressBase: start, head: head,
                seekableZip: !byLocalHeaders, body)
            withExtendedLifetime(stream) {}
            if complete, options.incremental { fingerprints.record(path, "archive:" + fingerprint) }
            return
        }
        guard context.shard.owns(path) else { return }
        let counting = CountingStream(PrefixedStream(prefix: head, rest: stream))
        let base = doneBytes
        let input = Input(
            location: path, size: size, modificationTime: modificationTime, kind: .plain, url: nil,
            contentType: nil, charset: nil, stream: counting,
            progress: { [unowned self] in report(done: base + counting.count) }
        )
        try await deliver(input, fingerprint: fingerprint, counting: counting, body)
    }

    private func readStandardInput(_ body: (Input) async throws -> Void) async throws {
        let stream = DescriptorStream(descriptor: STDIN_FILENO, owns: false, location: "-")
        if let descriptor = stream.pollableDescriptor, let output {
            // Wait for the first bytes without missing a stop (a pipe that stays open).
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            while poll(&waiting, 1, 200) == 0 { if output.isStopRequested { throw SourceStop() } }
        }
        let head: [UInt8]
        do { head = try Self.readHead(stream, wholly: false) } catch let error as GleanError {
            try await reject(error, at: "-")
            return
        }
        let rest = PrefixedStream(prefix: head, rest: stream)
        if head.withUnsafeBytes(ContentSniff.isCompressedOrArchive) {
            _ = try await readArchive(.stream(rest), location: "-", depth: 1, progressBase: 0, head: head, body)
            return
        }
        let counting = CountingStream(rest)
        let input = Input(
            location: "-", size: nil, modificationTime: nil, kind: .plain, url: nil, contentType: nil, charset: nil,
            stream: counting, progress: { [unowned self] in report(done: counting.count) }
        )
        try await deliver(input, fingerprint: nil, counting: counting, body)
    }

    /// The first bytes of a stream, to sniff: up to `ContentSniff.headBytes`, or (for a pipe, where
    /// waiting for more could stall a live stream) whatever the first read returns.
    /// Whether an input whose first bytes are `head` is read as an archive or compressed stream:
    /// by its content, unless its name has one of `wholeExtensions`.
    private func readsAsArchive(_ head: [UInt8], location: String) -> Bool {
        guard head.withUnsafeBytes(ContentSniff.isCompressedOrArchive) else { return false }
        guard !options.wholeExtensions.isEmpty else { return true }
        let name = location.split(separator: "/").last.map(String.init) ?? location
        guard let dot = name.lastIndex(of: ".") else { return true }
        return !options.wholeExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    private static func readHead(_ stream: any ByteStream, wholly: Bool, size: Int64? = nil) throws -> [UInt8] {
        // A small input needs no more than its size (+1 to see its end): most documents are small,
        // and this runs once per input.
        let capacity = size.map { min(ContentSniff.headBytes, Int(max($0, 0)) + 1) } ?? ContentSniff.headBytes
        var failure: (any Error)?
        let head = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            do {
                while count < capacity {
                    let n = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[count...]))
                    if n == 0 { break }
                    count += n
                    if !wholly { break }
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return head
    }

    // MARK: - Archives

    /// Reads every entry of an archive or compressed stream; returns whether it was read to its end.
    private func readArchive(
        _ source: ArchiveByteSource, location: String, depth: Int, progressBase: Int64, head: [UInt8],
        seekableZip: Bool = true, _ body: (Input) async throws -> Void
    ) async throws -> Bool {
        var reader = ArchiveReader(limits: options.limits, entries: options.entries)
        // Seek for a zip's directory only in a zip file itself (not in a compressed stream), and
        // not when the directory is too large to hold (see `ZipDirectory`).
        reader.seekableZip = seekableZip && head.starts(with: [0x50, 0x4B])
        let feed = ArchiveFeed(reader: reader, source: source, location: location)
        defer { feed.cancel() }
        var complete = true
        let progress: () -> Void = { [unowned self] in if depth == 1 { report(done: progressBase + feed.sourceBytesRead) } }
        if depth == 1 { output?.reportCurrent(location) }
        defer { if depth == 1 { output?.reportCurrent(nil) } }
        while let item = feed.next() {
            switch item {
            case .rejected(let rejection):
                if rejection.stoppedArchive { complete = false }  // the rest was not read: not done
                // Each shard reports only its own entries (every shard walks the whole archive).
                if context.shard.owns(rejection.location) { try await reject(rejection.error, at: rejection.location) }
            case .failed(let error):
                complete = false
                if context.shard.owns(location) { try await reject(error, at: location) }
            case .input(let described, let entry):
                if output?.isStopRequested == true { throw SourceStop() }
                guard context.shard.owns(described.location) else { continue }
                let result = try await readEntry(described, entry, depth: depth, progress: progress, body)
                if !result { complete = false }
                // A fault or a limit inside the entry is reported here, once (the callback's error,
                // if it threw one, is the same and is not reported again).
                if let failure = entry.failure {
                    complete = false
                    try await reject(failure, at: location)
                } else if let rejection = entry.rejection {
                    if rejection.stoppedArchive { complete = false }
                    try await reject(rejection.error, at: rejection.location)
                }
            }
        }
        return complete
    }

    /// One archive entry: opened as an archive when it is one (and depth allows), fingerprinted,
    /// handed over. Returns false when it failed (and was dead-lettered).
    private func readEntry(
        _ described: ArchiveInput, _ entry: EntryStream, depth: Int, progress: @escaping () -> Void,
        _ body: (Input) async throws -> Void
    ) async throws -> Bool {
        let location = described.location
        let modificationTime = described.modificationTime.map { Int64($0.timeIntervalSince1970) }
        let head: [UInt8]
        do { head = try Self.readHead(entry, wholly: true, size: described.declaredSize) } catch let error as GleanError {
            return try await rejected(error, at: location, entry)
        }
        if depth < options.archiveDepth, readsAsArchive(head, location: location) {
            return try await readNested(location, head: head, entry, depth: depth, body)
        }
        var stream: any ByteStream = PrefixedStream(prefix: head, rest: entry)
        var fingerprint: String?
        if options.incremental {
            if let size = described.declaredSize, size > Self.hashedEntryBytes {
                fingerprint = "\(size):\(modificationTime ?? 0)"
            } else {
                var bytes = head
                var buffer = [UInt8](repeating: 0, count: 64 << 10)
                do {
                    while bytes.count <= Self.hashedEntryBytes {
                        let n = try buffer.withUnsafeMutableBytes { try entry.read(into: $0) }
                        if n == 0 { break }
                        bytes += buffer[0..<n]
                    }
                } catch let error as GleanError {
                    return try await rejected(error, at: location, entry)
                }
                if bytes.count <= Self.hashedEntryBytes {
                    fingerprint = InputFingerprints.hash(bytes)
                    stream = MemoryStream(bytes)
                } else {
                    stream = PrefixedStream(prefix: bytes, rest: entry)  // too big to hash: read again each run
                }
            }
            if let fingerprint, fingerprints.unchanged(location, fingerprint) { return true }
        }
        let input = Input(
            location: location, size: described.declaredSize, modificationTime: modificationTime, kind: described.kind,
            url: nil, contentType: nil, charset: nil, stream: stream, progress: progress
        )
        return try await deliver(input, fingerprint: fingerprint, entry: entry, body)
    }

    /// Dead-letters an entry's read error, unless the entry stream already carries it (the archive
    /// loop reports those).
    private func rejected(_ error: GleanError, at location: String, _ entry: EntryStream) async throws -> Bool {
        if entry.failure == nil, entry.rejection == nil { try await reject(error, at: location) }
        return false
    }

    /// An archive inside an archive: copied to an unlinked temporary file (zip needs to seek), then
    /// read like any archive, its entries located `outer!/inner!/entry`.
    private func readNested(
        _ location: String, head: [UInt8], _ entry: EntryStream, depth: Int, _ body: (Input) async throws -> Void
    ) async throws -> Bool {
        let directory = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let descriptor: Int32, path: String
        do {
            (descriptor, path) = try TemporaryFile.create(beside: directory + "/nested-archive", purpose: "nested")
        } catch let error as GleanError {
            return try await rejected(error, at: location, entry)
        }
        let reading = open(path, O_RDONLY | O_CLOEXEC)
        unlink(path)  // gone once both descriptors are closed, whatever happens
        defer {
            close(descriptor)
            if reading >= 0 { close(reading) }
        }
        guard reading >= 0 else {
            let error = GleanError(.io, "cannot reopen the copy of a nested archive in \(directory): \(String(cString: strerror(errno)))", at: .file(path: location, line: nil, column: nil))
            return try await rejected(error, at: location, entry)
        }
        do {
            let stream = PrefixedStream(prefix: head, rest: entry)
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
                if n == 0 { break }
                try buffer.withUnsafeBytes { chunk in
                    var written = 0
                    while written < n {
                        let w = write(descriptor, chunk.baseAddress! + written, n - written)
                        if w < 0, errno == EINTR { continue }
                        guard w > 0 else {
                            throw GleanError(.io, "cannot copy the nested archive to \(directory): \(String(cString: strerror(errno)))", at: .file(path: location, line: nil, column: nil))
                        }
                        written += w
                    }
                }
            }
        } catch let error as GleanError {
            return try await rejected(error, at: location, entry)
        }
        return try await readArchive(.fileDescriptor(reading), location: location, depth: depth + 1, progressBase: 0, head: head, body)
    }

    // MARK: - URLs

    private func fetch(_ urls: [String], _ body: (Input) async throws -> Void) async throws {
        let fetcher = HTTPFetcher(options: options.http)
        let logger = context.logger
        var previous: [String: HTTPFetcher.Validators] = [:]
        for url in urls {
            if let v = fingerprints.previousValidators[url] { previous[url] = HTTPFetcher.Validators(etag: v.etag, lastModified: v.lastModified) }
        }
        let validators = previous
        typealias Fetched = (url: String, outcome: Result<HTTPFetcher.FetchOutcome, HTTPFetcher.Failure>)
        do {
            try await withThrowingTaskGroup(of: Fetched.self) { group in
                var pending = urls[...]
                func startNext() {
                    guard let url = pending.popFirst() else { return }
                    group.addTask {
                        do {
                            return (url, .success(try await fetcher.fetch(url, validators: validators[url], logger: logger)))
                        } catch let failure as HTTPFetcher.Failure {
                            return (url, .failure(failure))
                        } catch let cancelled as CancellationError {
                            throw cancelled
                        } catch {
                            return (url, .failure(HTTPFetcher.Failure(url: url, message: "\(error)", attempts: 1)))
                        }
                    }
                }
                for _ in 0..<max(options.concurrency, 1) { startNext() }
                var done = 0
                while let fetched = try await group.next() {
                    done += 1
                    startNext()
                    try await read(fetched.url, fetched.outcome, body)
                    if totalBytes == nil { output?.reportProgress(done: Int64(done), total: Int64(urls.count)) }
                }
            }
        } catch {
            await fetcher.shutdown()
            throw error
        }
        await fetcher.shutdown()
    }

    private func read(
        _ url: String, _ outcome: Result<HTTPFetcher.FetchOutcome, HTTPFetcher.Failure>, _ body: (Input) async throws -> Void
    ) async throws {
        switch outcome {
        case .failure(let failure):
            context.logger.error("\(failure)")
            try await reject(GleanError(.io, "not fetched: \(failure)"), at: url)
        case .success(.notModified):
            context.logger.debug("\(url): not modified")
            fingerprints.carryValidators(url)
            if let old = fingerprints.previous[url] { _ = fingerprints.unchanged(url, old) }
            fingerprints.carryEntries(of: url)
        case .success(.document(let document)):
            let fingerprint = InputFingerprints.hash(document.bytes)
            let record = { [unowned self] in
                guard options.incremental else { return }
                fingerprints.recordValidators(url, etag: document.validators.etag, lastModified: document.validators.lastModified)
            }
            if options.incremental, fingerprints.unchanged(url, fingerprint) {
                fingerprints.carryEntries(of: url)
                context.logger.debug("\(url): content unchanged")
                record()
                return
            }
            if readsAsArchive(document.bytes, location: url) {
                if try await readArchive(.bytes(document.bytes), location: url, depth: 1, progressBase: 0, head: Array(document.bytes.prefix(4)), body) {
                    record()
                    if options.incremental { fingerprints.record(url, fingerprint) }
                }
                return
            }
            let input = Input(
                location: url, size: Int64(document.bytes.count), modificationTime: nil, kind: .plain, url: document.url,
                contentType: document.contentType, charset: document.charset, stream: MemoryStream(document.bytes),
                progress: {}
            )
            if try await deliver(input, fingerprint: fingerprint, body) { record() }
        case .success:
            break
        }
    }

    // MARK: - Delivery, errors, state, progress

    /// Calls `body`; records the fingerprint when it returns. Returns false when it threw a
    /// `GleanError` (dead-lettered here). `entry` is the archive entry the input's bytes come
    /// from, `counting` the stream that counts a file's bytes (passed, not cast: this runs for
    /// every input).
    @discardableResult
    private func deliver(
        _ input: Input, fingerprint: String?, entry: EntryStream? = nil, counting: CountingStream? = nil,
        _ body: (Input) async throws -> Void
    ) async throws -> Bool {
        do {
            try await body(input)
        } catch let error as GleanError {
            if let entry, entry.failure != nil || entry.rejection != nil {
                return false  // the archive loop reports it
            }
            try await reject(error, at: input.location)
            return false
        }
        // A source may turn a read error into a dead letter of its own (the XML reader does) and
        // return normally: the input was still not read to its end, so it is not recorded.
        if let entry, entry.failure != nil || entry.rejection != nil { return false }
        if let counting, counting.failed { return false }
        if options.incremental, let fingerprint { fingerprints.record(input.location, fingerprint) }
        return true
    }

    private func reject(_ error: any Error, at location: String?) async throws {
        context.logger.warning("\(error)")
        let code = (error as? GleanError)?.code ?? .io
        let letter = DeadLetter(origin: RecordOrigin(stage: context.name, location: location), error: "\(error)", code: code)
        try await output?.reject(letter)
    }

    private func saveState() {
        guard options.incremental || !sourceState.isEmpty else { return }
        var state = sourceState
        if options.incremental {
            for field in fingerprints.state { state[field.name] = field.value }
        }
        context.saveState(.object(state))
    }

    private func reportProgress() { report(done: doneBytes) }

    private func report(done: Int64) {
        guard let totalBytes else { return }
        output?.reportProgress(done: min(done, totalBytes), total: totalBytes)
    }
}

/// Counts the bytes read through it, for progress.
final class CountingStream: ByteStream {
    private let base: any ByteStream
    private(set) var count: Int64 = 0
    /// Whether a read threw (the input was not read to its end, whatever the reader did then).
    private(set) var failed = false

    init(_ base: any ByteStream) { self.base = base }

    var pollableDescriptor: Int32? { base.pollableDescriptor }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        do {
            let n = try base.read(into: buffer)
            count += Int64(n)
            return n
        } catch {
            failed = true
            throw error
        }
    }
}
