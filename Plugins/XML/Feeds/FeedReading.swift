import GleanCore
import Logging

/// The per-run state of reading feeds: seen items and the batcher (HTTP validators and input
/// fingerprints are the input layer's, see `InputReader`).
struct FeedReading {
    let configuration: RSSSource.Configuration
    let context: StageContext
    let output: SourceOutput
    let offset: Int
    var seen: SeenItems
    var batcher: RecordBatcher

    init(configuration: RSSSource.Configuration, context: StageContext, output: SourceOutput) {
        self.configuration = configuration
        self.context = context
        self.output = output
        offset = FeedDate.offset(forZone: configuration.timezone) ?? 0
        let previous = configuration.incremental ? context.previousState : nil
        seen = SeenItems(state: previous, capacity: configuration.remember)
        batcher = output.batcher()
    }

    /// Reads one feed document to its end, emitting its items.
    mutating func read(_ reader: XMLStreamReader, location: String) async throws {
        var parser = FeedParser(reader: reader, defaultOffset: offset)
        var emitted = 0
        var failure: XMLStreamReader.ParseFailure?
        // Parsing (libxml2, this task) and building items (HTML → text, dates: about half the
        // work) overlap: while one chunk of raw items is built on another task, the next chunk is
        // parsed. Order is kept; at most two chunks are in memory.
        let offset = offset
        var building: Task<[(fields: Fields, index: Int, line: Int)], Never>?
        var chunk: [FeedParser.ItemState] = []
        func startBuilding(_ items: [FeedParser.ItemState]) -> Task<[(fields: Fields, index: Int, line: Int)], Never> {
            Task { items.map { (FeedParser.build($0, defaultOffset: offset), $0.index, $0.line) } }
        }
        do {
            while let raw = try parser.nextRaw() {
                chunk.append(raw)
                guard chunk.count == 128 else { continue }
                let previous = building
                building = startBuilding(chunk)
                chunk.removeAll(keepingCapacity: true)
                if let previous { try await emit(await previous.value, location: location, emitted: &emitted) }
            }
        } catch let error as XMLStreamReader.ParseFailure {
            failure = error
        }
        if let previous = building { try await emit(await previous.value, location: location, emitted: &emitted) }
        if !chunk.isEmpty { try await emit(await startBuilding(chunk).value, location: location, emitted: &emitted) }
        try await finishDocument(reader: reader, parser: parser, failure: failure, emitted: emitted, location: location)
    }

    /// Sends built items, applying the incremental check.
    private mutating func emit(_ items: [(fields: Fields, index: Int, line: Int)], location: String, emitted: inout Int) async throws {
        for item in items {
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
    }

    /// Reports how the document ended (dead letter, warning) and emits the feed record.
    ///
    /// A fault that stopped the parser dead-letters the rest of the feed — one letter, with the
    /// fault's position and code — after the items completed before it were emitted.
    private mutating func finishDocument(reader: XMLStreamReader, parser: FeedParser, failure: XMLStreamReader.ParseFailure?, emitted: Int, location: String) async throws {
        let problems = reader.problems
        let format = parser.feed.format ?? "none"
        let isFeed = format.hasPrefix("rss") || format.hasPrefix("atom")
        if let failure {
            let fault = failure.problem
            let position = "\(location):\(fault.line):\(fault.column)"
            let error = emitted == 0
                ? "\(position): not a readable feed: \(fault.message)"
                : "\(position): \(fault.message); reading stopped there: the \(emitted) item(s) before it were read, the rest of the feed was not read"
            context.logger.warning("\(error)")
            try await output.reject(DeadLetter(origin: RecordOrigin(stage: context.name, location: location, line: fault.line, index: emitted), error: error, code: fault.code))
            if emitted == 0 { return }
        } else if !isFeed, emitted == 0 {
            try await output.reject(DeadLetter(
                origin: RecordOrigin(stage: context.name, location: location, line: 1),
                error: "\(location):1:1: not a feed: the root element is '\(format)', expected rss, rdf:RDF or feed", code: .malformedInput))
            return
        } else if let first = problems.first {
            context.logger.warning("\(location):\(first.line):\(first.column): ill-formed feed (\(first.message)); recovered\(problems.count > 1 ? ", \(problems.count) problems in all" : "")")
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

    /// The seen items, for the pipeline state (saved by the input layer beside its own entries).
    var seenState: Fields { seen.state.objectValue ?? Fields() }
}
