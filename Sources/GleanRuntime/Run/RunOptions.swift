import GleanCore

/// How to run a pipeline: the `glean run` flags.
public struct RunOptions: Sendable {
    /// Run everything but publish nothing: sinks abort instead of committing, state is not saved.
    public var dryRun = false
    /// Stop each source after this many records.
    public var limit: Int?
    /// Where state, lock and (by default) dead letters live; nil means `.glean-state` beside the
    /// pipeline file (or `$GLEAN_STATE_DIR` when set, which the CLI passes here).
    public var stateDirectory: String?
    /// Overrides the pipeline's `settings.dead_letter`.
    public var deadLetterPath: String?
    /// Show a live progress line on standard error.
    public var showProgress = false
    /// The share of the inputs to read (`--shard i/n`). With more than one shard, state, lock and
    /// the default dead-letter file live in `shard-i-of-n/` under the pipeline's state directory,
    /// so the shards of one pipeline run side by side.
    public var shard: Shard = .whole

    public init() {}
}
