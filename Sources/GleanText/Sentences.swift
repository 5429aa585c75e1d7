/// Sentence boundaries: 。！？!? always; '.' before a space and a capital, a CJK character or the
/// end (not inside "37.39", "U.S." or "Mr. Li"); line breaks; " - " bullets and citation markers
/// followed by a capital ("… [2] - The National …").
package enum Sentences {
    package static let abbreviations: WordSet = ["mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp", "no", "vs", "st", "jr", "sr", "etc", "e.g", "i.e", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]

    /// The sentence ranges of a text, covering it (leading and trailing spaces trimmed from each).
    package static func ranges(in text: ScalarText) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        var i = 0
        let n = text.count
        while i < n {
            let c = text.scalars[i]
            switch c {
            case "。", "！", "？", "!", "?", "；", ";", "\n", "\r":
                // Keep closing quotes and brackets with the sentence.
                var end = i + 1
                while end < n, "”’\"'）)」』".unicodeScalars.contains(text.scalars[end]) { end += 1 }
                close(text, end, start: &start, into: &result)
                i = end
                continue
            case ".":
                if isSentenceEnd(text, at: i) {
                    var end = i + 1
                    while end < n, "”’\"')".unicodeScalars.contains(text.scalars[end]) { end += 1 }
                    close(text, end, start: &start, into: &result)
                    i = end
                    continue
                }
            case "-":
                // " - " followed by a capital: a bullet.
                if i > 0, text.scalars[i - 1] == " ", let next = text[i + 1], next == " ", let after = text[i + 2], Characters.isUpper(after) || Characters.isHan(after) || after == "\"" || after == "“" {
                    close(text, i, start: &start, into: &result)
                }
            default:
                break
            }
            i += 1
        }
        close(text, n, start: &start, into: &result)
        return result
    }

    /// Ends the sentence that started at `start` (a static function with inout parameters, not a
    /// nested one capturing them: captured variables are checked for exclusive access at run time).
    private static func close(_ text: ScalarText, _ end: Int, start: inout Int, into result: inout [Range<Int>]) {
        var s = start, e = end
        // Leading spaces and bullet dashes ("- The …", not "-2%").
        while s < e, Characters.isSpace(text.scalars[s]) || text.scalars[s] == "-" && s + 1 < e && Characters.isSpace(text.scalars[s + 1]) { s += 1 }
        while e > s, Characters.isSpace(text.scalars[e - 1]) { e -= 1 }
        if s < e { result.append(s..<e) }
        start = end
    }

    private static func isSentenceEnd(_ text: ScalarText, at i: Int) -> Bool {
        // Decimal points and dotted abbreviations.
        if let next = text[i + 1], !Characters.isSpace(next) {
            return Characters.isHan(next)
        }
        guard let word = text.word(before: i + 0) else { return true }
        if word.start + word.word.count == i, abbreviations.contains(word.word) || word.word.count == 1 { return false }
        var j = text.skipSpaces(from: i + 1, limit: 4)
        while let c = text[j], c == "\"" || c == "“" || c == "(" || c == "[" { j += 1 }
        guard let next = text[j] else { return true }
        return Characters.isUpper(next) || Characters.isHan(next) || Characters.isDigit(next) || next == "-"
    }
}
