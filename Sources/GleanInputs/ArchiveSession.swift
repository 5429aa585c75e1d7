import CLibArchive
import GleanCore

/// One libarchive read handle and the running totals the limits are checked against, for one
/// byte source. Owned by one `ArchiveReader.read` call, never shared between threads.
final class ArchiveSession {
    /// Bytes libarchive reads from a file or descriptor at a time. The compression ratio is
    /// measured against the bytes read so far, so a smaller block finds a bomb sooner; 16 KiB keeps
    /// read calls cheap (a bomb is stopped within about ratio × 16 KiB of output).
    static let readBlockBytes = 16 * 1024

    let archive: OpaquePointer
    let limits: ArchiveLimits
    private let buffer: UnsafeMutableRawBufferPointer

    /// The location of the input being read, for errors and rejections.
    var location = ""
    /// Whether a stream may read: set while the caller's callback runs for the current input.
    var active = false
    /// Whether the current input has no more data.
    var finished = false
    var entryBytes: Int64 = 0
    var totalBytes: Int64 = 0
    /// Set when a limit stops the current input; reported by the reader after the callback.
    var rejection: RejectedEntry?
    /// Set when the data is corrupt; thrown by the reader after the callback.
    var failure: GleanError?

    init(limits: ArchiveLimits, chunkSize: Int, seekableZip: Bool) throws {
        guard let archive = archive_read_new() else { throw GleanError(.io, "libarchive could not allocate a reader") }
        self.archive = archive
        self.limits = limits
        buffer = .allocate(byteCount: max(chunkSize, 1), alignment: 16)
        Self.enableFormats(archive, seekableZip: seekableZip)
    }

    deinit {
        archive_read_free(archive)
        buffer.deallocate()
    }

    /// Compressions and archive formats read. Not `archive_read_support_format_all`: that includes
    /// mtree, whose entries name files on the local disk that libarchive then opens and returns as
    /// the entries' contents (a hostile archive could read /etc/shadow), and formats (ar, lha, warc)
    /// whose loose signatures would take some text files for archives. Not
    /// `archive_read_support_filter_all` either: it includes lrzip, grzip and lzop, which run
    /// external programs. `raw` reads a plain or compressed single stream as one entry; `empty`
    /// accepts a zero-byte source.
    private static func enableFormats(_ archive: OpaquePointer, seekableZip: Bool) {
        for filter in [
            archive_read_support_filter_gzip, archive_read_support_filter_bzip2, archive_read_support_filter_xz,
            archive_read_support_filter_lzma, archive_read_support_filter_zstd, archive_read_support_filter_lz4,
            archive_read_support_filter_compress,
        ] { _ = filter(archive) }
        for format in [
            seekableZip ? archive_read_support_format_zip : archive_read_support_format_zip_streamable,
            archive_read_support_format_tar, archive_read_support_format_7zip,
            archive_read_support_format_cpio, archive_read_support_format_iso9660, archive_read_support_format_rar,
            archive_read_support_format_rar5, archive_read_support_format_raw, archive_read_support_format_empty,
        ] { _ = format(archive) }
    }

    /// libarchive's message for the last failure.
    var errorText: String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
    }

    /// Bytes consumed from the source so far (before decompression).
    var compressedBytes: Int64 { max(archive_filter_bytes(archive, -1), 0) }

    /// Prepares for the next input.
    func begin(location: String) {
        self.location = location
        entryBytes = 0
        finished = false
        rejection = nil
        failure = nil
        active = true
    }

    func nextChunk() throws -> UnsafeRawBufferPointer? {
        if let failure { throw failure }
        if let rejection { throw rejection.error }
        guard active, !finished else { return nil }
        let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
        if count == 0 {
            finished = true
            return nil
        }
        if count < 0 {
            let failure = GleanError(
                .malformedInput,
                "the archive is corrupt or truncated here: \(errorText) (the entries before it were read)",
                at: .file(path: location, line: nil, column: nil)
            )
            self.failure = failure
            throw failure
        }
        entryBytes += Int64(count)
        totalBytes += Int64(count)
        if let rejection = limitRejection() {
            self.rejection = rejection
            throw rejection.error
        }
        return UnsafeRawBufferPointer(start: buffer.baseAddress, count: count)
    }

    /// The rejection of the current input when the bytes read so far exceed a limit.
    private func limitRejection() -> RejectedEntry? {
        if entryBytes > limits.maximumEntryBytes {
            return RejectedEntry(
                location: location,
                reason: "the entry is larger than \(limits.maximumEntryBytes) bytes (maximumEntryBytes); "
                    + "it was not read to the end",
                code: .limitExceeded
            )
        }
        if totalBytes > limits.maximumTotalBytes {
            return RejectedEntry(
                location: location,
                reason: "the archive holds more than \(limits.maximumTotalBytes) uncompressed bytes "
                    + "(maximumTotalBytes); the rest of it is not read",
                code: .limitExceeded, stoppedArchive: true
            )
        }
        if totalBytes >= limits.ratioGraceBytes {
            let ratio = Double(totalBytes) / Double(max(compressedBytes, 1))
            let limit = limits.maximumCompressionRatio
            if ratio > limit {
                return RejectedEntry(
                    location: location,
                    reason: "the compression ratio reached \(Int(ratio)):1, over the limit of "
                        + "\(limit == limit.rounded() && limit < 1e15 ? String(Int(limit)) : String(limit)):1 "
                        + "(maximumCompressionRatio; a zip bomb?); the rest of the archive is not read",
                    code: .limitExceeded, stoppedArchive: true
                )
            }
        }
        return nil
    }
}
