import Foundation
import GleanCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock per pipeline, so two runs of it never overlap (a slow cron run and the next).
///
/// `flock` on a file in the pipeline's state directory: the kernel releases it when the process
/// exits, however it exits, so a crashed run never leaves a stale lock. The holder's pid is
/// written into the file for the error message.
public final class PipelineLock: Sendable {
    public let path: String
    private let descriptor: Int32

    /// Takes the lock or throws a ``GleanError`` with code `.locked` naming the holder.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GleanError(.io, "cannot open the lock file: \(String(cString: strerror(errno)))", at: .file(path: path, line: nil, column: nil))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var holder = ""
            var bytes = [UInt8](repeating: 0, count: 32)
            let n = read(fd, &bytes, bytes.count)
            if n > 0, let pid = Int(String(decoding: bytes[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
                holder = " (pid \(pid))"
            }
            close(fd)
            throw GleanError(.locked, "another run of this pipeline is in progress\(holder); wait for it to finish, or give this run its own --state-dir", at: .file(path: path, line: nil, column: nil))
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
