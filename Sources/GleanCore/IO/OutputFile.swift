import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered output file that appears under its final name only when committed.
///
/// Where the bytes go depends on what `path` names:
/// - a regular file, or nothing yet: a temporary file beside it (see ``TemporaryFile``: random
///   name, `O_EXCL | O_NOFOLLOW`, mode 0600), renamed over the target in ``commit()``, so readers
///   see the old file or the whole new one, never a part; ``abort()`` removes it. The committed
///   file keeps the mode of the file it replaces, or gets 0666 less the umask. Temporary files
///   of killed runs (dead PIDs) for the same target are removed when the next one is opened.
/// - a character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe): written directly,
///   with no temporary file and no rename (a device must never be replaced by a regular file);
///   such an output cannot be taken back by ``abort()``.
/// - a symbolic link: followed to its target, and the rules above apply to the target (the link
///   stays), but only when following it is safe by the rule of Linux's `protected_symlinks`: the
///   link is owned by the user running Glean, or by the owner of its directory, or its directory
///   is not world-writable with the sticky bit (as `/tmp` is). A link that points nowhere is
///   refused, so a planted link cannot make Glean create a file elsewhere.
/// - anything else (a directory, a block device, a socket): an error.
///
/// `-` writes to standard output directly. A value type holding a descriptor and a buffer, so
/// sinks stay `Sendable`.
public struct OutputFile: Sendable {
    /// The final path as given, or `-`.
    public let path: String
    /// The file that receives the bytes: `path` with symbolic links resolved.
    public let target: String
    /// Whether bytes go straight to the target (standard output, devices, FIFOs).
    public let isDirect: Bool
    /// Temporary files of dead runs removed when this output was opened.
    public let removedStaleFiles: [String]
    private let temporaryPath: String?
    private let finalMode: mode_t
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Bytes written so far, flushed or not.
    public private(set) var bytesWritten: Int64 = 0
    private static let flushThreshold = 1 << 20

    /// Opens the output for `path` (creating parent directories) or standard output for `-`.
    public init(path: String) throws {
        self.path = path
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        if path == "-" {
            (target, isDirect, removedStaleFiles, temporaryPath, finalMode, descriptor) = (path, true, [], nil, 0, STDOUT_FILENO)
            return
        }
        let location = GleanError.Location.file(path: path, line: nil, column: nil)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GleanError(.io, "cannot create directory '\(directory)': \(error.localizedDescription)", at: location)
        }
        let target = try Self.resolve(path)
        self.target = target
        var info = stat()
        let exists = stat(target, &info) == 0
        let type = info.st_mode & S_IFMT
        if exists, type == S_IFCHR || type == S_IFIFO {
            let fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard fd >= 0 else { throw GleanError(.io, "cannot write: \(String(cString: strerror(errno)))", at: location) }
            (isDirect, removedStaleFiles, temporaryPath, finalMode, descriptor) = (true, [], nil, 0, fd)
            return
        }
        if exists, type != S_IFREG {
            let what = type == S_IFDIR ? "a directory" : type == S_IFBLK ? "a block device" : "not a regular file, device or FIFO"
            throw GleanError(.io, "cannot write the output here: it is \(what)", at: location)
        }
        isDirect = false
        finalMode = exists ? info.st_mode & 0o777 : 0o666 & ~Self.umask
        removedStaleFiles = TemporaryFile.removeStale(beside: target, purpose: "tmp")
        (descriptor, temporaryPath) = try TemporaryFile.create(beside: target, purpose: "tmp")
    }

    /// `path` with a symbolic link at it followed, when the rule in the type's documentation allows.
    private static func resolve(_ path: String) throws -> String {
        let location = GleanError.Location.file(path: path, line: nil, column: nil)
        var link = stat()
        guard lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK else { return path }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var parent = stat()
        if stat(directory, &parent) == 0, parent.st_mode & S_ISVTX != 0, parent.st_mode & S_IWOTH != 0,
            link.st_uid != geteuid(), link.st_uid != parent.st_uid
        {
            throw GleanError(.io, "refusing to follow a symbolic link owned by another user (uid \(link.st_uid)) in a shared directory; remove it or write elsewhere", at: location)
        }
        guard let resolved = realpath(path, nil) else {
            throw GleanError(.io, "the output is a symbolic link that points to nothing; remove it or point it at a file", at: location)
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The process's umask, read without changing it (Linux: /proc/self/status), else 022.
    private static let umask: mode_t = {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
            let value = mode_t(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8)
        {
            return value
        }
        return 0o022
    }()

    /// Appends bytes, flushing to the file when the buffer is large.
    public mutating func write(_ bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        bytesWritten += Int64(bytes.count)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Appends bytes built in place, flushing when the buffer is large.
    public mutating func write(_ build: (inout [UInt8]) -> Void) throws {
        let before = buffer.count
        build(&buffer)
        bytesWritten += Int64(buffer.count - before)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Writes the buffer out.
    public mutating func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                Glean_write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw GleanError(.io, "cannot write '\(path)': \(String(cString: strerror(errno)))", at: .file(path: path, line: nil, column: nil))
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and syncs the temporary file; the output is complete but not yet visible.
    public mutating func finish() throws {
        try flush()
        if temporaryPath != nil, fsync(descriptor) != 0 {
            throw GleanError(.io, "cannot sync '\(path)': \(String(cString: strerror(errno)))", at: .file(path: path, line: nil, column: nil))
        }
    }

    /// Closes the file and renames it to its final name (direct outputs are only closed).
    public mutating func commit() throws {
        try finish()
        guard let temporaryPath else {
            if path != "-", descriptor >= 0 { close(descriptor) }
            descriptor = -1
            return
        }
        fchmod(descriptor, finalMode)
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw GleanError(.io, "cannot rename output into place at '\(path)': \(reason)", at: .file(path: path, line: nil, column: nil))
        }
    }

    /// Closes and deletes the temporary file. Direct outputs cannot be taken back; they are flushed.
    public mutating func abort() {
        guard let temporaryPath else {
            try? flush()
            if path != "-", descriptor >= 0 { close(descriptor) }
            descriptor = -1
            return
        }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(temporaryPath)
    }
}

@inline(__always)
private func Glean_write(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, pointer, count)
    #else
    return Darwin.write(fd, pointer, count)
    #endif
}
