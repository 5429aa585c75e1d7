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

    private static func filesUnder(_ directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw GleanError(.io, "cannot list directory", at: .file(path: directory, line: nil, column: nil))
        }
        var files: [String] = []
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(base + relative)
            }
        }
        return files.sorted()
    }

    /// Glob with `**` support: split at the first `**`, list the directories below the prefix,
    /// and match the rest in each.
    private static func glob(_ pattern: String) throws -> [String] {
        if let range = pattern.range(of: "**/") {
            let prefix = String(pattern[..<range.lowerBound])
            let rest = String(pattern[range.upperBound...])
            let roots = prefix.isEmpty ? ["."] : systemGlob(prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix)
            var results: Set<String> = []
            for root in roots {
                var directories = [root]
                if let enumerator = FileManager.default.enumerator(atPath: root) {
                    while let relative = enumerator.nextObject() as? String {
                        var isDirectory: ObjCBool = false
                        let full = root + "/" + relative
                        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), isDirectory.boolValue {
                            directories.append(full)
                        }
                    }
                }
                for directory in directories {
                    for match in try glob(directory + "/" + rest) { results.insert(match) }
                }
            }
            return results.sorted()
        }
        return systemGlob(pattern).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
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
