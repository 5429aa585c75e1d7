/// A text as scalars, with the word-level helpers the recognisers share.
package struct ScalarText {
    package let scalars: [Unicode.Scalar]
    package var count: Int { scalars.count }

    package init(_ text: String) { scalars = Array(text.unicodeScalars) }

    @inline(__always)
    package subscript(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < scalars.count ? scalars[i] : nil }

    /// The text of `range` (clamped).
    package func string(_ range: Range<Int>) -> String {
        let lower = max(0, range.lowerBound), upper = min(count, range.upperBound)
        guard lower < upper else { return "" }
        // Encoding to UTF-8 directly: appending to a UnicodeScalarView was a fifth of the run time.
        var bytes: [UInt8] = []
        bytes.reserveCapacity((upper - lower) * 3)
        for scalar in scalars[lower..<upper] {
            UTF8.encode(scalar) { bytes.append($0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first index at or after `i` that is not an inline space.
    package func skipSpaces(from i: Int, limit: Int = 3) -> Int {
        var j = i
        while j < count, j - i < limit, Characters.isInlineSpace(scalars[j]) { j += 1 }
        return j
    }

    /// The index just after the last non-space before `i` (going back over at most `limit` spaces).
    package func skipSpacesBackward(from i: Int, limit: Int = 3) -> Int {
        var j = i
        while j > 0, i - j < limit, Characters.isInlineSpace(scalars[j - 1]) { j -= 1 }
        return j
    }

    /// The end of the Latin letters starting at `i`.
    package func wordEnd(from i: Int) -> Int {
        var j = i
        while j < count, Characters.isLatinLetter(scalars[j]) { j += 1 }
        return j
    }

    /// The Latin word (letters, inner apostrophes) starting at `i`, lowercased, and its end.
    package func word(at i: Int) -> (word: String, end: Int)? {
        guard let c = self[i], Characters.isLatinLetter(c) else { return nil }
        var j = i
        while j < count, Characters.isLatinLetter(scalars[j]) {
            j += 1
            if j - i > 40 { return nil }
        }
        // UTF-8 into a stack buffer: words of up to 15 bytes become small strings, no allocation.
        let word = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * 41) { buffer -> String in
            var length = 0
            for k in i..<j {
                let c = scalars[k]
                UTF8.encode(Characters.isUpper(c) ? Unicode.Scalar(c.value + 32)! : c) { buffer[length] = $0; length += 1 }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<length]), as: UTF8.self)
        }
        return (word, j)
    }

    /// The ASCII word at `i`, lowercased and packed five bits per letter (up to twelve letters),
    /// for allocation-free lookups of known words; nil for longer or non-ASCII words.
    package func packedWord(at i: Int) -> (key: UInt64, end: Int)? {
        var key: UInt64 = 0
        var j = i
        while j < count {
            let v = scalars[j].value | 0x20
            guard v >= 0x61, v <= 0x7A, Characters.isLatinLetter(scalars[j]) else { break }
            guard j - i < 12 else { return nil }
            key = key << 5 | UInt64(v - 0x60)
            j += 1
        }
        if j < count, Characters.isLatinLetter(scalars[j]) { return nil }
        return j > i ? (key, j) : nil
    }

    /// `word` packed as ``packedWord(at:)`` packs it.
    package static func pack(_ word: String) -> UInt64 {
        word.unicodeScalars.reduce(0) { $0 << 5 | UInt64(($1.value | 0x20) - 0x60) }
    }

    /// The Latin word ending just before `i` (skipping spaces), lowercased, and its start.
    package func word(before i: Int) -> (word: String, start: Int)? {
        var end = skipSpacesBackward(from: i)
        if end > 0, scalars[end - 1] == "," || scalars[end - 1] == "." { end = skipSpacesBackward(from: end - 1) }
        var start = end
        while start > 0, Characters.isLatinLetter(scalars[start - 1]), end - start <= 40 { start -= 1 }
        guard start < end, let found = word(at: start) else { return nil }
        return (found.word, start)
    }

    /// Whether `literal` (lowercase ASCII or any scalars) starts at `i`, case-insensitively for ASCII.
    package func matches(_ literal: String, at i: Int) -> Bool {
        var j = i
        for expected in literal.unicodeScalars {
            guard let c = self[j] else { return false }
            let folded = Characters.isUpper(c) ? Unicode.Scalar(c.value + 32)! : c
            guard folded == expected else { return false }
            j += 1
        }
        return true
    }

    /// Whether `literal` starts at `i`, case and all.
    package func matchesExactly(_ literal: String, at i: Int) -> Bool {
        var j = i
        for expected in literal.unicodeScalars {
            guard let c = self[j], c == expected else { return false }
            j += 1
        }
        return true
    }

    /// Whether `pattern` starts at `i`, case and all.
    package func matchesExactly(_ pattern: [Unicode.Scalar], at i: Int) -> Bool {
        guard i >= 0, i + pattern.count <= count else { return false }
        for (k, expected) in pattern.enumerated() where scalars[i + k] != expected { return false }
        return true
    }

    /// Whether `pattern` starts at `i`, case-insensitively for ASCII letters (patterns are lowercase).
    @inline(__always)
    package func matches(_ pattern: [Unicode.Scalar], at i: Int) -> Bool {
        guard i >= 0, i + pattern.count <= count else { return false }
        for (k, expected) in pattern.enumerated() {
            let c = scalars[i + k]
            let folded = Characters.isUpper(c) ? Unicode.Scalar(c.value + 32)! : c
            if folded != expected { return false }
        }
        return true
    }

    /// Whether `literal` ends just before `i`.
    package func matches(_ literal: String, endingAt i: Int) -> Bool {
        let length = literal.unicodeScalars.count
        return i - length >= 0 && matches(literal, at: i - length)
    }

    /// Whether position `i` is at a word boundary on the right (not a Latin letter or digit).
    package func isWordEnd(_ i: Int) -> Bool {
        guard let c = self[i] else { return true }
        return !Characters.isLatinLetter(c) && !Characters.isDigit(c)
    }
}
