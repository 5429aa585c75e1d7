import CLibArchive
import Foundation
import GleanCore

/// The header-by-header walk of one `ArchiveReader.read` call: detects the kind of source, checks
/// each entry and hands the good ones to the caller.
struct ArchiveWalk {
    typealias Rejected = (RejectedEntry) throws -> Void
    typealias Input = (ArchiveInput, ArchiveEntryStream) throws -> Void

    let reader: ArchiveReader
    let session: ArchiveSession
    let location: String
    var summary = ArchiveSummary(
        kind: .plain, inputs: 0, rejected: 0, skipped: 0, uncompressedBytes: 0, compressedBytes: 0
    )
    /// The last entry header read, for an error that comes between entries.
    private var lastEntry: String?
    private var entriesSeen = 0

    init(reader: ArchiveReader, session: ArchiveSession, location: String) {
        self.reader = reader
        self.session = session
        self.location = location
    }

    func open(_ status: Int32) throws {
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
            let place = GleanError.Location.file(path: location, line: nil, column: nil)
            throw GleanError(.io, "cannot open: \(session.errorText)", at: place)
        }
    }

    mutating func run(rejected: Rejected, input: Input) throws {
        defer {
            summary.uncompressedBytes = session.totalBytes
            summary.compressedBytes = session.compressedBytes
        }
        var entry: OpaquePointer?
        var first = true
        while true {
            let status = archive_read_next_header(session.archive, &entry)
            if status == ARCHIVE_EOF {
                if first {
                    // A zero-byte source: one empty plain input.
                    try deliver(whole(kind: .plain, size: 0), empty: true, rejected: rejected, input: input)
                }
                return
            }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else { throw headerFailure() }
            if first {
                summary.kind = detectKind()
                first = false
            }
            guard case .archive = summary.kind else {
                // Raw format: the single stream, under the source's own location.
                try deliver(whole(kind: summary.kind, size: nil), empty: false, rejected: rejected, input: input)
                return
            }
            if try !visit(entry, rejected: rejected, input: input) { return }
        }
    }

    /// The source as one input.
    private func whole(kind: ArchiveKind, size: Int64?) -> ArchiveInput {
        ArchiveInput(location: location, entryPath: nil, declaredSize: size, modificationTime: nil, kind: kind)
    }

    /// Checks one archive entry and hands it over; returns false when the rest of the archive must
    /// not be read.
    private mutating func visit(_ entry: OpaquePointer, rejected: Rejected, input: Input) throws -> Bool {
        entriesSeen += 1
        let name = Self.name(of: entry)
        let entryLocation = location + "!/" + name
        lastEntry = entryLocation
        if entriesSeen > reader.limits.maximumEntries {
            let reason = "the archive has more than \(reader.limits.maximumEntries) entries (maximumEntries); "
                + "the rest of it is not read"
            let rejection = RejectedEntry(
                location: entryLocation, reason: reason, code: .limitExceeded, stoppedArchive: true
            )
            try reject(rejection, rejected)
            return false
        }
        if glean_archive_entry_is_directory(entry) != 0 || !reader.selects(name) {
            summary.skipped += 1
            return true
        }
        if let rejection = check(entry, name: name, location: entryLocation) {
            try reject(rejection, rejected)
            return true
        }
        let mtime = archive_entry_mtime_is_set(entry) == 0
            ? nil : Date(timeIntervalSince1970: TimeInterval(archive_entry_mtime(entry)))
        let described = ArchiveInput(
            location: entryLocation, entryPath: name,
            declaredSize: archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil,
            modificationTime: mtime, kind: summary.kind
        )
        return try deliver(described, empty: false, rejected: rejected, input: input)
    }

    /// Hands one input to the caller; returns false when the rest of the archive must not be read.
    @discardableResult
    private mutating func deliver(
        _ described: ArchiveInput, empty: Bool, rejected: Rejected, input: Input
    ) throws -> Bool {
        session.begin(location: described.location)
        session.finished = empty
        var thrown: (any Error)?
        do { try input(described, ArchiveEntryStream(session: session)) } catch { thrown = error }
        session.active = false
        if let failure = session.failure { throw failure }
        if let rejection = session.rejection {
            try reject(rejection, rejected)
            return !rejection.stoppedArchive
        }
        if let thrown { throw thrown }
        summary.inputs += 1
        return true
    }

    private mutating func reject(_ rejection: RejectedEntry, _ rejected: Rejected) throws {
        summary.rejected += 1
        try rejected(rejection)
    }

    /// Why a file entry must not be read, or nil.
    private func check(_ entry: OpaquePointer, name: String, location: String) -> RejectedEntry? {
        func unsafe(_ reason: String) -> RejectedEntry {
            RejectedEntry(location: location, reason: reason, code: .unsafeEntry)
        }
        if let reason = EntryName.unsafeReason(name) { return unsafe(reason) }
        if let target = archive_entry_hardlink(entry) {
            return unsafe("the entry is a hard link (to '\(String(cString: target))'); links are not followed")
        }
        if glean_archive_entry_is_symlink(entry) != 0 || archive_entry_symlink(entry) != nil {
            let target = archive_entry_symlink(entry).map { String(cString: $0) } ?? ""
            return unsafe("the entry is a symbolic link (to '\(target)'); links are not followed")
        }
        if glean_archive_entry_is_regular(entry) == 0 {
            return unsafe("the entry is not a regular file (a device, FIFO or socket)")
        }
        if archive_entry_is_encrypted(entry) != 0 {
            let reason = "the entry is encrypted; Glean does not take passphrases"
            return RejectedEntry(location: location, reason: reason, code: .encryptedEntry)
        }
        let limit = reader.limits.maximumEntryBytes
        if archive_entry_size_is_set(entry) != 0, archive_entry_size(entry) > limit {
            let size = archive_entry_size(entry)
            let reason = "the entry is \(size) bytes, over the limit of \(limit) (maximumEntryBytes)"
            return RejectedEntry(location: location, reason: reason, code: .limitExceeded)
        }
        return nil
    }

    /// The error for a header that cannot be read: at the source, or after the last entry read.
    private func headerFailure() -> GleanError {
        let place = lastEntry.map { "after \($0)" } ?? location
        let kept = lastEntry == nil ? "" : " (the entries before it were read)"
        let message = "the archive is corrupt or truncated: \(session.errorText)\(kept)"
        return GleanError(.malformedInput, message, at: .file(path: place, line: nil, column: nil))
    }

    /// What the source is, once its first header has been read.
    private func detectKind() -> ArchiveKind {
        let archive = session.archive
        var filters: [String] = []
        let count = archive_filter_count(archive)
        for index in 0..<count where archive_filter_code(archive, index) != ARCHIVE_FILTER_NONE {
            filters.append(archive_filter_name(archive, index).map { String(cString: $0) } ?? "unknown")
        }
        let format = archive_format(archive) & ARCHIVE_FORMAT_BASE_MASK
        if format == ARCHIVE_FORMAT_RAW || format == ARCHIVE_FORMAT_EMPTY {
            return filters.isEmpty ? .plain : .compressed(filters: filters)
        }
        let name = archive_format_name(archive).map { String(cString: $0) } ?? "unknown"
        return .archive(format: name, filters: filters)
    }

    /// The entry's path, decoded (see `EntryName`), without a leading `./`.
    private static func name(of entry: OpaquePointer) -> String {
        if let raw = archive_entry_pathname(entry) {
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw))
            // Most names are UTF-8 (or ASCII) and have no `./`: no copy on that path.
            let decoded = String(validating: bytes, as: UTF8.self) ?? EntryName.decode(Array(bytes))
            return bytes.starts(with: [UInt8(ascii: "."), UInt8(ascii: "/")]) ? EntryName.trimmed(decoded) : decoded
        }
        if let utf8 = archive_entry_pathname_utf8(entry) { return EntryName.trimmed(String(cString: utf8)) }
        return ""
    }
}
