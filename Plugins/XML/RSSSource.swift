import Foundation
import GleanCore
import GleanHTTP
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
        public var path: String?
        public var urls: [String]
        public var opml: String?
        public var concurrency: Int
        public var timeout: Double
        public var retries: Int
        public var maxBytes: Int
        public var timezone: String
        public var encoding: String?
        public var incremental: Bool
        public var remember: Int
        public var baseURL: String?
        public var feedRecords: Bool

        static let path = OptionKey<String?>(
            "path", "string", default: nil,
            doc: "Feed file, directory of feeds (read recursively) or glob, relative to the pipeline file.")
        static let url = OptionKey<[String]>.oneOrMany(
            "url", "string | [string]", shown: "none", doc: "Feed URL, or a list of them (http or https).")
        static let opml = OptionKey<String?>(
            "opml", "string", default: nil,
            doc: "OPML file listing feeds (`<outline xmlUrl=…>`), relative to the pipeline file. At least one of path, url and opml is required.")
        static let concurrency = OptionKey<Int>(
            "concurrency", "integer", default: 4, in: 1...64, doc: "Feeds fetched at the same time (1–64).")
        static let timeout = OptionKey<Double>(
            "timeout", "number", default: 30, doc: "Seconds one HTTP attempt may take, body included.")
        static let retries = OptionKey<Int>(
            "retries", "integer", default: 3, in: 0...10,
            doc: "HTTP retries after the first attempt, on connection errors, timeouts, 5xx and 429 (with exponential backoff and jitter, honouring Retry-After).")
        static let maxBytes = OptionKey<Int>(
            "max_bytes", "integer", default: 50 << 20, in: 1024...,
            doc: "Largest feed body accepted over HTTP (after decompression).")
        static let timezone = OptionKey<String>(
            "timezone", "string", default: "UTC", doc: "Zone for dates written without one (`+08:00`, `Asia/Shanghai`, `UTC`).")
        static let encoding = OptionKey<String?>(
            "encoding", "string", default: nil, shown: "from the document",
            doc: "Force a character encoding (`GB18030`, `Big5`, `windows-1252`…) instead of the BOM or XML declaration.")
        static let incremental = OptionKey<Bool>(
            "incremental", "boolean", default: true,
            doc: "Emit only items not seen in earlier runs, or seen with different content (then `changed: true`); ids and content hashes live in the pipeline state.")
        static let remember = OptionKey<Int>(
            "remember", "integer", default: 50_000, in: 1..., doc: "How many item ids the state keeps (oldest forgotten first).")
        static let feedRecords = OptionKey<Bool>(
            "feed_records", "boolean", default: false,
            doc: "Also emit one record per feed after its items: `kind: feed`, `format`, `feed_title`, `feed_link`, `feed_language`, `feed_updated`, `items` (not subject to `incremental`).")
        static let baseURL = OptionKey<String?>(
            "base_url", "string", default: nil,
            doc: "Base for relative links in feed files (`xml:base` in the feed still applies); without it relative links stay as written.")

        public static let options = [
            path.spec, url.spec, opml.spec, concurrency.spec, timeout.spec, retries.spec, maxBytes.spec, timezone.spec,
            encoding.spec, incremental.spec, remember.spec, feedRecords.spec, baseURL.spec,
        ]

        public init(path: String? = nil, urls: [String] = []) {
            self.path = path
            self.urls = urls
            opml = nil
            concurrency = Self.concurrency.defaultValue!
            timeout = Self.timeout.defaultValue!
            retries = Self.retries.defaultValue!
            maxBytes = Self.maxBytes.defaultValue!
            timezone = Self.timezone.defaultValue!
            encoding = nil
            incremental = Self.incremental.defaultValue!
            remember = Self.remember.defaultValue!
            baseURL = nil
            feedRecords = Self.feedRecords.defaultValue!
        }

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            path = try o[Self.path]
            urls = try o[Self.url]
            opml = try o[Self.opml]
            concurrency = try o[Self.concurrency]
            timeout = try o[Self.timeout]
            retries = try o[Self.retries]
            maxBytes = try o[Self.maxBytes]
            timezone = try o[Self.timezone]
            encoding = try o[Self.encoding]
            incremental = try o[Self.incremental]
            remember = try o[Self.remember]
            baseURL = try o[Self.baseURL]
            feedRecords = try o[Self.feedRecords]
        }

        public func validate() throws {
            guard path != nil || !urls.isEmpty || opml != nil else {
                throw ConfigurationError(option: nil, "give the feeds to read: 'path' (files), 'url' (one or a list) or 'opml'")
            }
            try validateHTTPURLs(urls, option: "url")
            // Not a closed range: zero is excluded.
            guard timeout > 0, timeout <= 3600 else { throw ConfigurationError(option: "timeout", "must be between 0 and 3600 seconds") }
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
        do {
            if let path = configuration.path {
                let files = try InputFiles.expand(context.resolvePath(path))
                for (number, file) in files.enumerated() {
                    let reader = try XMLStreamReader(path: file, baseURL: configuration.baseURL, encoding: configuration.encoding)
                    try await reading.read(reader, location: file)
                    output.reportProgress(done: Int64(number + 1), total: Int64(files.count))
                }
            }
            var urls = configuration.urls
            if let opml = configuration.opml {
                for url in try OPML.feedURLs(path: context.resolvePath(opml)) where !urls.contains(url) { urls.append(url) }
            }
            if !urls.isEmpty { try await fetch(urls, reading: &reading) }
        } catch where output.isStopRequested && (error is SourceStop || error is CancellationError) {
            // Stopped (a signal): deliver what was read and keep the state of what was sent.
            try await reading.finish()
            throw SourceStop()
        }
        try await reading.finish()
    }

    /// Fetches feeds concurrently (at most `concurrency` at once) and reads each as it arrives.
    private func fetch(_ urls: [String], reading: inout FeedReading) async throws {
        var options = HTTPFetcher.Options()
        options.timeout = .milliseconds(Int64(configuration.timeout * 1000))
        options.retries = configuration.retries
        options.maximumBodyBytes = configuration.maxBytes
        let fetcher = HTTPFetcher(options: options)
        let logger = context.logger
        let previous = reading.validators
        typealias Result = (url: String, outcome: Swift.Result<HTTPFetcher.FetchOutcome, HTTPFetcher.Failure>)
        do {
            try await withThrowingTaskGroup(of: Result.self) { group in
                var pending = urls[...]
                func startNext() {
                    guard let url = pending.popFirst() else { return }
                    group.addTask {
                        do {
                            return (url, .success(try await fetcher.fetch(url, validators: previous[url], logger: logger)))
                        } catch let failure as HTTPFetcher.Failure {
                            return (url, .failure(failure))
                        } catch let cancelled as CancellationError {
                            throw cancelled
                        } catch {
                            return (url, .failure(HTTPFetcher.Failure(url: url, message: "\(error)", attempts: 1)))
                        }
                    }
                }
                for _ in 0..<configuration.concurrency { startNext() }
                var done = 0
                while let result = try await group.next() {
                    done += 1
                    startNext()
                    reading.output.reportProgress(done: Int64(done), total: Int64(urls.count))
                    switch result.outcome {
                    case .success(.notModified):
                        logger.debug("\(result.url): not modified")
                    case .success(.document(let document)):
                        let reader = try XMLStreamReader(bytes: document.bytes, url: document.url, encoding: configuration.encoding ?? document.charset)
                        try await reading.read(reader, location: result.url)
                        // Only once read to its end: a feed cut short by a stop is fetched whole next time.
                        reading.validators[result.url] = document.validators
                    case .failure(let failure):
                        logger.error("\(failure)")
                        try await reading.output.reject(DeadLetter(origin: RecordOrigin(stage: context.name, location: result.url), error: "feed not fetched: \(failure)"))
                    }
                }
            }
        } catch {
            await fetcher.shutdown()
            throw error
        }
        await fetcher.shutdown()
    }
}
