import Foundation

/// A deterministic share of a run's inputs: shard `index` of `count` (`glean run --shard 2/8`).
///
/// Each input belongs to exactly one shard, chosen by a stable hash of its location (path, URL or
/// `archive!/entry`), so the `count` runs together read every input exactly once, on any machine,
/// and adding an input never moves another one to a different shard. Indexes run from 0 to
/// `count - 1`, like Kubernetes' `JOB_COMPLETION_INDEX`.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// This shard, from 0.
    public let index: Int
    /// How many shards share the inputs.
    public let count: Int

    /// The whole input: one shard of one.
    public static let whole = Shard(uncheckedIndex: 0, count: 1)

    /// Shard `index` of `count`; throws unless `0 ≤ index < count` and `count ≤ 65536`.
    public init(index: Int, count: Int) throws {
        guard count >= 1, count <= 65_536, index >= 0, index < count else {
            throw GleanError(.invalidConfiguration, "shard \(index)/\(count) is not a shard: expected i/n with 0 ≤ i < n ≤ 65536 (i counts from 0)")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/n` (`0/4`).
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let count = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else {
            throw GleanError(.invalidConfiguration, "'\(text)' is not a shard: expected i/n, such as 0/4 (i counts from 0)")
        }
        try self.init(index: index, count: count)
    }

    /// Whether the input at `location` is this shard's.
    public func owns(_ location: String) -> Bool {
        count == 1 || Self.shard(of: location, count: count) == index
    }

    /// The shard of `location` among `count`: FNV-1a of its UTF-8, finished with splitmix64's
    /// mixer so that similar names spread evenly.
    public static func shard(of location: String, count: Int) -> Int {
        var hash = StableHash()
        hash.combine(bytes: location.utf8)
        var z = hash.value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(count))
    }

    public var description: String { "\(index)/\(count)" }
}
