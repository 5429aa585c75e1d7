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
/// - a character device or a FIFO (`/dev/null`, a named pipe): written directly, with no
///   temporary file and no rename (a device must never be replaced by a regular file); such an
///   output cannot be taken back by ``abort()``. A FIFO must have its reader already: opening one
///   nobody reads is an error, not a wait that no signal could end.
/// - `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the process's own descriptor
///   (a copy of it), as the shell set it up, written directly.
/// - a symbolic link: followed to its target one link at a time, and the rules above apply to
///   the target (the link stays). Each link is followed only when it is owned by the user running
///   Glean or by root, or when its directory is writable by its owner alone: another user's link
///   in a shared directory (`/tmp`, a group-writable spool) is refused, which is stricter than
///   Linux's `protected_symlinks`. A link that points nowhere is refused, so a planted link
///   cannot make Glean create a file elsewhere.
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
    public private(set) var isDirect: Bool
    /// Temporary files of dead runs removed when this output was opened.
    public private(set) var removedStaleFiles: [String]
    private var temporaryPath: String?
    private var finalMode: mode_t
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Bytes written so far, flushed or not.
    public private(set) var bytesWritten: Int64 = 0
    /// Bytes handed to the file so far (for a direct output: what a failed run cannot take back).
    public private(set) var bytesFlushed: Int64 = 0
    private static let flushThreshold = 1 << 20

    /// Opens the output for `path` (creating parent directories) or standard output for `-`.
    public init(path: String) throws {
        self.path = path
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        (removedStaleFiles, temporaryPath, finalMode, isDirect) = ([], nil, 0, true)
        if path == "-" {
            (target, descriptor) = (path, STDOUT_FILENO)
            return
        }
        let location = GleanError.Location.file(path: path, line: nil, column: nil)
        if let inherited = Self.inheritedDescriptor(path) {
            // `/dev/stdout`, `/dev/fd/N`: the descriptor the process has, as the shell set it up
            // (a pipe, or a file opened for appending); reopening its path would start at offset 0.
            let fd = dup(inherited)
            guard fd >= 0 else { throw GleanError(.io, "cannot write: \(String(cString: strerror(errno)))", at: location) }
            (target, descriptor) = (path, fd)
            return
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GleanError(.io, "cannot create directory '\(directory)': \(error.localizedDescription)", at: location)
        }
        let target = try Self.resolve(path)
        self.target = target
        // Open what is there now, following no link and creating nothing, and decide by what was
        // opened (no window between a check and the open). Non-blocking, so a FIFO nobody reads
        // is an error now instead of a wait no signal can end.
        var mode: mode_t?
        let fd = open(target, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC)
        if fd >= 0 {
            var info = stat()
            fstat(fd, &info)
            switch info.st_mode & S_IFMT {
            case S_IFCHR, S_IFIFO:
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
                descriptor = fd
                return
            case S_IFREG:
                close(fd)
                mode = info.st_mode & 0o777
            default:
                close(fd)
                let what = info.st_mode & S_IFMT == S_IFBLK ? "a block device" : "not a regular file, device or FIFO"
                throw GleanError(.io, "cannot write the output here: it is \(what)", at: location)
            }
        } else {
            let code = errno
            var info = stat()
            let type = lstat(target, &info) == 0 ? info.st_mode & S_IFMT : 0
            switch (code, type) {
            case (ENOENT, _): break
            case (_, S_IFREG): mode = info.st_mode & 0o777  // read-only: still replaceable by rename
            case (ENXIO, S_IFIFO):
                throw GleanError(.io, "no process is reading this FIFO; start its reader first", at: location)
            case (_, S_IFDIR), (EISDIR, _):
                throw GleanError(.io, "cannot write the output here: it is a directory", at: location)
            case (ELOOP, _):
                throw GleanError(.io, "the output became a symbolic link while it was opened; refusing to follow it", at: location)
            default:
                throw GleanError(.io, "cannot write: \(String(cString: strerror(code)))", at: location)
            }
        }
        isDirect = false
        finalMode = mode ?? 0o666 & ~Self.umask
        removedStaleFiles = TemporaryFile.removeStale(beside: target, purpose: "tmp")
        (descriptor, temporaryPath) = try TemporaryFile.create(beside: target, purpose: "tmp")
    }

    /// The descriptor a path names when it is one of the process's own (`/dev/stdout`,
    /// `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`).
    private static func inheritedDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// `path` with the symbolic links at it followed one at a time, each only when the rule in
    /// the type's documentation allows; at most 40, as the kernel does.
    private static func resolve(_ path: String) throws -> String {
        let location = GleanError.Location.file(path: path, line: nil, column: nil)
        var current = path
        for _ in 0..<40 {
            var link = stat()
            guard lstat(current, &link) == 0 else {
                if current == path { return path }  // nothing there yet: a new file
                throw GleanError(.io, "the output is a symbolic link that points to nothing ('\(current)'); remove it or point it at a file", at: location)
            }
            guard link.st_mode & S_IFMT == S_IFLNK else { return current }
            let directory = URL(fileURLWithPath: current).deletingLastPathComponent().path
            var parent = stat()
            let shared = stat(directory, &parent) != 0 || parent.st_mode & (S_IWGRP | S_IWOTH) != 0
            if shared, link.st_uid != geteuid(), link.st_uid != 0 {
                throw GleanError(.io, "refusing to follow a symbolic link owned by another user (uid \(link.st_uid)) in a directory others can write ('\(current)'); remove it or write elsewhere", at: location)
            }
            var bytes = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = bytes.withUnsafeMutableBufferPointer { readlink(current, $0.baseAddress!, $0.count - 1) }
            guard count > 0 else { throw GleanError(.io, "cannot read the symbolic link '\(current)': \(String(cString: strerror(errno)))", at: location) }
            let destination = String(decoding: bytes[0..<count], as: UTF8.self)
            current = destination.hasPrefix("/") ? destination : directory + "/" + destination
        }
        throw GleanError(.io, "too many symbolic links", at: location)
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
                let code = errno
                if code == EINTR { continue }
                let reason = code == EPIPE ? "its reader went away (EPIPE)" : String(cString: strerror(code))
                throw GleanError(.io, "cannot write '\(path)': \(reason)", at: .file(path: path, line: nil, column: nil))
            }
            offset += n
            bytesFlushed += Int64(n)
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

    /// What a failed run leaves behind here: for a device, FIFO or inherited descriptor, the
    /// bytes already handed over ("N bytes written to PATH"); nil for files, which are removed.
    public var writtenBeforeAbort: String? {
        isDirect && bytesFlushed > 0 ? "\(bytesFlushed) bytes already written to \(path == "-" ? "standard output" : path)" : nil
    }

    /// Closes and deletes the temporary file. Direct outputs cannot be taken back: standard output
    /// is flushed, a device or FIFO gets no more bytes.
    public mutating func abort() {
        guard let temporaryPath else {
            // Standard output is flushed (what a filter read is passed on); a device or FIFO
            // gets nothing more than it already had.
            if path == "-" { try? flush() } else { buffer.removeAll() }
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
