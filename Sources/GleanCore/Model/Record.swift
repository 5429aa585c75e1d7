/// One record flowing through a pipeline: ordered fields plus metadata that is not data.
///
/// The metadata (``origin`` and ``id``) survives every transform: it is what lets an error say
/// "articles.xml item 57" and what SQL sinks key idempotent upserts on.
public struct Record: Sendable, Hashable {
    /// The data.
    public var fields: Fields
    /// Where the record came from.
    public var origin: RecordOrigin
    /// The id given by the source, if any; otherwise ``id`` derives one from the origin when asked.
    private var explicitID: String?

    /// A stable identifier: the same input yields the same id on every run. Either the source's
    /// (a feed item's guid, `id_field`) or a hash of the origin, computed only when read.
    public var id: String {
        get { explicitID ?? origin.derivedID }
        set { explicitID = newValue }
    }

    /// A record with an explicit id.
    public init(fields: Fields, origin: RecordOrigin, id: String) {
        self.fields = fields
        self.origin = origin
        self.explicitID = id
    }

    /// A record whose id is derived from its origin (stage, location, line or item index).
    public init(fields: Fields, origin: RecordOrigin) {
        self.fields = fields
        self.origin = origin
        self.explicitID = nil
    }

    /// The value of a top-level field.
    public subscript(name: String) -> Value? {
        get { fields[name] }
        set { fields[name] = newValue }
    }
}

/// Where a record came from: the stage that produced it and the place in its input.
public struct RecordOrigin: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The name of the source stage in the pipeline file.
    public var stage: String
    /// The file path or URL read, or `-` for standard input; nil for generated records.
    public var location: String?
    /// The 1-based line the record starts on, for line-oriented inputs.
    public var line: Int?
    /// The 0-based index of the record within its location (item index in a feed, element in an array).
    public var index: Int?
    /// The byte offset of the record's first byte within its location.
    public var byteOffset: Int?

    public init(stage: String, location: String? = nil, line: Int? = nil, index: Int? = nil, byteOffset: Int? = nil) {
        self.stage = stage
        self.location = location
        self.line = line
        self.index = index
        self.byteOffset = byteOffset
    }

    enum CodingKeys: String, CodingKey {
        case stage, location, line, index
        case byteOffset = "byte_offset"
    }

    /// `articles.jsonl:57` or `feed.xml item 3` or `stage 'gen' record 12`.
    public var description: String {
        let place = location ?? "stage '\(stage)'"
        if let line { return "\(place):\(line)" }
        if let index { return "\(place) item \(index)" }
        return place
    }

    /// A stable id from the origin: a 64-bit FNV-1a hash of stage, location, line, index and offset, in hex.
    public var derivedID: String {
        var hash = StableHash()
        hash.combine(stage)
        hash.combine(location ?? "")
        hash.combine(line ?? -1)
        hash.combine(index ?? -1)
        hash.combine(byteOffset ?? -1)
        return hash.hex
    }
}
