import GleanText

/// A possible entity before overlaps are resolved: the higher `priority` wins an overlap, then
/// the longer span, then the earlier one.
struct Candidate {
    var start: Int
    var end: Int
    var type: EntityType
    var priority: Int
    var normalized: String?

    /// Priorities, strongest first.
    static let rule = 100, dictionary = 90, title = 80, pattern = 60, gazetteer = 50, guess = 20
}

enum Overlaps {
    /// The candidates that survive: no two overlap. Linear in the candidates' total length: each
    /// accepted span marks its code points in a bit set (a sorted array of ranges cost O(n²) on a
    /// text with a million names).
    static func resolve(_ candidates: [Candidate]) -> [Candidate] {
        guard candidates.count > 1 else { return candidates }
        let ordered = candidates.sorted {
            if $0.priority != $1.priority { return $0.priority > $1.priority }
            if $0.end - $0.start != $1.end - $1.start { return $0.end - $0.start > $1.end - $1.start }
            return $0.start < $1.start
        }
        let length = candidates.reduce(0) { max($0, $1.end) }
        var taken = [UInt64](repeating: 0, count: length / 64 + 1)
        var kept: [Candidate] = []
        for candidate in ordered {
            var free = true
            for k in candidate.start..<candidate.end where taken[k >> 6] & (1 << UInt64(k & 63)) != 0 {
                free = false
                break
            }
            guard free else { continue }
            for k in candidate.start..<candidate.end { taken[k >> 6] |= 1 << UInt64(k & 63) }
            kept.append(candidate)
        }
        return kept.sorted { $0.start < $1.start }
    }
}
