import Foundation
import Logging

/// What a stage knows about its place in the run, given to its factory.
public struct StageContext: Sendable {
    /// The stage's name in the pipeline file.
    public let name: String
    /// The directory of the pipeline file; relative paths in options resolve against it.
    public let baseDirectory: String
    /// A logger whose metadata names the stage.
    public let logger: Logger
    /// The state this stage saved at the end of the last successful run, if any.
    public let previousState: Value?
    /// The share of the inputs this run reads (`glean run --shard i/n`); `.whole` by default.
    /// Sources built on the input layer apply it; others read everything.
    public let shard: Shard
    private let stateSaver: @Sendable (Value) -> Void

    public init(
        name: String,
        baseDirectory: String,
        logger: Logger,
        previousState: Value? = nil,
        shard: Shard = .whole,
        saveState: @escaping @Sendable (Value) -> Void = { _ in }
    ) {
        self.shard = shard
        self.name = name
        self.baseDirectory = baseDirectory
        self.logger = logger
        self.previousState = previousState
        self.stateSaver = saveState
    }

    /// Proposes the state to remember for the next run (seen feed items, ETags, processed files).
    ///
    /// The runner commits it only after every sink has finished, so a crash means the next run
    /// redoes this run's work instead of skipping it. The last value saved wins.
    public func saveState(_ state: Value) { stateSaver(state) }

    /// `path` made absolute against ``baseDirectory``; `-` (standard input/output) and URLs are kept.
    public func resolvePath(_ path: String) -> String {
        if path == "-" || path.hasPrefix("/") || path.contains("://") { return path }
        if path.hasPrefix("~/"), let home = ProcessEnvironment.home { return home + path.dropFirst(1) }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }
}

enum ProcessEnvironment {
    static var home: String? {
        guard let value = getenv("HOME") else { return nil }
        return String(cString: value)
    }
}
