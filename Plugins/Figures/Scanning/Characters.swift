/// Character classes the figure scanner needs, on Unicode scalars (offsets in figures are code
/// points, so the scanner works on an array of scalars).
enum Characters {
    /// The value of an ASCII or full-width digit.
    @inline(__always)
    static func digit(_ c: Unicode.Scalar) -> Int? {
        let v = c.value
        if v >= 0x30, v <= 0x39 { return Int(v - 0x30) }
        if v >= 0xFF10, v <= 0xFF19 { return Int(v - 0xFF10) }
        return nil
    }

    @inline(__always)
    static func isDigit(_ c: Unicode.Scalar) -> Bool { digit(c) != nil }

    /// ASCII letters and Latin letters with diacritics (not Han: those are words of their own).
    @inline(__always)
    static func isLatinLetter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || (v >= 0xC0 && v <= 0x24F && v != 0xD7 && v != 0xF7)
            || (v >= 0xFF21 && v <= 0xFF3A) || (v >= 0xFF41 && v <= 0xFF5A)
    }

    @inline(__always)
    static func isUpper(_ c: Unicode.Scalar) -> Bool { c.value >= 0x41 && c.value <= 0x5A }

    /// CJK ideographs (the unified blocks and compatibility ideographs).
    @inline(__always)
    static func isHan(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x20000 && v <= 0x2FA1F)
    }

    @inline(__always)
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v == 0x20 || (v >= 0x09 && v <= 0x0D) || v == 0xA0 || v == 0x3000 || (v >= 0x2000 && v <= 0x200B) || v == 0x202F || v == 0x205F
    }

    /// Spaces inside a line (not line breaks).
    @inline(__always)
    static func isInlineSpace(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v == 0x20 || v == 0x09 || v == 0xA0 || v == 0x3000 || (v >= 0x2000 && v <= 0x200B) || v == 0x202F || v == 0x205F
    }

    /// Minus signs: ASCII hyphen-minus, U+2212, full-width.
    @inline(__always)
    static func isMinus(_ c: Unicode.Scalar) -> Bool { c == "-" || c == "\u{2212}" || c == "\u{FF0D}" }

    /// Dashes that join a range ("5-20%", "2022–2024").
    @inline(__always)
    static func isRangeDash(_ c: Unicode.Scalar) -> Bool { c == "-" || c == "\u{2013}" || c == "\u{2014}" || c == "~" || c == "\u{FF5E}" || c == "\u{FF0D}" || c == "\u{301C}" }
}

/// A text as scalars, with the word-level helpers the recognisers share.
struct ScalarText {
    let scalars: [Unicode.Scalar]
    var count: Int { scalars.count }

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    @inline(__always)
    subscript(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < scalars.count ? scalars[i] : nil }

    /// The text of `range` (clamped).
    func string(_ range: Range<Int>) -> String {
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
    func skipSpaces(from i: Int, limit: Int = 3) -> Int {
        var j = i
        while j < count, j - i < limit, Characters.isInlineSpace(scalars[j]) { j += 1 }
        return j
    }

    /// The index just after the last non-space before `i` (going back over at most `limit` spaces).
    func skipSpacesBackward(from i: Int, limit: Int = 3) -> Int {
        var j = i
        while j > 0, i - j < limit, Characters.isInlineSpace(scalars[j - 1]) { j -= 1 }
        return j
    }

    /// The end of the Latin letters starting at `i`.
    func wordEnd(from i: Int) -> Int {
        var j = i
        while j < count, Characters.isLatinLetter(scalars[j]) { j += 1 }
        return j
    }

    /// The Latin word (letters, inner apostrophes) starting at `i`, lowercased, and its end.
    func word(at i: Int) -> (word: String, end: Int)? {
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
    func packedWord(at i: Int) -> (key: UInt64, end: Int)? {
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
    static func pack(_ word: String) -> UInt64 {
        word.unicodeScalars.reduce(0) { $0 << 5 | UInt64(($1.value | 0x20) - 0x60) }
    }

    /// The Latin word ending just before `i` (skipping spaces), lowercased, and its start.
    func word(before i: Int) -> (word: String, start: Int)? {
        var end = skipSpacesBackward(from: i)
        if end > 0, scalars[end - 1] == "," || scalars[end - 1] == "." { end = skipSpacesBackward(from: end - 1) }
        var start = end
        while start > 0, Characters.isLatinLetter(scalars[start - 1]), end - start <= 40 { start -= 1 }
        guard start < end, let found = word(at: start) else { return nil }
        return (found.word, start)
    }

    /// Whether `literal` (lowercase ASCII or any scalars) starts at `i`, case-insensitively for ASCII.
    func matches(_ literal: String, at i: Int) -> Bool {
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
    func matchesExactly(_ literal: String, at i: Int) -> Bool {
        var j = i
        for expected in literal.unicodeScalars {
            guard let c = self[j], c == expected else { return false }
            j += 1
        }
        return true
    }

    /// Whether `pattern` starts at `i`, case-insensitively for ASCII letters (patterns are lowercase).
    @inline(__always)
    func matches(_ pattern: [Unicode.Scalar], at i: Int) -> Bool {
        guard i >= 0, i + pattern.count <= count else { return false }
        for (k, expected) in pattern.enumerated() {
            let c = scalars[i + k]
            let folded = Characters.isUpper(c) ? Unicode.Scalar(c.value + 32)! : c
            if folded != expected { return false }
        }
        return true
    }

    /// Whether `literal` ends just before `i`.
    func matches(_ literal: String, endingAt i: Int) -> Bool {
        let length = literal.unicodeScalars.count
        return i - length >= 0 && matches(literal, at: i - length)
    }

    /// Whether position `i` is at a word boundary on the right (not a Latin letter or digit).
    func isWordEnd(_ i: Int) -> Bool {
        guard let c = self[i] else { return true }
        return !Characters.isLatinLetter(c) && !Characters.isDigit(c)
    }
}
