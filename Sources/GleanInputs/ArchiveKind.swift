/// What an input's bytes turned out to be, detected by content (magic bytes), not by name.
public enum ArchiveKind: Sendable, Hashable, CustomStringConvertible {
    /// Neither compressed nor an archive: one input, the bytes as they are.
    case plain
    /// One compressed stream (gzip, bzip2, xz, zstd, …): one input, decompressed. `filters` are
    /// libarchive's names for the compressions, outermost last (`["gzip"]`).
    case compressed(filters: [String])
    /// An archive (zip, tar, 7-Zip, cpio, ISO 9660, RAR), possibly compressed: one input per
    /// regular-file entry. `format` is libarchive's name for it (`"ZIP 2.0 (deflation)"`, `"GNU tar
    /// format"`), `filters` as for `compressed`.
    case archive(format: String, filters: [String])

    public var description: String {
        switch self {
        case .plain: return "plain"
        case .compressed(let filters): return "compressed (\(filters.joined(separator: ", ")))"
        case .archive(let format, let filters):
            return filters.isEmpty ? "archive (\(format))" : "archive (\(format); \(filters.joined(separator: ", ")))"
        }
    }
}
