import GleanCore
import GleanHTTP
import Logging

/// The per-run state of reading feeds: seen items, HTTP validators, the batcher.
struct FeedReading {
    let configuration: RSSSource.Configuration
    let context: StageContext
    let output: SourceOutput
    let offset: Int
    var seen: SeenItems
    var validators: [String: HTTPFetcher.Validators] = [:]
    var batcher: RecordBatcher

    init(configuration: RSSSource.Configuration, context: StageContext, output: SourceOutput) {
        self.configuration = configuration
        self.context = context
        self.output = output
        offset = FeedDate.offset(forZone: configuration.timezone) ?? 0
        let previous = configuration.incremental ? context.previousState : nil
        seen = SeenItems(state: previous, capacity: configuration.remember)
        if case .object(let http)? = previous?.objectValue?["http"] {
            for (url, value) in http {
                let fields = value.objectValue
                validators[url] = HTTPFetcher.Validators(etag: fields?["etag"]?.stringValue, lastModified: fields?["last_modified"]?.stringValue)
            }
        }
        batcher = output.batcher()
    }

    /// Reads one feed document to its end, emitting its items.
    mutating func read(_ reader: XMLStreamReader, location: String) async throws {
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
                let origin = RecordOrigin(stage: context.name, location: location, line: item.line, index: item.index)
                try await batcher.append(Record(fields: fields, origin: origin, id: id))
            }
        } catch let error as XMLStreamReader.ParseFailure {
            failure = error
        }
        let problems = reader.problems
        let format = parser.feed.format ?? "none"
        let isFeed = format.hasPrefix("rss") || format.hasPrefix("atom")
        if let failure, emitted == 0 {
            try await output.reject(DeadLetter(
                origin: RecordOrigin(stage: context.name, location: location, line: failure.problem.line),
                error: "\(location):\(failure.problem.line):\(failure.problem.column): not a readable feed: \(failure.problem.message)"))
            return
        }
        if !isFeed, emitted == 0 {
            try await output.reject(DeadLetter(
                origin: RecordOrigin(stage: context.name, location: location, line: 1),
                error: "\(location):1:1: not a feed: the root element is '\(format)', expected rss, rdf:RDF or feed"))
            return
        }
        if let first = failure?.problem ?? problems.first {
            let recovered = failure == nil ? "recovered" : "stopped there; \(emitted) item(s) read before it"
            context.logger.warning("\(location):\(first.line):\(first.column): ill-formed feed (\(first.message)); \(recovered)\(problems.count > 1 ? ", \(problems.count) problems in all" : "")")
        }
        if configuration.feedRecords {
            let feed = parser.feed
            let fields: Fields = [
                "id": .string("feed:" + location), "kind": "feed", "format": feed.format.map(Value.string) ?? .null,
                "feed_title": feed.title.map(Value.string) ?? .null, "feed_link": feed.link.map(Value.string) ?? .null,
                "feed_language": feed.language.map(Value.string) ?? .null, "feed_updated": feed.updated.map(Value.timestamp) ?? .null,
                "items": .int(Int64(emitted)),
            ]
            try await batcher.append(Record(fields: fields, origin: RecordOrigin(stage: context.name, location: location), id: "feed:" + location))
        }
    }

    /// Sends what is left and proposes the state for the next run.
    mutating func finish() async throws {
        try await batcher.flush()
        guard configuration.incremental else { return }
        var state = seen.state.objectValue ?? Fields()
        var http = Fields()
        for url in validators.keys.sorted() {
            let v = validators[url]!
            http[url] = .object(["etag": v.etag.map(Value.string) ?? .null, "last_modified": v.lastModified.map(Value.string) ?? .null])
        }
        state["http"] = .object(http)
        context.saveState(.object(state))
    }
}
