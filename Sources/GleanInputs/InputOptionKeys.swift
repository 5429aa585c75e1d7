import GleanCore
import GleanHTTP

/// The input options every byte-reading source shares, declared once (see `OptionKey`): where the
/// inputs are (`path`, `exclude`, `url`), how archives are read (`entries`, `archive_depth`, the
/// limits), incremental reading and HTTP fetching. A source lists ``specs(incremental:)`` in its
/// `options` and reads them with ``read(_:incremental:)``.
public enum InputOptionKeys {
    static let path = OptionKey<[String]>.oneOrMany(
        "path", "string | [string]", shown: "none",
        doc: "File, directory (read recursively, hidden entries skipped, sorted), glob (`*`, `?`, `[…]`, `**/`) or `-` for standard input, or a list of these; relative to the pipeline file. Compressed files (gzip, bzip2, xz, zstd, lz4) and archives (zip, tar, tar.gz, tar.zst, 7z, cpio, ISO) are detected by content and read entry by entry, located `archive.zip!/dir/file`. At least one of `path` and `url` is required.")
    static let exclude = OptionKey<[String]>.oneOrMany(
        "exclude", "string | [string]", shown: "[]",
        doc: "Globs of files to leave out, matched against the path relative to the pipeline file, the whole path and the file name (`*` also matches `/`): `*.tmp`, `archive/old/*`.")
    static let url = OptionKey<[String]>.oneOrMany(
        "url", "string | [string]", shown: "none",
        doc: "URL, or a list of them (http or https), fetched with conditional GET (when incremental), retries and limits; a body that is compressed or an archive is read like a file.")
    static let entries = OptionKey<[String]>.oneOrMany(
        "entries", "string | [string]", shown: "all",
        doc: "Globs on entry paths inside archives (`*` also matches `/`: `*.json` selects JSON entries at any depth); entries that match none are skipped silently.")
    static let archiveDepth = OptionKey<Int>(
        "archive_depth", "integer", default: 2, in: 1...8,
        doc: "How many archives deep to read: 1 reads the entries of an archive as they are; 2 also opens an archive or compressed file found inside one (`outer.zip!/inner.tar.gz!/file`), and so on.")
    static let maxEntryBytes = OptionKey<Int>(
        "max_entry_bytes", "integer", default: 1 << 30, in: 1...(1 << 50),
        doc: "Largest uncompressed archive entry or compressed file; a larger one is dead-lettered and the next entry is read.")
    static let maxTotalBytes = OptionKey<Int>(
        "max_total_bytes", "integer", default: 16 << 30, in: 1...(1 << 50),
        doc: "Most uncompressed bytes read from one archive or compressed file; past it the entry is dead-lettered and the rest of the archive is not read.")
    static let maxCompressionRatio = OptionKey<Double>(
        "max_compression_ratio", "number", default: 200, in: 1...1e9,
        doc: "Highest ratio of uncompressed to compressed bytes in an archive (checked after its first MiB); past it the archive is taken for a zip bomb, the entry dead-lettered and the rest not read.")
    static let maxEntries = OptionKey<Int>(
        "max_entries", "integer", default: 1_000_000, in: 1...(1 << 40),
        doc: "Most entries (directories included) read from one archive; the rest is dead-lettered in one letter and not read.")
    static let concurrency = OptionKey<Int>(
        "concurrency", "integer", default: 4, in: 1...64, doc: "URLs fetched at the same time.")
    static let timeout = OptionKey<Double>(
        "timeout", "number", default: 30, in: 0.001...86_400,
        doc: "Seconds one HTTP attempt may take, body included.")
    static let retries = OptionKey<Int>(
        "retries", "integer", default: 3, in: 0...20,
        doc: "HTTP retries after the first attempt, on connection errors, timeouts, 5xx and 429 (with exponential backoff and jitter, honouring Retry-After).")
    static let maxBytes = OptionKey<Int>(
        "max_bytes", "integer", default: 50 << 20, in: 1...(1 << 40),
        doc: "Largest body accepted over HTTP (after decompression).")

    /// `incremental`, whose default and wording each source chooses.
    public static func incremental(default value: Bool, doc: String? = nil) -> OptionKey<Bool> {
        OptionKey<Bool>(
            "incremental", "boolean", default: value,
            doc: doc ?? "Remember every input read to its end (files by size and modification time; URLs and archive entries up to 4 MiB by a hash of their content) in the pipeline state and skip it unchanged on later runs; a changed input is read again. Standard input is always read.")
    }

    /// The keys, without `incremental`.
    static let locationKeys: [OptionSpec] = [path.spec, exclude.spec, url.spec, entries.spec, archiveDepth.spec]
    static let limitKeys: [OptionSpec] = [maxEntryBytes.spec, maxTotalBytes.spec, maxCompressionRatio.spec, maxEntries.spec]
    static let httpKeys: [OptionSpec] = [concurrency.spec, timeout.spec, retries.spec, maxBytes.spec]

    /// Every shared option's documentation, in the order `glean stages` shows them.
    public static func specs(incremental: OptionKey<Bool>) -> [OptionSpec] {
        locationKeys + [incremental.spec] + limitKeys + httpKeys
    }

    /// Reads the shared options; checks that `path` or `url` is given and that URLs are http(s).
    public static func read(_ o: OptionReader, incremental: OptionKey<Bool>) throws -> InputOptions {
        var options = InputOptions()
        options.paths = try o[path]
        options.exclude = try o[exclude]
        options.urls = try o[url]
        options.entries = try o[entries]
        options.archiveDepth = try o[archiveDepth]
        options.incremental = try o[incremental]
        options.limits = ArchiveLimits(
            maximumEntryBytes: Int64(try o[maxEntryBytes]), maximumTotalBytes: Int64(try o[maxTotalBytes]),
            maximumCompressionRatio: try o[maxCompressionRatio], maximumEntries: try o[maxEntries]
        )
        options.concurrency = try o[concurrency]
        options.http.timeout = .milliseconds(Int64(try o[timeout] * 1000))
        options.http.retries = try o[retries]
        options.http.maximumBodyBytes = try o[maxBytes]
        return options
    }

    /// The checks that span options: something to read, and only http(s) URLs.
    public static func validate(_ options: InputOptions, extraSources: Bool = false) throws {
        if options.paths.isEmpty, options.urls.isEmpty, !extraSources {
            throw ConfigurationError(option: nil, "give the inputs to read: 'path' (files, folders, globs, archives or '-') or 'url' (one or a list)")
        }
        if options.paths.contains(where: \.isEmpty) { throw ConfigurationError(option: "path", "must not be empty") }
        try validateHTTPURLs(options.urls, option: "url")
    }
}
