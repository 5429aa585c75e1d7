import Foundation
import GleanCore
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inputs a source will read, listed (with their sizes) before any is read, so progress can
/// show bytes of a known total and an ETA.
struct InputPlan {
    /// One input to read.
    enum Item {
        /// `nanoseconds` is the fraction of the modification time, for fingerprints.
        case file(path: String, size: Int64, modificationTime: Int64, nanoseconds: Int64)
        case standardInput
        case url(String)
    }

    var items: [Item] = []
    /// Paths that could not be listed (missing, unreadable, an empty glob), each a clear error.
    var problems: [GleanError] = []
    /// The sum of the files' sizes.
    var totalBytes: Int64 = 0

    init(options: InputOptions, context: StageContext) {
        var seen: Set<String> = []
        for pattern in options.paths {
            if pattern == "-" {
                if seen.insert("-").inserted { items.append(.standardInput) }
                continue
            }
            let resolved = context.resolvePath(pattern)
            let files: [String]
            do {
                files = try InputFiles.expand(resolved)
            } catch let error as GleanError {
                problems.append(error)
                continue
            } catch {
                problems.append(GleanError(.io, "\(error)", at: .file(path: resolved, line: nil, column: nil)))
                continue
            }
            var kept = 0
            for file in files where seen.insert(file).inserted {
                if Self.excluded(file, by: options.exclude, base: context.baseDirectory) { continue }
                var info = stat()
                guard stat(file, &info) == 0 else {
                    problems.append(GleanError(.io, "cannot read: \(String(cString: strerror(errno)))", at: .file(path: file, line: nil, column: nil)))
                    continue
                }
                let size = Int64(info.st_size)
                items.append(.file(path: file, size: size, modificationTime: Int64(info.st_mtim.tv_sec), nanoseconds: Int64(info.st_mtim.tv_nsec)))
                totalBytes += size
                kept += 1
            }
            if kept == 0, !files.isEmpty, !options.exclude.isEmpty {
                context.logger.warning("\(resolved): every file it names is excluded")
            }
        }
        for url in options.urls where seen.insert(url).inserted { items.append(.url(url)) }
    }

    /// Whether `path` matches an `exclude` glob, tried on the path relative to `base` and on the
    /// path as it is (`*` matches `/` too, so `*.tmp` excludes at any depth).
    static func excluded(_ path: String, by globs: [String], base: String) -> Bool {
        guard !globs.isEmpty else { return false }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return globs.contains { glob in
            fnmatch(glob, relative, 0) == 0 || fnmatch(glob, path, 0) == 0 || fnmatch(glob, name, 0) == 0
        }
    }
}
