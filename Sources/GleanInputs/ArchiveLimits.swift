/// Limits that protect a run against hostile archives and compressed streams (zip bombs, archives
/// of millions of entries). Each is checked while the bytes stream, not only against the sizes an
/// entry's header declares, since headers can lie.
public struct ArchiveLimits: Sendable, Hashable {
    /// The largest uncompressed entry, in bytes. Default: 1 GiB (1,073,741,824). An entry over it
    /// is rejected and the next entry is read.
    public var maximumEntryBytes: Int64
    /// The most uncompressed bytes read from one archive or compressed stream, all entries
    /// together. Default: 16 GiB (17,179,869,184). When it is reached, the entry being read is
    /// rejected and the rest of the archive is not read.
    public var maximumTotalBytes: Int64
    /// The highest compression ratio allowed: uncompressed bytes read so far over compressed bytes
    /// consumed so far, for the whole archive. Default: 200 (text and JSON compress 5–20×; a
    /// deflate bomb reaches about 1000×, bzip2 and zstd bombs far more). Checked once
    /// `ratioGraceBytes` have been read. When it is exceeded, the entry being read is rejected and
    /// the rest of the archive is not read. So a source never yields more than about this ratio
    /// times its own size (from memory) or times the bytes read so far (from a file, read 16 KiB at
    /// a time), plus `ratioGraceBytes`.
    public var maximumCompressionRatio: Double
    /// Uncompressed bytes read before the ratio is checked, so that a small file of zeros is not
    /// taken for a bomb. Default: 1 MiB (1,048,576).
    public var ratioGraceBytes: Int64
    /// The most entries (of any type, directories included) read from one archive. Default:
    /// 1,000,000. The entry past it is rejected and the rest of the archive is not read.
    public var maximumEntries: Int

    /// Limits with the documented defaults, or the given values.
    public init(
        maximumEntryBytes: Int64 = 1 << 30, maximumTotalBytes: Int64 = 16 << 30, maximumCompressionRatio: Double = 200,
        ratioGraceBytes: Int64 = 1 << 20, maximumEntries: Int = 1_000_000
    ) {
        self.maximumEntryBytes = maximumEntryBytes
        self.maximumTotalBytes = maximumTotalBytes
        self.maximumCompressionRatio = maximumCompressionRatio
        self.ratioGraceBytes = ratioGraceBytes
        self.maximumEntries = maximumEntries
    }
}
