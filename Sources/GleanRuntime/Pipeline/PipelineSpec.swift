import GleanCore
import Yams

/// A pipeline file as written: named stages with their kinds, inputs and raw options, with the
/// position of everything so that later checks can point at it.
///
/// Not `Sendable`: it holds Yams nodes, whose tags resolve lazily. Validation turns it into a
/// ``Pipeline``, which is.
public struct PipelineSpec {
    /// The file it was read from, as given on the command line.
    public var file: String
    /// `name:` or the file's base name; keys the state directory and the lock.
    public var name: String
    /// `description:`, shown by `glean graph` and `glean validate`.
    public var description: String?
    /// Run settings (`settings:`).
    public var settings: PipelineSettings
    /// Stages in file order: sources, then transforms, then sinks.
    public var stages: [StageSpec]

    public func stage(named name: String) -> StageSpec? { stages.first { $0.name == name } }
}

/// The `settings:` block of a pipeline file.
public struct PipelineSettings: Sendable, Hashable {
    /// Records per batch sent between stages.
    public var batchSize = 512
    /// Records buffered at most in front of each transform or sink (back-pressure bound).
    public var bufferRecords = 8192
    /// Path of the dead-letter JSON Lines file; nil puts it in the state directory.
    public var deadLetterPath: String?

    /// The keys `settings:` accepts, with docs (shown by `glean stages --settings`).
    public static let options: [OptionSpec] = [
        .optional("batch_size", "integer", default: "512", "Records per batch sent between stages (1–65536)."),
        .optional("buffer", "integer", default: "8192", "Records buffered at most in front of each transform or sink; sources wait when it is full. At least batch_size."),
        .optional("dead_letter", "string", default: "<state-dir>/<name>/dead-letter.jsonl", "JSON Lines file that receives records that failed, appended to on every run."),
    ]

    public init() {}
}

/// One stage as declared in the pipeline file.
public struct StageSpec {
    public var name: String
    public var role: StageRole
    /// `type:`
    public var kind: String
    /// `inputs:` — names of upstream stages, with where each is written.
    public var inputs: [(name: String, mark: Mark?)]
    /// The stage's options: its mapping without `type`, `inputs` and `description`.
    public var options: Node
    /// Where the stage's name is written.
    public var mark: Mark?
    /// Where its `type:` value is written.
    public var kindMark: Mark?
    public var description: String?
}

