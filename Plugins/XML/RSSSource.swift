import Foundation
import GleanCore
import Logging

/// The `rss` source: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 feeds from files, normalised to the
/// feed-item contract, streamed item by item, incremental across runs.
public struct RSSSource: Source {
    /// Options of the `rss` source.
    public struct Configuration: StageConfiguration {
        public var path: String
        public var timezone: String = "UTC"
        public var encoding: String?
        public var incremental = true
        public var remember = 50_000
        public var baseURL: String?
        public var feedRecords = false

        public static let options: [OptionSpec] = [
            .required("path", "string", "Feed file, directory of feeds (read recursively) or glob, relative to the pipeline file."),
            .optional("timezone", "string", default: "UTC", "Zone for dates written without one (`+08:00`, `Asia/Shanghai`, `UTC`)."),
            .optional("encoding", "string", default: "from the document", "Force a character encoding (`GB18030`, `Big5`, `windows-1252`…) instead of the BOM or XML declaration."),
            .optional("incremental", "boolean", default: "true", "Emit only items not seen in earlier runs, or seen with different content (then `changed: true`); ids and content hashes live in the pipeline state."),
            .optional("remember", "integer", default: "50000", "How many item ids the state keeps (oldest forgotten first)."),
            .optional("feed_records", "boolean", default: "false", "Also emit one record per feed after its items: `kind: feed`, `format`, `feed_title`, `feed_link`, `feed_language`, `feed_updated`, `items` (not subject to `incremental`)."),
            .optional("base_url", "string", default: "none", "Base for relative links in feed files (`xml:base` in the feed still applies); without it relative links stay as written."),
        ]

        enum CodingKeys: String, CodingKey {
            case path, timezone, encoding, incremental, remember
            case baseURL = "base_url"
            case feedRecords = "feed_records"
        }

        public init(path: String) { self.path = path }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            path = try c.decode(String.self, forKey: .path)
            timezone = try c.decodeIfPresent(String.self, forKey: .timezone) ?? "UTC"
            encoding = try c.decodeIfPresent(String.self, forKey: .encoding)
            incremental = try c.decodeIfPresent(Bool.self, forKey: .incremental) ?? true
            remember = try c.decodeIfPresent(Int.self, forKey: .remember) ?? 50_000
            baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL)
            feedRecords = try c.decodeIfPresent(Bool.self, forKey: .feedRecords) ?? false
        }

        public func validate() throws {
            guard FeedDate.offset(forZone: timezone) != nil else {
                throw ConfigurationError(option: "timezone", "unknown time zone '\(timezone)'; write an offset like +08:00 or a name like Asia/Shanghai")
            }
            guard remember >= 1 else { throw ConfigurationError(option: "remember", "must be at least 1") }
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
        let offset = FeedDate.offset(forZone: configuration.timezone) ?? 0
        var seen = SeenItems(state: configuration.incremental ? context.previousState : nil, capacity: configuration.remember)
        var batcher = output.batcher()
        let files = try InputFiles.expand(context.resolvePath(configuration.path))
        for (number, file) in files.enumerated() {
            let reader = try XMLStreamReader(path: file, baseURL: configuration.baseURL, encoding: configuration.encoding)
            var parser = FeedParser(reader: reader, defaultOffset: offset)
            var emitted = 0
            var failure: XMLStreamReader.ParseFailure?
            do {
                while let item = try parser.next() {
                    emitted += 1
                    var fields = item.fields
                    let id = fields["id"]?.stringValue ?? ""
                    if configuration.incremental {
                        var hash = StableHash()
                        for key in ["title", "link", "published", "updated", "summary", "content_html"] { hash.combine(fields[key] ?? .null) }
                        switch seen.check(id: id, hash: hash.hex) {
                        case .unchanged: continue
                        case .changed: fields["changed"] = true
                        case .new: fields["changed"] = false
                        }
                    }
                    let origin = RecordOrigin(stage: context.name, location: file, line: item.line, index: item.index)
                    try await batcher.append(Record(fields: fields, origin: origin, id: id))
                }
            } catch let error as XMLStreamReader.ParseFailure {
                failure = error
            }
            let problems = reader.problems
            if let failure, emitted == 0 {
                try await output.reject(DeadLetter(
                    origin: RecordOrigin(stage: context.name, location: file, line: failure.problem.line),
                    error: "\(file):\(failure.problem.line):\(failure.problem.column): not a readable feed: \(failure.problem.message)"))
            } else if let first = failure?.problem ?? problems.first {
                let recovered = failure == nil ? "recovered" : "stopped there; \(emitted) item(s) read before it"
                context.logger.warning("\(file):\(first.line):\(first.column): ill-formed feed (\(first.message)); \(recovered)\(problems.count > 1 ? ", \(problems.count) problems in all" : "")")
            } else if parser.feed.format.map({ !["rss", "feed", "RDF"].contains(where: $0.hasPrefix) && !$0.hasPrefix("atom") }) ?? true, emitted == 0 {
                try await output.reject(DeadLetter(
                    origin: RecordOrigin(stage: context.name, location: file, line: 1),
                    error: "\(file):1:1: not a feed: the root element is '\(parser.feed.format ?? "none")', expected rss, rdf:RDF or feed"))
            }
            if configuration.feedRecords, failure == nil || emitted > 0 {
                let feed = parser.feed
                let fields: Fields = [
                    "id": .string("feed:" + file), "kind": "feed", "format": feed.format.map(Value.string) ?? .null,
                    "feed_title": feed.title.map(Value.string) ?? .null, "feed_link": feed.link.map(Value.string) ?? .null,
                    "feed_language": feed.language.map(Value.string) ?? .null, "feed_updated": feed.updated.map(Value.timestamp) ?? .null,
                    "items": .int(Int64(emitted)),
                ]
                try await batcher.append(Record(fields: fields, origin: RecordOrigin(stage: context.name, location: file), id: "feed:" + file))
            }
            output.reportProgress(done: Int64(number + 1), total: Int64(files.count))
        }
        try await batcher.flush()
        if configuration.incremental { context.saveState(seen.state) }
    }
}
