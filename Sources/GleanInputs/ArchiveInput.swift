import Foundation

/// One input found in a byte source: the source itself (plain or compressed), or one regular-file
/// entry of an archive.
public struct ArchiveInput: Sendable, Hashable {
    /// Where the input is, for errors and record origins: the source's location (`logs/a.json.gz`),
    /// or for an archive entry the archive's location, `!/` and the entry's path
    /// (`archive.zip!/dir/file.json`).
    public var location: String
    /// The entry's path inside the archive, decoded to UTF-8 (see `EntryName`), without a leading
    /// `./`; nil for a plain or compressed source.
    public var entryPath: String?
    /// The uncompressed size the header declares, when it declares one.
    public var declaredSize: Int64?
    /// The modification time the header records, when it records one.
    public var modificationTime: Date?
    /// What the source is.
    public var kind: ArchiveKind

    /// An input description.
    public init(
        location: String, entryPath: String?, declaredSize: Int64?, modificationTime: Date?, kind: ArchiveKind
    ) {
        self.location = location
        self.entryPath = entryPath
        self.declaredSize = declaredSize
        self.modificationTime = modificationTime
        self.kind = kind
    }
}
