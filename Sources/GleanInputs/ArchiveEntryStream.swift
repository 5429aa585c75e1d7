/// The uncompressed bytes of one input, read chunk by chunk on demand; the whole entry is never in
/// memory. Valid only inside the `ArchiveReader.read` callback it is handed to.
///
/// The limits are checked as the chunks come: when one is exceeded, `next()` throws the
/// rejection's error (code `.limitExceeded`) and the reader reports the entry as rejected, so the
/// caller must drop what it made of the entry's earlier chunks.
public final class ArchiveEntryStream {
    private let session: ArchiveSession

    init(session: ArchiveSession) { self.session = session }

    /// Uncompressed bytes of this input read so far.
    public var bytesRead: Int64 { session.entryBytes }

    /// Bytes consumed from the archive or compressed source so far (before decompression), for
    /// progress against the source's size.
    public var sourceBytesRead: Int64 { session.compressedBytes }

    /// The next chunk (at most `ArchiveReader.chunkSize` bytes), or nil at the end of the input.
    /// The buffer is valid until the next call. Throws a `GleanError` when the data is corrupt or
    /// truncated (`.malformedInput`, located at `archive!entry`) or a limit is exceeded.
    public func next() throws -> UnsafeRawBufferPointer? { try session.nextChunk() }

    /// Calls `body` with every remaining chunk, in order.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        while let chunk = try next() { try body(chunk) }
    }
}
