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
    /// The candidates that survive: no two overlap.
    static func resolve(_ candidates: [Candidate]) -> [Candidate] {
        guard candidates.count > 1 else { return candidates }
        let ordered = candidates.sorted {
            if $0.priority != $1.priority { return $0.priority > $1.priority }
            if $0.end - $0.start != $1.end - $1.start { return $0.end - $0.start > $1.end - $1.start }
            return $0.start < $1.start
        }
        var kept: [Candidate] = []
        var taken = IntervalSet()
        for candidate in ordered where !taken.overlaps(candidate.start..<candidate.end) {
            taken.insert(candidate.start..<candidate.end)
            kept.append(candidate)
        }
        return kept.sorted { $0.start < $1.start }
    }
}

/// Disjoint ranges kept sorted, for overlap checks in O(log n).
struct IntervalSet {
    private var ranges: [Range<Int>] = []

    func overlaps(_ range: Range<Int>) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound <= range.lowerBound { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].lowerBound < range.upperBound
    }

    mutating func insert(_ range: Range<Int>) {
        var low = 0, high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].lowerBound < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        ranges.insert(range, at: low)
    }
}
