import GleanText

/// A word or punctuation mark of English text, by scalar offsets.
struct EnglishToken {
    var start: Int
    var end: Int
    /// Starts with a capital letter (A–Z, À–Þ).
    var capitalised: Bool
    /// Letters only, all capitals, two or more of them ("NATO", "LONDON").
    var allCaps: Bool
    var isWord: Bool
    /// The first word of its sentence or line.
    var sentenceStart: Bool
    /// On a line written in capitals (a headline): case says nothing there.
    var capsLine = false
}

/// Splits text into ``EnglishToken``s: words keep inner apostrophes, hyphens, ampersands
/// ("AT&T") and the dots of initials and abbreviations ("U.S.", "St.", "Co.").
enum EnglishTokenizer {
    static let dottedAbbreviations: WordSet = ["co", "inc", "ltd", "corp", "st", "mr", "mrs", "ms", "dr", "jr", "sr", "mt", "ft", "gen", "gov", "sen", "rep", "prof", "no", "bros", "plc"]

    static func tokens(_ text: ScalarText, in range: Range<Int>) -> [EnglishToken] {
        var tokens: [EnglishToken] = []
        var i = range.lowerBound
        var atSentenceStart = true
        while i < range.upperBound {
            let c = text.scalars[i]
            if Characters.isSpace(c) {
                if c == "\n" || c == "\r" { atSentenceStart = true }
                i += 1
                continue
            }
            if Characters.isLatinLetter(c) || Characters.isDigit(c) {
                var j = i + 1
                while j < range.upperBound {
                    let d = text.scalars[j]
                    if Characters.isLatinLetter(d) || Characters.isDigit(d) { j += 1; continue }
                    if d == "'" || d == "’" || d == "-" || d == "&", j + 1 < range.upperBound, Characters.isLatinLetter(text.scalars[j + 1]) || Characters.isDigit(text.scalars[j + 1]) { j += 2; continue }
                    break
                }
                // Initials and abbreviations keep their dot: U.S., J.K., Co.
                if j < range.upperBound, text.scalars[j] == "." {
                    let length = j - i
                    if length == 1, Characters.isUpper(c) {
                        j += 1
                        while j + 1 < range.upperBound, Characters.isUpper(text.scalars[j]), text.scalars[j + 1] == "." { j += 2 }
                    } else if let word = text.word(at: i), word.end == j, dottedAbbreviations.contains(word.word) {
                        j += 1
                    }
                }
                var upper = 0, letters = 0
                for k in i..<j where Characters.isLatinLetter(text.scalars[k]) {
                    letters += 1
                    if isUpper(text.scalars[k]) { upper += 1 }
                }
                // "iQIYI", "eBay": a lowercase letter then a capital counts as capitalised.
                let camel = j - i >= 3 && !isUpper(c) && Characters.isLatinLetter(c) && isUpper(text.scalars[i + 1])
                tokens.append(EnglishToken(start: i, end: j, capitalised: isUpper(c) || camel, allCaps: letters >= 2 && upper == letters, isWord: letters > 0, sentenceStart: atSentenceStart))
                atSentenceStart = false
                i = j
                continue
            }
            tokens.append(EnglishToken(start: i, end: i + 1, capitalised: false, allCaps: false, isWord: false, sentenceStart: false))
            switch c {
            case ".", "!", "?", ":", ";": atSentenceStart = true
            case "\"", "“", "(", "[", "'", "‘", "-", "–", "—": break  // the next word keeps the state
            default: atSentenceStart = false
            }
            i += 1
        }
        markCapsLines(&tokens, text)
        return tokens
    }

    static func isUpper(_ c: Unicode.Scalar) -> Bool {
        Characters.isUpper(c) || (c.value >= 0xC0 && c.value <= 0xDE && c.value != 0xD7)
    }

    /// A line whose words are mostly capitals is a headline: its case carries no information.
    private static func markCapsLines(_ tokens: inout [EnglishToken], _ text: ScalarText) {
        var lineStart = 0
        func close(_ end: Int) {
            var words = 0, caps = 0
            for k in lineStart..<end where tokens[k].isWord && !(Characters.isDigit(text.scalars[tokens[k].start])) {
                words += 1
                if tokens[k].allCaps || tokens[k].end - tokens[k].start == 1 && tokens[k].capitalised { caps += 1 }
            }
            if words >= 2, caps * 5 >= words * 4 {
                for k in lineStart..<end { tokens[k].capsLine = true }
            }
        }
        for k in tokens.indices where k > lineStart {
            // A new line begins where a newline lies between two tokens.
            var newline = false
            for p in tokens[k - 1].end..<tokens[k].start where text.scalars[p] == "\n" { newline = true; break }
            if newline {
                close(k)
                lineStart = k
            }
        }
        close(tokens.count)
    }
}
