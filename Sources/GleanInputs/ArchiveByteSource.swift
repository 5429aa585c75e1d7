import GleanCore

/// Where the bytes of an input that may be compressed or an archive come from.
public enum ArchiveByteSource {
    /// A file, opened and read by libarchive (seekable, so zip archives are read through their
    /// central directory).
    case path(String)
    /// An open file descriptor (a file, a pipe, standard input); it is read, not closed.
    case fileDescriptor(Int32)
    /// Bytes already in memory.
    case bytes([UInt8])
    /// A stream read to its end (standard input after its first bytes were sniffed). Not seekable:
    /// a zip is read through its local headers.
    case stream(any ByteStream)
}
