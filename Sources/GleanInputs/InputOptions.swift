import GleanCore
import GleanHTTP

/// Where a byte-reading source gets its inputs, and the limits it reads them under: the values of
/// the input options every such source shares (see `InputOptionKeys` for their names, defaults and
/// documentation).
public struct InputOptions: Sendable {
    /// Files, directories (read recursively, hidden entries skipped, sorted), globs (`**` matches
    /// any number of directories) and `-` (standard input), relative to the pipeline file.
    public var paths: [String] = []
    /// Globs of paths to leave out, matched against the path relative to the pipeline file and
    /// against the absolute path (`*` also matches `/`).
    public var exclude: [String] = []
    /// http and https URLs.
    public var urls: [String] = []
    /// Globs on entry paths inside archives; an entry is read when it matches one (none: all).
    public var entries: [String] = []
    /// How many archives deep to read: 1 reads the entries of an archive; an archive (or a
    /// compressed file) found inside is read as one when `archiveDepth` is 2 or more, and
    /// otherwise handed over as its bytes.
    public var archiveDepth = 2
    /// The limits against hostile archives.
    public var limits = ArchiveLimits()
    /// Extensions (lowercase, no dot) of inputs handed over whole even when their content is an
    /// archive: a source of documents sets `docx`, `odt`, `epub`… (zips it reads itself).
    public var wholeExtensions: Set<String> = []
    /// Skip inputs read completely by an earlier run and unchanged since.
    public var incremental = false
    /// How URLs are fetched (timeouts, retries, body size limit).
    public var http = HTTPFetcher.Options()
    /// URLs fetched at the same time.
    public var concurrency = 4

    /// Options that read nothing yet.
    public init() {}
}
