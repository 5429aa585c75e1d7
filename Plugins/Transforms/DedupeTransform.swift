import GleanCore

/// `dedupe`: passes the first record of each key and drops later ones.
///
/// Memory is bounded: it remembers the 64-bit hashes of the last `capacity` distinct keys
/// (about 32 bytes each, so 32 MB for the default million). A duplicate further back than that
/// passes again. Two different keys share a hash with negligible probability (about 3 in 10⁸
/// at a million keys). Within one run only; for duplicates across runs, key a SQL sink on the field.
public struct DedupeTransform: Transform {
    public struct Configuration: StageConfiguration {
        public var key: [FieldPath]
        public var capacity: Int

        static let key = OptionKey<[String]>(
            "key", "[string]", default: [], shown: "[] (the whole record)",
            doc: "Field paths that together identify a record; a missing field counts as null.")
        static let capacity = OptionKey<Int>(
            "capacity", "integer", default: 1_000_000, in: 1...1_000_000_000,
            doc: "How many recent distinct keys to remember (about 32 bytes each).")

        public static let options = [key.spec, capacity.spec]

        public init(from decoder: any Decoder) throws {
            let o = try OptionReader(decoder, Self.self)
            key = try FieldPath.decode(o[Self.key], option: "key")
            capacity = try o[Self.capacity]
        }
    }

    let configuration: Configuration
    private var seen: Set<UInt64> = []
    private var order: [UInt64] = []
    private var next = 0

    init(configuration: Configuration) { self.configuration = configuration }

    public mutating func process(_ batch: [Record], into output: inout TransformOutput) async throws {
        for record in batch {
            var hash = StableHash()
            if configuration.key.isEmpty {
                hash.combine(.object(record.fields))
            } else {
                for path in configuration.key { hash.combine(record.fields.value(at: path) ?? .null) }
            }
            guard seen.insert(hash.value).inserted else { continue }
            if order.count < configuration.capacity {
                order.append(hash.value)
            } else {
                seen.remove(order[next])
                order[next] = hash.value
                next = (next + 1) % configuration.capacity
            }
            output.emit(record)
        }
    }
}
