#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking, pull-based stream of bytes: a file, a pipe, standard input, a document in memory or
/// one entry of an archive being decompressed on another thread (see the `GleanInputs` module).
///
/// Readers that parse (``LineReader``, the XML reader) pull from it; they never need to know where
/// the bytes come from. A stream is read by one thread at a time.
public protocol ByteStream: AnyObject {
    /// Copies up to `buffer.count` bytes into `buffer` and returns how many; 0 means the end.
    /// Blocks until at least one byte is there or the input has ended. Throws a `GleanError`
    /// located at the input when the bytes cannot be read (an I/O error, a corrupt archive entry,
    /// a limit).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
    /// A descriptor to `poll(2)` while waiting for bytes (pipes and terminals), so a reader can
    /// notice a stop request; nil when reads never wait for long (files, memory, archives).
    var pollableDescriptor: Int32? { get }
}

extension ByteStream {
    public var pollableDescriptor: Int32? { nil }
}

/// Bytes from a file descriptor: a regular file, a pipe, a terminal or standard input.
public final class DescriptorStream: ByteStream {
    /// The descriptor read.
    public let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Whether the descriptor is a regular file (reads never wait).
    public let isRegularFile: Bool
    /// Where the bytes come from, for errors.
    public let location: String

    /// Reads `descriptor`; closes it when released if `owns` is true.
    public init(descriptor: Int32, owns: Bool, location: String) {
        self.descriptor = descriptor
        ownsDescriptor = owns
        self.location = location
        var info = stat()
        isRegularFile = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Opens `path` for reading; `-` is standard input (not closed when released).
    public convenience init(path: String) throws {
        if path == "-" {
            self.init(descriptor: STDIN_FILENO, owns: false, location: "-")
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw GleanError(.io, "cannot open for reading: \(String(cString: strerror(errno)))", at: .file(path: path, line: nil, column: nil))
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw GleanError(.io, "is a directory, expected a file", at: .file(path: path, line: nil, column: nil))
        }
        self.init(descriptor: fd, owns: true, location: path)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    public var pollableDescriptor: Int32? { isRegularFile ? nil : descriptor }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Glibc_read(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw GleanError(.io, "read failed: \(String(cString: strerror(errno)))", at: .file(path: location, line: nil, column: nil))
        }
    }
}

/// Bytes held in memory (an HTTP body, a small archive entry), optionally after a prefix.
public final class MemoryStream: ByteStream {
    private let bytes: [UInt8]
    private var position = 0

    /// Streams `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - position)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + position, byteCount: count)
        }
        position += count
        return count
    }
}

/// Bytes already read from a stream (to sniff its content) followed by the rest of it.
public final class PrefixedStream: ByteStream {
    private var prefix: [UInt8]
    private var position = 0
    /// The stream after the prefix.
    public let rest: any ByteStream

    /// `prefix`, then whatever `rest` still holds.
    public init(prefix: [UInt8], rest: any ByteStream) {
        self.prefix = prefix
        self.rest = rest
    }

    public var pollableDescriptor: Int32? { position < prefix.count ? nil : rest.pollableDescriptor }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if position < prefix.count {
            let count = min(buffer.count, prefix.count - position)
            prefix.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: count) }
            position += count
            if position == prefix.count { (prefix, position) = ([], 0) }  // the prefix is done
            return count
        }
        return try rest.read(into: buffer)
    }
}

private func Glibc_read(_ fd: Int32, _ pointer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, pointer, count)
    #else
    return Darwin.read(fd, pointer, count)
    #endif
}
