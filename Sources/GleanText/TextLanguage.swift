/// A text's language from its script and stop words: `zh` when Chinese characters make up at
/// least a third of the letters and words, `en` when English function words make up at least an
/// eighth of the Latin words, else `und`. Looks at the first 20,000 characters.
package enum TextLanguage {
    package static let englishStopWords: Set<String> = [
        "the", "and", "of", "to", "a", "in", "is", "that", "for", "it", "on", "with", "as", "was", "are", "be", "by",
        "this", "at", "from", "or", "an", "have", "has", "not", "but", "which", "its", "were", "will", "their", "they",
    ]

    package static func detect(_ text: String) -> String {
        var han = 0, words = 0, stopWords = 0
        var word = ""
        func endWord() {
            guard !word.isEmpty else { return }
            words += 1
            if englishStopWords.contains(word) { stopWords += 1 }
            word = ""
        }
        for scalar in text.unicodeScalars.prefix(20_000) {
            let value = scalar.value
            if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x20000...0x2A6DF).contains(value) {
                han += 1
                endWord()
            } else if (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) {
                word.unicodeScalars.append(Unicode.Scalar(value | 0x20)!)
            } else if value == 0x27, !word.isEmpty {
                continue  // don't, it's
            } else {
                endWord()
            }
        }
        endWord()
        if han >= 10, han * 2 >= words { return "zh" }
        if words >= 5, stopWords * 8 >= words { return "en" }
        return "und"
    }
}
