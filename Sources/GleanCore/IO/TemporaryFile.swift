import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporary files beside an output, safe in shared directories (`/tmp`, group-writable spools).
///
/// A name is `.NAME.glean-PURPOSE-PID-RANDOM` in the output's directory: the random part
/// (64 bits from the system generator) makes names unguessable, and the file is opened with
/// `O_CREAT | O_EXCL | O_NOFOLLOW`, mode 0600, so a file or symlink planted under the name makes
/// the open fail instead of being followed (we retry with another name). The PID in the name lets
/// a later run remove what a killed run (`kill -9`) left: see ``removeStale(beside:purpose:)``.
package enum TemporaryFile {
    /// Creates a new, empty temporary file beside `target` and returns its descriptor and path.
    package static func create(beside target: String, purpose: String) throws -> (descriptor: Int32, path: String) {
        let (directory, name) = split(target)
        var lastError: Int32 = 0
        for _ in 0..<16 {
            let candidate = directory + "/" + prefix(name: name, purpose: purpose) + "\(getpid())-" + randomSuffix()
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 {
                // Held until the descriptor closes: a live run's file is never taken for stale,
                // even from another PID namespace (a container sharing the volume).
                _ = flock(fd, LOCK_EX | LOCK_NB)
                return (fd, candidate)
            }
            lastError = errno
            if lastError != EEXIST && lastError != ELOOP { break }
        }
        throw GleanError(.io, "cannot create a temporary file in '\(directory)': \(String(cString: strerror(lastError)))", at: .file(path: target, line: nil, column: nil))
    }

    /// Removes temporary files for `target` left by processes that no longer run (a run killed
    /// with `kill -9`, a power cut). Only regular files owned by this user, whose PID is not alive
    /// here and whose lock (taken by ``create(beside:purpose:)`` for the file's lifetime) is free,
    /// are removed: a live process's files, another user's, and files a run in another PID
    /// namespace still writes are left alone.
    /// Returns the paths removed.
    @discardableResult
    package static func removeStale(beside target: String, purpose: String) -> [String] {
        let (directory, name) = split(target)
        let prefix = prefix(name: name, purpose: purpose)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var removed: [String] = []
        for entry in entries where entry.hasPrefix(prefix) {
            // PID, then `-RANDOM` (this version) or nothing (names of versions before it).
            let rest = entry.dropFirst(prefix.count)
            guard let pid = Int32(rest.prefix { $0 != "-" }), pid > 0, pid != getpid() else { continue }
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = directory + "/" + entry
            let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid() else { continue }
            // Its writer holds a lock while it runs; a file still locked is not stale.
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }

    /// The name every temporary file of `name` and `purpose` starts with.
    static func prefix(name: String, purpose: String) -> String {
        "." + name + ".glean-" + purpose + "-"
    }

    private static func split(_ target: String) -> (directory: String, name: String) {
        let url = URL(fileURLWithPath: target)
        return (url.deletingLastPathComponent().path, url.lastPathComponent)
    }

    private static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let digits = String(value, radix: 36)
        return String(repeating: "0", count: max(0, 13 - digits.count)) + digits
    }
}
