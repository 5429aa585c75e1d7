/// What reading one byte source found, for logs and progress.
public struct ArchiveSummary: Sendable, Hashable {
    /// What the source is.
    public var kind: ArchiveKind
    /// Inputs handed to the caller.
    public var inputs: Int
    /// Entries rejected (each was reported).
    public var rejected: Int
    /// Entries left out by the `entries` filter, and directories.
    public var skipped: Int
    /// Uncompressed bytes handed to the caller.
    public var uncompressedBytes: Int64
    /// Bytes consumed from the source.
    public var compressedBytes: Int64
}
