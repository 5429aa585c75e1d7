import GleanCore

/// What an incremental source remembers about its inputs between runs: a fingerprint per input
/// read to its end (`size:seconds.nanoseconds` of the modification time for files, `size:mtime` for large archive entries, `hash:…` of the content for
/// URLs and small archive entries, `archive:size:mtime` for an archive read whole) and the HTTP
/// validators of each URL (ETag, Last-Modified) for conditional GET.
///
/// Kept in the source's pipeline state under `inputs` and `http` (the state of earlier versions,
/// `files`, is read too). Only inputs planned in this run are carried over, so the state does not
/// grow with files deleted long ago.
struct InputFingerprints {
    private(set) var previous: [String: String] = [:]
    private(set) var current: [String: String] = [:]
    private(set) var previousValidators: [String: (etag: String?, lastModified: String?)] = [:]
    private(set) var validators: [String: (etag: String?, lastModified: String?)] = [:]

    init(state: Fields?) {
        for key in ["files", "inputs"] {
            for (location, value) in state?[key]?.objectValue ?? Fields() {
                if case .string(let text) = value { previous[location] = text }
            }
        }
        for (url, value) in state?["http"]?.objectValue ?? Fields() {
            let fields = value.objectValue
            previousValidators[url] = (fields?["etag"]?.stringValue, fields?["last_modified"]?.stringValue)
        }
    }

    /// Whether `location` was read to its end with this fingerprint; if so it is kept for the next run.
    mutating func unchanged(_ location: String, _ fingerprint: String) -> Bool {
        guard previous[location] == fingerprint else { return false }
        current[location] = fingerprint
        return true
    }

    /// Records `location` as read to its end.
    mutating func record(_ location: String, _ fingerprint: String) { current[location] = fingerprint }

    /// Keeps every earlier fingerprint of the entries of `archive` (an archive skipped unchanged).
    mutating func carryEntries(of archive: String) {
        let prefix = archive + "!/"
        for (location, fingerprint) in previous where location.hasPrefix(prefix) { current[location] = fingerprint }
    }

    mutating func recordValidators(_ url: String, etag: String?, lastModified: String?) {
        validators[url] = (etag, lastModified)
    }

    /// Keeps the validators of a URL that answered 304 Not Modified.
    mutating func carryValidators(_ url: String) {
        if let old = previousValidators[url] { validators[url] = old }
    }

    /// The state entries: `inputs` and `http`.
    var state: Fields {
        // Built in one pass (`Fields` look-ups are linear; states hold up to millions of inputs).
        let inputs = Fields(unchecked: current.keys.sorted().map { Fields.Field(name: $0, value: .string(current[$0]!)) })
        let http = Fields(unchecked: validators.keys.sorted().map { url in
            let v = validators[url]!
            let fields: Fields = ["etag": v.etag.map(Value.string) ?? .null, "last_modified": v.lastModified.map(Value.string) ?? .null]
            return Fields.Field(name: url, value: .object(fields))
        })
        return ["inputs": .object(inputs), "http": .object(http)]
    }

    /// A content fingerprint.
    static func hash(_ bytes: [UInt8]) -> String {
        var hash = StableHash()
        hash.combine(bytes: bytes)
        hash.combine(bytes.count)
        return "hash:" + String(hash.value, radix: 16)
    }
}
