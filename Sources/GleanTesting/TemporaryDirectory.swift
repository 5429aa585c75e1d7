import Foundation

/// A fresh directory under the system temporary directory, removed when the value is released.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "glean-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `contents` to `name` (creating parent directories) and returns the full path.
    @discardableResult
    public func write(_ name: String, _ contents: String) -> String {
        let full = path + "/" + name
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! contents.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    /// The contents of `name`, or nil when it does not exist.
    public func read(_ name: String) -> String? {
        (try? String(contentsOfFile: path + "/" + name, encoding: .utf8))
    }

    /// Names of the files directly in `name` (default: the directory itself), sorted, hidden ones included.
    public func list(_ name: String = "") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: name.isEmpty ? path : path + "/" + name)) ?? []).sorted()
    }
}
