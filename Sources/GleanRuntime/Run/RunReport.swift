import GleanCore

/// What a run did, and the exit code it deserves.
public struct RunReport: Sendable {
    public var pipeline: String
    /// Counts per stage, in pipeline order.
    public var stages: [StageCounts]
    /// Records sent to the dead-letter file in this run.
    public var deadLettered: Int
    public var deadLetterPath: String
    /// The error that stopped the run, if any.
    public var failure: GleanError?
    /// What aborted sinks had already written in place and could not take back
    /// (``Sink/committedBeforeAbort``), one entry per sink, in pipeline order: a failed run
    /// with entries here did publish something.
    public var committedBeforeAbort: [String] = []
    /// Set when a signal asked the run to stop ("SIGTERM"); the run still drained and committed.
    public var interruptedBy: String?
    /// The most records that waited in front of each transform and sink (never above `buffer`).
    public var peakBufferedRecords: [String: Int]
    public var seconds: Double
    public var dryRun: Bool

    /// 0 success; 1 the run failed; 3 finished but records were dead-lettered;
    /// 130 / 143 stopped by SIGINT / SIGTERM after a clean drain. (2, invalid pipeline or
    /// arguments, is decided before a run starts.)
    public var exitCode: Int32 {
        if failure != nil { return GleanExitCode.failed }
        if let interruptedBy { return interruptedBy == "SIGINT" ? GleanExitCode.interrupted : GleanExitCode.terminated }
        if deadLettered > 0 { return GleanExitCode.deadLettered }
        return GleanExitCode.success
    }
}

/// Glean's exit codes.
public enum GleanExitCode {
    public static let success: Int32 = 0
    public static let failed: Int32 = 1
    public static let invalid: Int32 = 2
    public static let deadLettered: Int32 = 3
    public static let interrupted: Int32 = 130
    public static let terminated: Int32 = 143
}
