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

    public init() {}
}
