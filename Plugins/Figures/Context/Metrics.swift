import GleanText
/// The metric a figure measures: the short noun phrase before the verb that introduces it
/// ("The market size of micro-short dramas grew from …" → "market size"), the phrase after
/// "increase in" ("a 30% increase in visitor numbers"), or for Chinese the words before 达/为/增长
/// ("市场规模达504.4亿元" → "市场规模").
enum Metrics {
    static let englishVerbs: WordSet = [
        "reached", "reach", "reaches", "reaching", "grew", "grow", "grows", "growing", "rose", "rise", "rises", "rising", "increased",
        "increase", "increases", "decreased", "decrease", "decreases", "fell", "fall", "falls", "dropped", "drop", "declined", "decline",
        "exceeded", "exceed", "exceeds", "surpassed", "surpass", "totaled", "totalled", "totals", "total", "hit", "hits", "stood", "was",
        "were", "is", "are", "achieved", "generated", "amounted", "valued", "jumped", "soared", "climbed", "slipped", "shrank", "expanded",
        "approached", "approach", "topped", "recorded", "hitting", "approaching", "exceeding", "surpassing", "accounted", "reduced", "reduce",
    ]
    /// Words that end a noun phrase going backwards.
    static let phraseBreaks: WordSet = [
        "the", "a", "an", "and", "or", "that", "which", "who", "with", "while", "as", "its", "their", "his", "her", "this", "these",
        "those", "where", "when", "has", "have", "had", "will", "would", "could", "may", "might", "to", "by", "for", "on", "at",
        "from", "said", "says", "also", "than", "up", "down", "about", "around", "nearly", "over", "after", "before", "because", "since", "it", "they", "we", "he", "she", "be", "been",
    ]
    /// Heads too vague to stand alone: keep their "of" complement ("number of users").
    static let vagueHeads: WordSet = ["number", "amount", "value", "share", "proportion", "rate", "total", "volume", "percentage", "count", "sum"]
    static let changeNouns: WordSet = ["increase", "rise", "growth", "decline", "drop", "decrease", "fall", "reduction", "jump", "gain", "surge", "cut"]

    static func english(_ text: ScalarText, figureStart: Int, figureEnd: Int, sentence: Range<Int>) -> String? {
        // "a 30% increase in visitor numbers".
        var k = text.skipSpaces(from: figureEnd)
        if let (isChange, nounEnd) = changeNouns.contains(wordAt: k, in: text), isChange {
            k = text.skipSpaces(from: nounEnd)
            if let (prep, prepEnd) = text.word(at: k), prep == "in" || prep == "of" {
                let phrase = words(text, from: text.skipSpaces(from: prepEnd), limit: sentence.upperBound, maximum: 4)
                let numeric = phrase.first.map { EnglishNumbers.startsNumber($0) } ?? true
                if !phrase.isEmpty, !numeric, !(text[text.skipSpaces(from: prepEnd)].map(Characters.isDigit) ?? false) { return phrase.joined(separator: " ") }
            }
        }
        // Walk back to the nearest verb in the clause, then read the noun phrase before it. Words
        // are compared as packed keys; strings are built only for the phrase kept.
        var spans: [(start: Int, end: Int, key: UInt64?)] = []
        var position = figureStart
        var verbIndex: Int?
        while position > sentence.lowerBound, spans.count < 14 {
            let before = text.skipSpacesBackward(from: position, limit: 4)
            guard before > sentence.lowerBound, let c = text[before - 1] else { break }
            if c == "," || c == ";" || c == "，" || c == ":" || c == "(" { break }
            guard Characters.isLatinLetter(c) else {
                position = before - 1
                continue
            }
            var start = before
            while start > sentence.lowerBound, Characters.isLatinLetter(text.scalars[start - 1]) { start -= 1 }
            let key = text.packedWord(at: start)?.key
            spans.append((start, before, key))
            position = start
            // Stop at the nearest verb (and one word more for "reduce … by").
            if let key, verbKeys.contains(key) {
                verbIndex = spans.count - 1
                break
            }
        }
        spans.reverse()
        let found = spans  // immutable: a nested function capturing a `var` pays for dynamic exclusivity checks
        func word(_ index: Int) -> String { text.word(at: found[index].start)?.word ?? "" }
        guard var verb = verbIndex else {
            // No verb: the noun phrase right before the figure ("the overall scale approaching …").
            // It reads at most nine words back (eight and a break): only those become strings.
            let last = max(0, spans.count - 9)..<spans.count
            return nounPhrase(last.map(word), endingBefore: last.count)
        }
        verb = spans.count - 1 - verb
        // "reduce local rental disputes by 22%": the object between the verb and "by".
        if verb < spans.count - 2, spans.last?.key == byKey, reducingVerbKeys.contains(spans[verb].key ?? 0) {
            let object = ((verb + 1)..<(spans.count - 1)).map(word).filter { !["the", "a", "an", "its", "their"].contains($0) }
            if !object.isEmpty, object.count <= 5 { return object.joined(separator: " ") }
        }
        // The phrase before the verb: read more words back from the text.
        var phraseWords: [String] = []
        position = spans[verb].start
        while phraseWords.count < 8, position > sentence.lowerBound {
            // Hyphenated words ("micro-short") are read as their parts.
            if text.scalars[position - 1] == "-" {
                position -= 1
                continue
            }
            guard let found = text.word(before: position), found.start >= sentence.lowerBound else { break }
            // Punctuation between this word and the next ends the phrase (scalars compared in
            // place: building and searching a string here was 4% of the extraction time).
            let wordEnd = text.wordEnd(from: found.start)
            if (wordEnd..<position).contains(where: { let c = text.scalars[$0]; return c == "," || c == ";" || c == ":" || c == "(" }) { break }
            if phraseBreaks.contains(found.word) || englishVerbs.contains(found.word) { break }
            phraseWords.insert(found.word, at: 0)
            position = found.start
        }
        return nounPhrase(phraseWords, endingBefore: phraseWords.count)
    }

    static let verbKeys: PackedSet = PackedSet(englishVerbs.words.filter { $0.count <= 12 }.map(ScalarText.pack))
    static let reducingVerbKeys: PackedSet = PackedSet(["reduce", "reduced", "cut", "increase", "increased", "raise", "raised", "lower", "lowered", "boost", "boosted"].map(ScalarText.pack))
    static let byKey = ScalarText.pack("by")

    /// Nouns that introduce a figure without being what it measures ("projections of reaching").
    static let notMetrics: WordSet = ["projections", "projection", "expectations", "expectation", "estimates", "forecasts", "forecast", "plans", "hopes", "expected", "estimated", "projected"]

    /// The noun phrase ending before `index`: back to a determiner or verb, "of" complements
    /// dropped unless the head is vague ("number of users"), prepositional tails dropped.
    private static func nounPhrase(_ words: [String], endingBefore index: Int) -> String? {
        var phrase: [String] = []
        var i = index - 1
        while i >= 0, phrase.count < 8 {
            let word = words[i]
            if phraseBreaks.contains(word) || englishVerbs.contains(word) { break }
            phrase.insert(word, at: 0)
            i -= 1
        }
        // "market size of micro-short dramas in China" → "market size"; "number of violations" stays.
        if let of = phrase.firstIndex(of: "of"), of > 0, !vagueHeads.contains(phrase[of - 1]) { phrase = Array(phrase[..<of]) }
        if let preposition = phrase.firstIndex(where: { ["in", "during", "across", "among", "within", "of"].contains($0) && !phrase.starts(with: ["number"]) }), preposition > 0, !vagueHeads.contains(phrase[preposition - 1]) {
            phrase = Array(phrase[..<preposition])
        }
        phrase.removeAll { $0.count == 1 && $0 != "a" }
        guard !phrase.isEmpty, phrase.count <= 6, !phrase.contains(where: notMetrics.contains) else { return nil }
        guard phrase.allSatisfy({ EnglishNumbers.units[$0] == nil && EnglishNumbers.tens[$0] == nil }) else { return nil }
        return phrase.joined(separator: " ")
    }

    /// Lowercased words from `i`, stopping at punctuation, prepositions or `maximum` words.
    private static func words(_ text: ScalarText, from i: Int, limit: Int, maximum: Int) -> [String] {
        var result: [String] = []
        var j = i
        while result.count < maximum, j < limit, let (word, end) = text.word(at: j) {
            if ["in", "at", "on", "for", "from", "to", "and", "since", "compared", "over", "during", "of"].contains(word) { break }
            result.append(word)
            let next = text.skipSpaces(from: end)
            if next == end { break }
            j = next
        }
        return result
    }

    static let chineseVerbs = ["或将", "有望", "或", "将","同比增长", "同比下降", "同比增加", "同比减少", "增长了", "增长", "增加", "下降", "减少", "提升", "提高", "达到", "突破", "超过", "约为", "达", "为", "是", "超", "逾", "近", "约", "至", "到", "有", "共", "累计", "实现", "创造", "带动", "吸引"]
    static let timeWords = ["前三季度", "一季度", "二季度", "三季度", "四季度", "第一季度", "第二季度", "第三季度", "第四季度", "上半年", "下半年", "全年", "今年", "去年", "明年", "前年", "同期", "其中", "当年", "目前", "截至", "已经", "已", "将", "预计", "也", "还", "共", "均", "的"]

    /// Words stripped from the end of a Chinese clause (qualifiers and verbs), as scalars.
    static let chineseSuffixes: [[Unicode.Scalar]] = (Qualifiers.chineseBefore.map(\.0) + chineseVerbs).map { Array($0.unicodeScalars) }
    static let chinesePrefixes: [[Unicode.Scalar]] = timeWords.map { Array($0.unicodeScalars) }

    static func chinese(_ text: ScalarText, figureStart: Int, sentence: Range<Int>) -> String? {
        // The clause before the figure (at most 16 characters).
        var start = figureStart
        while start > sentence.lowerBound, figureStart - start < 16, let c = text[start - 1], !"，,；;：:、（(".unicodeScalars.contains(c) { start -= 1 }
        var end = figureStart
        // Strip qualifiers, verbs and spaces at the end.
        var changed = true
        while changed, end > start {
            changed = false
            if Characters.isSpace(text.scalars[end - 1]) {
                end -= 1
                changed = true
                continue
            }
            for suffix in chineseSuffixes where end - suffix.count >= start && text.matches(suffix, at: end - suffix.count) {
                end -= suffix.count
                changed = true
                break
            }
        }
        // Leading years (2024年) and time words.
        changed = true
        while changed, start < end {
            changed = false
            let c = text.scalars[start]
            if Characters.isDigit(c) || Characters.isSpace(c) || c == "年" && start > 0 && Characters.isDigit(text.scalars[start - 1]) {
                start += 1
                changed = true
                continue
            }
            for prefix in chinesePrefixes where start + prefix.count <= end && text.matches(prefix, at: start) {
                start += prefix.count
                changed = true
                break
            }
        }
        guard start < end else { return nil }
        // Only Han characters (and Latin words) make a Chinese metric; keep the last eight.
        for k in start..<end {
            let c = text.scalars[k]
            guard Characters.isHan(c) || Characters.isLatinLetter(c) || c == " " else { return nil }
        }
        return text.string(max(start, end - 8)..<end)
    }
}
