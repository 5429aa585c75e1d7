import Foundation
import GleanTesting

/// Runs the real `glean` binary, as users and cron do.
struct GleanProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary built beside the test bundle (or `$GLEAN_BINARY`).
    static let binary: String = {
        if let explicit = ProcessInfo.processInfo.environment["GLEAN_BINARY"] { return explicit }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("glean").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("glean").path,
            FileManager.default.currentDirectoryPath + "/.build/debug/glean",
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// The package root (Pipelines/, README.md).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    let stdinPipe = Pipe()

    init(_ arguments: [String], directory: String? = nil, environment: [String: String] = [:]) {
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "GLEAN_STATE_DIR")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = stdinPipe
    }

    func start() throws { try process.run() }

    /// Waits for exit and collects the output (reading concurrently so pipes never fill).
    func finish() async -> Result {
        async let out = readToEnd(stdoutPipe.fileHandleForReading)
        async let err = readToEnd(stderrPipe.fileHandleForReading)
        let (outData, errData) = await (out, err)
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs to completion with standard input closed (or fed `input`).
    static func run(_ arguments: [String], directory: String? = nil, input: String? = nil, environment: [String: String] = [:]) async throws -> Result {
        try await run(arguments, directory: directory, bytes: input.map { Data($0.utf8) }, environment: environment)
    }

    /// Runs to completion with standard input fed `bytes` (compressed data, an archive).
    static func run(_ arguments: [String], directory: String? = nil, bytes: Data?, environment: [String: String] = [:]) async throws -> Result {
        let glean = GleanProcess(arguments, directory: directory, environment: environment)
        try glean.start()
        if let bytes { glean.stdinPipe.fileHandleForWriting.write(bytes) }
        try glean.stdinPipe.fileHandleForWriting.close()
        return await glean.finish()
    }
}
