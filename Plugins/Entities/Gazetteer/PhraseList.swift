import GleanText

/// A fixed list of short phrases (role words, head words, boundary words) matched at or ending
/// at a position without building strings: a trie of the phrases and one of them reversed.
/// (Matching each phrase as a `String` was a fifth of the extractor's time.)
struct PhraseList: Sendable {
    private let forward: Trie
    private let backward: Trie

    init(_ phrases: [String]) {
        var forwardEntries: [String: UInt32] = [:], backwardEntries: [String: UInt32] = [:]
        for phrase in phrases where !phrase.isEmpty {
            let length = UInt32(phrase.unicodeScalars.count)
            forwardEntries[phrase] = length
            backwardEntries[String(String.UnicodeScalarView(phrase.unicodeScalars.reversed()))] = length
        }
        forward = Trie(forwardEntries)
        backward = Trie(backwardEntries)
    }

    /// The end of the longest phrase that starts at `i`.
    func longest(in text: ScalarText, at i: Int) -> Int? {
        guard i >= 0, i < text.count else { return nil }
        return forward.longest(in: text, from: i, limit: text.count)?.end
    }

    /// Whether a phrase starts at `i`.
    func matches(in text: ScalarText, at i: Int) -> Bool { longest(in: text, at: i) != nil }

    /// The length of the longest phrase that ends just before `i`.
    func longest(in text: ScalarText, endingAt i: Int) -> Int? {
        guard i > 0, i <= text.count else { return nil }
        return backward.longestBackward(in: text, from: i)
    }

    /// Whether a phrase ends just before `i`.
    func matches(in text: ScalarText, endingAt i: Int) -> Bool { longest(in: text, endingAt: i) != nil }
}

extension Trie {
    /// The longest name read backwards from scalar `i - 1` (the trie holds reversed names): its length.
    func longestBackward(in text: ScalarText, from i: Int) -> Int? {
        var node = 0, j = i, best: Int?
        while j > 0 {
            let v = text.scalars[j - 1].value
            guard v <= 0xFFFF, let next = child(of: node, UInt16(v)) else { break }
            node = next
            j -= 1
            if values[node] != 0 { best = i - j }
        }
        return best
    }
}
