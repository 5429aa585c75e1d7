import CLibArchive
import Foundation
import GleanCore

/// Reads a byte source that may be compressed or an archive, detected by content through
/// libarchive, and hands each input in it to a callback as a stream of chunks: a plain source as
/// itself, a compressed stream (gzip, bzip2, xz, zstd, lz4, compress) decompressed, an archive (zip,
/// tar and compressed tar, 7-Zip, cpio, ISO 9660, RAR) as one input per regular-file entry, located
/// `archive.zip!/dir/file.json`.
///
/// Hostile entries — absolute names, `..` components, symbolic and hard links, devices and FIFOs,
/// encrypted entries, entries over a limit (see `ArchiveLimits`) — are skipped and reported to the
/// `rejected` callback, and the reading goes on. A corrupt or truncated archive throws a
/// `GleanError` (`.malformedInput`) located at the entry where it broke; the inputs before it have
/// already been handed over.
///
/// Reading is synchronous and blocking, like libarchive: an async caller runs it on a thread of its
/// own (not the cooperative pool) and sends between chunks. The calling thread's `LC_CTYPE` is
/// C.UTF-8 for the length of the call (see `EntryName`).
///
/// ```swift
/// let reader = ArchiveReader(entries: ["*.json"])
/// try reader.read(.path("dump.zip"), location: "dump.zip") { rejection in
///     deadLetters.append(rejection.error)
/// } input: { input, stream in
///     try stream.forEachChunk { chunk in splitter.feed(chunk) }
/// }
/// ```
public struct ArchiveReader: Sendable {
    /// The limits against hostile archives. Default: `ArchiveLimits()`.
    public var limits: ArchiveLimits
    /// Globs (fnmatch(3) without `FNM_PATHNAME`, so `*` also matches `/`: `*.json` selects JSON
    /// entries at any depth) on the entry path inside the archive, without a leading `/`; an entry is
    /// read when it matches one. Entries left out are skipped silently, hostile or not. Default: none
    /// (every entry is read). Plain and compressed sources are never filtered.
    public var entries: [String]
    /// Bytes per chunk handed to the callback. Default: 65,536.
    public var chunkSize: Int
    /// Whether zip archives may be read through their central directory, seeking to the end of
    /// the source (the reliable way for a zip file). Turn it off for a source that is compressed
    /// as a whole (`.tar.gz`): libarchive would otherwise decompress the whole stream just to look
    /// for a zip directory at its end, and a stream cut short would fail before its first entry.
    /// Default: true.
    public var seekableZip = true

    /// A reader with the given limits, entry globs and chunk size.
    public init(limits: ArchiveLimits = ArchiveLimits(), entries: [String] = [], chunkSize: Int = 64 * 1024) {
        self.limits = limits
        self.entries = entries
        self.chunkSize = chunkSize
    }

    /// Reads every input in `source`, whose location (a path or URL, used in errors and input
    /// locations) is `location`. `rejected` is called for each skipped hostile entry; `input` for
    /// each input, with a stream that is valid only during the call (an input the callback does not
    /// read to the end is skipped; libarchive may decompress the rest to skip it, and those bytes
    /// do not count against the limits). Errors thrown by either callback stop the reading and are
    /// rethrown.
    @discardableResult
    public func read(
        _ source: ArchiveByteSource, location: String, rejected: (RejectedEntry) throws -> Void,
        input: (ArchiveInput, ArchiveEntryStream) throws -> Void
    ) throws -> ArchiveSummary {
        // Names in UTF-8 for this thread while libarchive runs (see the shim); the callbacks run on it too.
        let locale = glean_archive_enter_utf8_locale()
        defer { glean_archive_leave_utf8_locale(locale) }
        let session = try ArchiveSession(limits: limits, chunkSize: chunkSize, seekableZip: seekableZip)
        var walk = ArchiveWalk(reader: self, session: session, location: location)
        switch source {
        case .path(let path):
            try walk.open(archive_read_open_filename(session.archive, path, ArchiveSession.readBlockBytes))
            try walk.run(rejected: rejected, input: input)
        case .fileDescriptor(let descriptor):
            try walk.open(archive_read_open_fd(session.archive, descriptor, ArchiveSession.readBlockBytes))
            try walk.run(rejected: rejected, input: input)
        case .stream(let stream):
            let client = StreamClient(stream: stream, chunkSize: ArchiveSession.readBlockBytes)
            try withExtendedLifetime(client) {
                try walk.open(client.open(session.archive))
                try walk.run(rejected: rejected, input: input)
            }
            if let failure = client.failure { throw failure }
        case .bytes(let bytes):
            // libarchive keeps the pointer until the handle is closed, so everything runs inside.
            try (bytes.isEmpty ? [0] : bytes).withUnsafeBytes { buffer in
                try walk.open(archive_read_open_memory(session.archive, buffer.baseAddress, bytes.count))
                try walk.run(rejected: rejected, input: input)
            }
        }
        return walk.summary
    }

    /// Whether `path` (inside an archive) is selected by `entries`.
    package func selects(_ path: String) -> Bool {
        entries.isEmpty || entries.contains { fnmatch($0, path, 0) == 0 }
    }
}
