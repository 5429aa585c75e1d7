import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered output file that appears under its final name only when committed.
///
/// Bytes go to a temporary file beside the target (`.NAME.glean-tmp-PID`), so the rename in
/// ``commit()`` is atomic; ``abort()`` removes it. The path `-` writes to standard output directly
/// (nothing to rename). A value type holding a descriptor and a buffer, so sinks stay `Sendable`.
public struct OutputFile: Sendable {
    /// The final path, or `-`.
    public let path: String
    private let temporaryPath: String?
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Bytes written so far, flushed or not.
    public private(set) var bytesWritten: Int64 = 0
    private static let flushThreshold = 1 << 20

    /// Opens a temporary file for `path` (creating parent directories) or standard output for `-`.
    public init(path: String) throws {
        self.path = path
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        if path == "-" {
            temporaryPath = nil
            descriptor = STDOUT_FILENO
            return
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GleanError(.io, "cannot create directory '\(directory)': \(error.localizedDescription)", at: .file(path: path, line: nil, column: nil))
        }
        let temporary = directory + "/." + url.lastPathComponent + ".glean-tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GleanError(.io, "cannot write '\(path)': \(String(cString: strerror(errno)))", at: .file(path: path, line: nil, column: nil))
        }
        temporaryPath = temporary
        descriptor = fd
    }

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

    /// Closes the file and renames it to its final name.
    public mutating func commit() throws {
        try finish()
        guard let temporaryPath else { return }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw GleanError(.io, "cannot rename output into place at '\(path)': \(reason)", at: .file(path: path, line: nil, column: nil))
        }
    }

    /// Closes and deletes the temporary file. Standard output cannot be taken back; it is flushed.
    public mutating func abort() {
        guard let temporaryPath else {
            try? flush()
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
