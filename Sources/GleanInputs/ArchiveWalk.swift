import CLibArchive
import Foundation
import GleanCore

/// The header-by-header walk of one `ArchiveReader.read` call: detects the kind of source, checks
/// each entry and hands the good ones to the caller.
struct ArchiveWalk {
    let reader: ArchiveReader
    let session: ArchiveSession
    let location: String
    var summary = ArchiveSummary(kind: .plain, inputs: 0, rejected: 0, skipped: 0, uncompressedBytes: 0, compressedBytes: 0)
    /// The last entry header read, for an error that comes between entries.
    private var lastEntry: String?

    init(reader: ArchiveReader, session: ArchiveSession, location: String) {
        self.reader = reader
        self.session = session
        self.location = location
    }

    func open(_ status: Int32) throws {
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
            throw GleanError(.io, "cannot open: \(session.errorText)", at: .file(path: location, line: nil, column: nil))
        }
    }

    mutating func run(rejected: (RejectedEntry) throws -> Void, input: (ArchiveInput, ArchiveEntryStream) throws -> Void) throws {
        defer {
            summary.uncompressedBytes = session.totalBytes
            summary.compressedBytes = session.compressedBytes
        }
        var entry: OpaquePointer?
        var first = true
        var seen = 0
        while true {
            let status = archive_read_next_header(session.archive, &entry)
            if status == ARCHIVE_EOF {
                // A zero-byte source: one empty plain input.
                if first { try deliver(ArchiveInput(location: location, entryPath: nil, declaredSize: 0, modificationTime: nil, kind: .plain), empty: true, rejected: rejected, input: input) }
                return
            }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else { throw headerFailure() }
            if first {
                summary.kind = detectKind()
                first = false
            }
            guard case .archive = summary.kind else {
                // Raw format: the single stream, under the source's own location.
                let described = ArchiveInput(location: location, entryPath: nil, declaredSize: nil, modificationTime: nil, kind: summary.kind)
                try deliver(described, empty: false, rejected: rejected, input: input)
                return
            }
            seen += 1
            let name = Self.name(of: entry)
            let entryLocation = location + "!/" + name
            lastEntry = entryLocation
            if seen > reader.limits.maximumEntries {
                try reject(RejectedEntry(location: entryLocation, reason: "the archive has more than \(reader.limits.maximumEntries) entries (maximumEntries); the rest of it is not read", code: .limitExceeded, stoppedArchive: true), rejected)
                return
            }
            if glean_archive_entry_is_directory(entry) != 0 || !reader.selects(name) {
                summary.skipped += 1
                continue
            }
            if let rejection = check(entry, name: name, location: entryLocation) {
                try reject(rejection, rejected)
                continue
            }
            let described = ArchiveInput(
                location: entryLocation, entryPath: name,
                declaredSize: archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil,
                modificationTime: archive_entry_mtime_is_set(entry) != 0 ? Date(timeIntervalSince1970: TimeInterval(archive_entry_mtime(entry))) : nil,
                kind: summary.kind
            )
            if try !deliver(described, empty: false, rejected: rejected, input: input) { return }
        }
    }

    /// Hands one input to the caller; returns false when the rest of the archive must not be read.
    @discardableResult
    private mutating func deliver(
        _ described: ArchiveInput, empty: Bool, rejected: (RejectedEntry) throws -> Void,
        input: (ArchiveInput, ArchiveEntryStream) throws -> Void
    ) throws -> Bool {
        session.begin(location: described.location)
        session.finished = empty
        defer { session.active = false }
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

    private mutating func reject(_ rejection: RejectedEntry, _ rejected: (RejectedEntry) throws -> Void) throws {
        summary.rejected += 1
        try rejected(rejection)
    }

    /// Why a regular-looking entry must not be read, or nil.
    private func check(_ entry: OpaquePointer, name: String, location: String) -> RejectedEntry? {
        if let reason = EntryName.unsafeReason(name) { return RejectedEntry(location: location, reason: reason, code: .unsafeEntry) }
        if let target = archive_entry_hardlink(entry) {
            return RejectedEntry(location: location, reason: "the entry is a hard link (to '\(String(cString: target))'); links are not followed", code: .unsafeEntry)
        }
        if glean_archive_entry_is_symlink(entry) != 0 || archive_entry_symlink(entry) != nil {
            let target = archive_entry_symlink(entry).map { String(cString: $0) } ?? ""
            return RejectedEntry(location: location, reason: "the entry is a symbolic link (to '\(target)'); links are not followed", code: .unsafeEntry)
        }
        if glean_archive_entry_is_regular(entry) == 0 {
            return RejectedEntry(location: location, reason: "the entry is not a regular file (a device, FIFO or socket)", code: .unsafeEntry)
        }
        if archive_entry_is_encrypted(entry) != 0 {
            return RejectedEntry(location: location, reason: "the entry is encrypted; Glean does not take passphrases", code: .encryptedEntry)
        }
        if archive_entry_size_is_set(entry) != 0, archive_entry_size(entry) > reader.limits.maximumEntryBytes {
            return RejectedEntry(location: location, reason: "the entry is \(archive_entry_size(entry)) bytes, over the limit of \(reader.limits.maximumEntryBytes) (maximumEntryBytes)", code: .limitExceeded)
        }
        return nil
    }

    /// The error for a header that cannot be read: at the source, or after the last entry read.
    private func headerFailure() -> GleanError {
        let place = lastEntry.map { "after \($0)" } ?? location
        let kept = lastEntry == nil ? "" : " (the entries before it were read)"
        return GleanError(.malformedInput, "the archive is corrupt or truncated: \(session.errorText)\(kept)", at: .file(path: place, line: nil, column: nil))
    }

    /// What the source is, once its first header has been read.
    private func detectKind() -> ArchiveKind {
        var filters: [String] = []
        for index in 0..<archive_filter_count(session.archive) where archive_filter_code(session.archive, index) != ARCHIVE_FILTER_NONE {
            filters.append(archive_filter_name(session.archive, index).map { String(cString: $0) } ?? "unknown")
        }
        let format = archive_format(session.archive)
        if format & ARCHIVE_FORMAT_BASE_MASK == ARCHIVE_FORMAT_RAW || format & ARCHIVE_FORMAT_BASE_MASK == ARCHIVE_FORMAT_EMPTY {
            return filters.isEmpty ? .plain : .compressed(filters: filters)
        }
        return .archive(format: archive_format_name(session.archive).map { String(cString: $0) } ?? "unknown", filters: filters)
    }

    /// The entry's path, decoded (see `EntryName`), without a leading `./`.
    private static func name(of entry: OpaquePointer) -> String {
        if let raw = archive_entry_pathname(entry) {
            return EntryName.trimmed(EntryName.decode(Array(UnsafeBufferPointer(start: raw, count: strlen(raw))).map { UInt8(bitPattern: $0) }))
        }
        if let utf8 = archive_entry_pathname_utf8(entry) { return EntryName.trimmed(String(cString: utf8)) }
        return ""
    }
}
