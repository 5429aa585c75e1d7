import GleanText
/// Digits and scale words in sections, each smaller than the one before: "7 thousand 2 hundred
/// and 15" (7,215), "5 million 300 thousand people" (5,300,000). The scan reads each section as
/// a number with its magnitude; the sections join into one figure, which takes the last one's
/// kind and unit.
enum ScaleSections {
    static func merge(_ candidates: inout [FigureCandidate], in text: ScalarText) {
        candidates.mergeAdjacent { first, second in
            guard first.kind == .number, !first.isChinese, !second.isChinese, first.factor >= 1000, second.factor > 1, second.factor < first.factor,
                  second.value > 0, second.value < first.factor, second.start > first.end, second.start - first.end <= 5,
                  ["", "and", ","].contains(text.string(first.end..<second.start).trimmingSpaces.lowercased()) else { return nil }
            var merged = second
            merged.start = first.start
            merged.qualifierStart = first.qualifierStart
            merged.qualifier = first.qualifier ?? second.qualifier
            merged.value = first.value + second.value
            merged.factor = first.factor
            return merged
        }
    }
}
