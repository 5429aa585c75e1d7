import Foundation
import GleanCore

/// A test server run as a child process: a script that binds 127.0.0.1 on a free port, prints the
/// port on its first line, takes a stats-file path as its argument and serves until its standard
/// input closes (see `Tests/GleanXMLTests/Support/feed_server.py`). One per test, so tests stay parallel.
public final class ScriptServer: @unchecked Sendable {
    // Safe: every stored property is set once in init; the process is only terminated in deinit.
    private let process = Process()
    private let input = Pipe()
    private let stats = TemporaryDirectory()
    /// The port it listens on.
    public let port: Int

    /// Starts `python3 script STATS_FILE ARGUMENTS…` and waits for the port.
    public init(script: String, arguments: [String] = []) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, stats.path + "/counts.json"] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw GleanError(.io, "the test server did not start") }
        self.port = port
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Requests per path so far, as the server last wrote them.
    public func counts() throws -> [String: Int] {
        let counts = try JSONReader.parse(stats.read("counts.json") ?? "{}")
        var result: [String: Int] = [:]
        for (path, count) in counts.objectValue ?? Fields() { if case .int(let n) = count { result[path] = Int(n) } }
        return result
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.terminate()
    }
}
