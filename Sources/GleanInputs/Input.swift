import GleanCore

/// One input handed to a source by `InputReader`: where it is, what is known about it, and its
/// bytes (decompressed, for a compressed file or an archive entry).
public struct Input {
    /// Where the input is, for errors and record origins: a path, `-`, a URL, or
    /// `archive.zip!/dir/file.json` for an archive entry (`outer.zip!/inner.tar!/file` when nested).
    public let location: String
    /// Its size in bytes when known before reading (a file's size; the size an entry's header
    /// declares; an HTTP body's length). For a compressed file, the compressed size.
    public let size: Int64?
    /// Modification time in seconds since 1970, when known (files and most archive entries).
    public let modificationTime: Int64?
    /// What the bytes came out of: `.plain`, `.compressed`, or the archive the entry is in.
    public let kind: ArchiveKind
    /// The URL it was fetched from (after redirects), for inputs read over HTTP; the base for
    /// relative links.
    public let url: String?
    /// The HTTP `Content-Type`, for inputs read over HTTP.
    public let contentType: String?
    /// The character set the HTTP response declared, if any.
    public let charset: String?
    /// The bytes, read once, front to back. Valid only during the callback it is handed to.
    public let stream: any ByteStream
    let progress: () -> Void

    /// Reports the run's progress through the inputs (bytes of all inputs, with an ETA). Cheap;
    /// call it every few thousand records.
    public func reportProgress() { progress() }

    /// A line reader over the bytes (for line-oriented formats), reporting ``size`` and
    /// ``modificationTime`` as its totals. Its buffer starts at `chunkSize`, or smaller for an input
    /// known to be small (it grows for long lines up to `maximumLineBytes`).
    public func lineReader(chunkSize: Int = 1 << 20, maximumLineBytes: Int) -> LineReader {
        // A small input gets a small buffer (its size + 1, to see its end): allocations up to a few
        // KiB are cheap in jemalloc, 64 KiB ones are not, and this runs once per archive entry.
        let fitted = size.map { min(chunkSize, max(Int(clamping: $0) + 1, 4 << 10)) } ?? chunkSize
        return LineReader(
            stream: stream, totalBytes: size, modificationTime: modificationTime, chunkSize: fitted,
            maximumLineBytes: maximumLineBytes
        )
    }
}
