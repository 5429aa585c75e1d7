import Foundation
import GleanCore
import GleanHTML
import GleanInputs
import Logging

/// The `rss` source: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 feeds from files, URLs or an OPML list,
/// normalised to the feed-item contract, streamed item by item, incremental across runs.
///
/// Over HTTP: several feeds are fetched at once (`concurrency`), with conditional GET (the ETag
/// and Last-Modified of each URL are kept in the pipeline state, so an unchanged feed costs a 304),
/// retries with backoff, and limits (see ``HTTPFetcher``). A feed that fails is dead-lettered with
/// its URL and the reason, and the other feeds go on; the run then exits with code 3.
///
/// A fault that stops libxml2 part-way through a feed (an invalid byte, a mismatched tag, a limit
/// such as depth 256) keeps every item completed before it and dead-letters the rest of the feed:
/// one letter with `file:line:column`, the reason and the code (see ``XMLStreamReader``).
public struct RSSSource: Source {
    /// Options of the `rss` source.
    public struct Configuration: StageConfiguration {
        /// Where the feeds are and how they are read (the shared input options, HTTP included).
        public var inputs: InputOptions
        public var opml: String?
        public var timezone: String
        public var encoding: String?
        /// Item-level: emit only items not seen before (also skips inputs unchanged since).
        public var incremental: Bool {
            get { inputs.incremental }
            set { inputs.incremental = newValue }
        }
        public var remember: Int
        public var baseURL: String?
        public var feedRecords: Bool

        static let opml = OptionKey<String?>(
            "opml", "string", default: nil,
            doc: "OPML file listing feeds (`<outline xmlUrl=…>`), relative to the pipeline file; its URLs are read with `url`'s. At least one of path, url and opml is required.")
        static let timezone = OptionKey<String>(
            "timezone", "string", default: "UTC", doc: "Zone for dates written without one (`+08:00`, `Asia/Shanghai`, `UTC`).")
        static let encoding = OptionKey<String?>(
            "encoding", "string", default: nil, shown: "from the document",
            doc: "Force a character encoding (`GB18030`, `Big5`, `windows-1252`…) instead of the BOM or XML declaration.")
        static let incrementalKey = InputOptionKeys.incremental(
            default: true,
            doc: "Emit only items not seen in earlier runs, or seen with different content (then `changed: true`); ids and content hashes live in the pipeline state, with the ETag and Last-Modified of each URL (conditional GET) and the fingerprints of feed files, which are skipped while unchanged.")
        static let remember = OptionKey<Int>(
            "remember", "integer", default: 50_000, in: 1..., doc: "How many item ids the state keeps (oldest forgotten first).")
        static let feedRecords = OptionKey<Bool>(
            "feed_records", "boolean", default: false,
            doc: "Also emit one record per feed after its items: `kind: feed`, `format`, `feed_title`, `feed_link`, `feed_language`, `feed_updated`, `items` (not subject to `incremental`).")
        static let baseURL = OptionKey<String?>(
            "base_url", "string", default: nil,
            doc: "Base for relative links in feed files (`xml:base` in the feed still applies); without it relative links stay as written.")

        public static let options = [
            opml.spec, timezone.spec, encoding.spec, remember.spec, feedRecords.spec, baseURL.spec,
        ] + InputOptionKeys.specs(incremental: incrementalKey)

        /// Reads the feeds at `path` (a file, folder, glob, archive or `-`) and `urls`.
        public init(path: String? = nil, urls: [String] = []) {
            inputs = InputOptions()
            inputs.paths = path.map { [$0] } ?? []
            inputs.urls = urls
            inputs.incremental = Self.incrementalKey.defaultValue!
            opml = nil
            timezone = Self.timezone.defaultValue!
            encoding = nil
            remember = Self.remember.defaultValue!
            baseURL = nil
            feedRecords = Self.feedRecords.defaultValue!
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            inputs = try InputOptionKeys.read(o, incremental: Self.incrementalKey)
            opml = try o[Self.opml]
            timezone = try o[Self.timezone]
            encoding = try o[Self.encoding]
            remember = try o[Self.remember]
            baseURL = try o[Self.baseURL]
            feedRecords = try o[Self.feedRecords]
        }

        public func validate() throws {
            guard !inputs.paths.isEmpty || !inputs.urls.isEmpty || opml != nil else {
                throw ConfigurationError(option: nil, "give the feeds to read: 'path' (files), 'url' (one or a list) or 'opml'")
            }
            try InputOptionKeys.validate(inputs, extraSources: opml != nil)
            guard FeedDate.offset(forZone: timezone) != nil else {
                throw ConfigurationError(option: "timezone", "unknown time zone '\(timezone)'; write an offset like +08:00 or a name like Asia/Shanghai")
            }
        }
    }

    let configuration: Configuration
    let context: StageContext

    public init(configuration: Configuration, context: StageContext) {
        self.configuration = configuration
        self.context = context
    }

    public mutating func run(into output: SourceOutput) async throws {
        _ = LibXML2.initialized
        var reading = FeedReading(configuration: configuration, context: context, output: output)
        var options = configuration.inputs
        if let opml = configuration.opml {
            for url in try OPML.feedURLs(path: context.resolvePath(opml)) where !options.urls.contains(url) { options.urls.append(url) }
        }
        let inputs = InputReader(options: options, context: context)
        let configuration = configuration
        try await inputs.forEach(into: output) { input in
            do {
                let reader = try XMLStreamReader(
                    stream: input.stream, location: input.location, baseURL: input.url ?? configuration.baseURL,
                    encoding: configuration.encoding ?? input.charset)
                try await reading.read(reader, location: input.location)
                // Its items are sent before the feed counts as read.
                try await reading.batcher.flush()
            } catch where output.isStopRequested && (error is SourceStop || error is CancellationError) {
                // Stopped (a signal): deliver what was read and keep the state of what was sent.
                do { try await reading.batcher.flush() } catch is SourceStop {}
                if configuration.incremental { inputs.sourceState = reading.seenState }
                throw SourceStop()
            }
            if configuration.incremental { inputs.sourceState = reading.seenState }
            input.reportProgress()
        }
    }
}
