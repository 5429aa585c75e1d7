import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands the `path` option of file sources: a file, a directory (its files, sorted, recursively),
/// a glob (`data/*.jsonl`, `logs/**/*.json` — `**` matches any number of directories) or `-`.
public enum InputFiles {
    /// The matching files, sorted; `-` stays `-`. Throws when nothing matches.
    public static func expand(_ pattern: String) throws -> [String] {
        if pattern == "-" { return ["-"] }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: pattern, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? try filesUnder(pattern) : [pattern]
        }
        guard pattern.contains(where: { "*?[".contains($0) }) else {
            throw GleanError(.io, "no such file or directory", at: .file(path: pattern, line: nil, column: nil))
        }
        let matches = try glob(pattern)
        guard !matches.isEmpty else {
            throw GleanError(.io, "no file matches the pattern", at: .file(path: pattern, line: nil, column: nil))
        }
        return matches
    }

    /// The regular files at and below `directory`, sorted. Walks never follow symbolic links
    /// (a link to a directory or a file is skipped, so a link loop or a link to `/` cannot make a
    /// walk read the same file twice or leave the tree) and skip hidden entries (`.name`).
    private static func filesUnder(_ directory: String) throws -> [String] {
        var files: [String] = []
        var directories: [String] = []
        try walk(directory, files: &files, directories: &directories)
        return files.sorted()
    }

    /// Lists `root` and the real directories below it: their regular files into `files`, the
    /// directories (`root` included) into `directories`. See ``filesUnder(_:)`` for the rules.
    private static func walk(_ root: String, files: inout [String], directories: inout [String]) throws {
        let trimmed = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        var pending = [trimmed]
        var first = true
        while let directory = pending.popLast() {
            directories.append(directory)
            let entries: [String]
            do {
                entries = try FileManager.default.contentsOfDirectory(atPath: directory)
            } catch {
                // The root must be listable; a subdirectory that is not is skipped, as `find` does.
                if first { throw GleanError(.io, "cannot list directory", at: .file(path: root, line: nil, column: nil)) }
                continue
            }
            first = false
            for name in entries where !name.hasPrefix(".") {
                let path = directory == "/" ? "/" + name : directory + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(path)
                case S_IFREG: files.append(path)
                default: break  // symbolic links, devices, FIFOs, sockets
                }
            }
        }
    }

    /// Glob with `**` support: split at the first `**`, walk the directories below the prefix
    /// (by the rules of ``filesUnder(_:)``), and match the rest in each. Each real file is
    /// listed once, under the first of its names in sorted order.
    private static func glob(_ pattern: String) throws -> [String] {
        if let range = pattern.range(of: "**/") {
            let prefix = String(pattern[..<range.lowerBound])
            let rest = String(pattern[range.upperBound...])
            let roots = prefix.isEmpty ? ["."] : systemGlob(prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix)
            var results: Set<String> = []
            for root in roots {
                var directories: [String] = []
                var ignored: [String] = []
                guard (try? walk(root, files: &ignored, directories: &directories)) != nil else { continue }
                for directory in directories {
                    // A walk follows no links: a link matched by the rest of the pattern is skipped too.
                    for match in try glob(directory + "/" + rest) where !isSymbolicLink(match) { results.insert(match) }
                }
            }
            return uniqueFiles(results.sorted())
        }
        return uniqueFiles(systemGlob(pattern).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted())
    }

    private static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// `paths` without second names of one file (hard or symbolic links), order kept.
    private static func uniqueFiles(_ paths: [String]) -> [String] {
        var seen: Set<[UInt64]> = []
        return paths.filter { path in
            var info = stat()
            guard stat(path, &info) == 0 else { return true }
            return seen.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted
        }
    }

    private static func systemGlob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glean_glob(pattern, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { i in result.gl_pathv[i].map { String(cString: $0) } }
    }
}

private func Glean_glob(_ pattern: String, _ result: inout glob_t) -> Int32 {
    #if canImport(Glibc)
    return Glibc.glob(pattern, 0, nil, &result)
    #else
    return Darwin.glob(pattern, 0, nil, &result)
    #endif
}
