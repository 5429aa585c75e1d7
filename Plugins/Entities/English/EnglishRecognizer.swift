import GleanText

/// English names from capitalised word sequences (ARCHITECTURE.md, "Entities"):
/// 1. a sequence of capitalised words, joined by connectors ("Bank of England") when it ends in an
///    organisation, outlet or event word, is one candidate; a title before it ("President",
///    "coach") or a leading sentence word ("The", "In") is cut off;
/// 2. the whole sequence is looked up in the gazetteer (the user's own names are matched
///    everywhere by ``EntityExtractor`` and outrank what is found here);
/// 3. else its last word decides: organisation heads (Administration, Ministry, Co., Inc.,
///    University…) → ORG, outlet heads (Daily, News, Times…) → PUBLICATION, event heads
///    (Conference, Forum, Festival…) → EVENT;
/// 4. else a title before it, a census given name first or a census surname last makes a PERSON;
/// 5. else the longest gazetteer names inside it are taken (a place inside a longer name that
///    none of the above explained); two or three unknown words mid-sentence are a PERSON guess,
///    and a lone unknown word after "in"/"at"/"from" a GPE guess;
/// 6. once a person's full name is found, their surname alone elsewhere in the text is the same
///    person; a lone word already classified elsewhere keeps that class.
/// A sentence's first word alone, a word on a headline in capitals that no gazetteer knows, and
/// months and weekdays are never names.
struct EnglishRecognizer {
    let gazetteer: Gazetteer?

    func candidates(in text: ScalarText, into found: inout [Candidate]) {
        let tokens = EnglishTokenizer.tokens(text, in: 0..<text.count)
        guard !tokens.isEmpty else { return }
        var lowered = [String?](repeating: nil, count: tokens.count)
        func lower(_ k: Int) -> String {
            if let word = lowered[k] { return word }
            let word = text.string(tokens[k].start..<tokens[k].end).lowercased()
            lowered[k] = word
            return word
        }
        quotedTitles(text, tokens, lower, into: &found)
        // Words the text also writes in lower case are common words, whatever their case in a
        // heading ("Policy Support", "Market Upgrade"): never a guessed name.
        var lowercaseWords: Set<UInt64> = []
        // (By stem for longer words: "regulatory" makes "Regulation" common.)
        for k in tokens.indices where tokens[k].isWord && !tokens[k].capitalised && !tokens[k].capsLine {
            if let key = Self.stemKey(text, tokens[k]) { lowercaseWords.insert(key) }
        }
        var singles: [(index: Int, name: String)] = []
        var known: [String: EntityType] = [:]
        var surnames: Set<String> = []
        var k = 0
        while k < tokens.count {
            guard tokens[k].isWord, tokens[k].capitalised || tokens[k].capsLine, startsName(tokens[k], lower(k)) else { k += 1; continue }
            var end = k + 1
            var hasConnector = false
            while end < tokens.count {
                if tokens[end].start - tokens[end - 1].end > 2 || crossesLine(text, tokens[end - 1].end, tokens[end].start) { break }
                if tokens[end].isWord, tokens[end].capitalised || tokens[end].capsLine, continuesName(tokens[end], lower(end)) { end += 1; continue }
                // (Connectors are short: only tokens of up to four scalars are looked up.)
                if tokens[end].end - tokens[end].start <= 4, EnglishWords.connectors.contains(lower(end)), end + 1 < tokens.count,
                   tokens[end + 1].isWord, tokens[end + 1].capitalised || tokens[end + 1].capsLine, continuesName(tokens[end + 1], lower(end + 1)),
                   tokens[end + 1].start - tokens[end].end <= 2 {
                    hasConnector = true
                    end += 2
                    continue
                }
                break
            }
            classify(text, tokens, k..<end, hasConnector: hasConnector, lower, common: lowercaseWords, singles: &singles, known: &known, surnames: &surnames, into: &found)
            k = end
        }
        // Surnames and single names seen in full elsewhere in the text.
        for (index, name) in singles {
            let token = tokens[index]
            if surnames.contains(name) {
                found.append(Candidate(start: token.start, end: token.end, type: .person, priority: Candidate.guess + 5))
            } else if let type = known[name] {
                found.append(Candidate(start: token.start, end: token.end, type: type, priority: Candidate.guess))
            }
        }
    }

    private func startsName(_ token: EnglishToken, _ lower: String) -> Bool {
        guard token.isWord, token.capitalised || token.capsLine else { return false }
        return !EnglishWords.calendarWords.contains(lower.hasSuffix(".") ? String(lower.dropLast()) : lower)
    }

    private func continuesName(_ token: EnglishToken, _ lower: String) -> Bool {
        token.isWord && (token.capitalised || token.capsLine) && !EnglishWords.calendarWords.contains(lower)
    }

    private func crossesLine(_ text: ScalarText, _ from: Int, _ to: Int) -> Bool {
        for i in from..<to where text.scalars[i] == "\n" || text.scalars[i] == "\r" { return true }
        return false
    }

    // MARK: One capitalised sequence

    private func classify(
        _ text: ScalarText, _ tokens: [EnglishToken], _ span: Range<Int>, hasConnector: Bool, _ lower: (Int) -> String, common: Set<UInt64>,
        singles: inout [(index: Int, name: String)], known: inout [String: EntityType], surnames: inout Set<String>, into found: inout [Candidate]
    ) {
        var a = span.lowerBound
        let b = span.upperBound
        let capsLine = tokens[a].capsLine
        var titled = a > 0 && EnglishWords.personTitles.contains(lower(a - 1)) && !tokens[a - 1].capsLine
        if tokens[a].sentenceStart, EnglishWords.sentenceStarters.contains(lower(a)) { a += 1 }
        while a < b - 1, EnglishWords.personTitles.contains(lower(a)) {
            a += 1
            titled = true
        }
        while a < b - 1, !(tokens[a].capitalised || tokens[a].capsLine) { a += 1 }  // "Shares of| Harbin…"
        guard a < b else { return }
        // "The" belongs to a name only where the gazetteer says so (The Economist).
        if b - a > 1, lower(a) == "the", gazetteer?.kind(of: text.string(tokens[a].start..<tokens[b - 1].end)).isEmpty ?? true { a += 1 }
        let start = tokens[a].start, end = tokens[b - 1].end
        let name = text.string(start..<end)
        let head = lower(b - 1)
        let count = b - a

        if var type = gazetteerType(name, capsLine: capsLine, tokens: tokens[a..<b], text: text) {
            // A city followed by a score or a table row is its team (Barcelona 3 Madrid 1).
            if type == .gpe, b < tokens.count, tokens[b].start - tokens[b - 1].end <= 2, Characters.isDigit(text.scalars[tokens[b].start]),
               !(gazetteer?.kind(of: name).contains(.country) ?? false), !looksLikeDate(text, tokens[b]) {
                type = .org
            }
            found.append(Candidate(start: start, end: end, type: type, priority: Candidate.gazetteer, normalized: gazetteer?.canonical[name]))
            if count == 1 { known[lower(a)] = type }
            return
        }
        // A dateline: words in capitals at the start of a line, before a date (LONDON 1996-12-06).
        if (a..<b).allSatisfy({ tokens[$0].allCaps }), tokens[a].sentenceStart, b < tokens.count, looksLikeDate(text, tokens[b]) {
            found.append(Candidate(start: start, end: end, type: .gpe, priority: Candidate.pattern))
            return
        }
        // A heading in title case ("Comprehensive Regulation Strengthens Industry Foundation"):
        // most of its words are written in lower case elsewhere in the text.
        let commonBefore = (a..<b - 1).filter { Self.stemKey(text, tokens[$0]).map(common.contains) ?? false }.count
        let heading = count >= 3 && commonBefore * 2 > count - 1
        if count >= 2, !heading {
            if EnglishWords.outletHeads.contains(head) || head == "agency" && (name.contains("News") || name.contains("Press")) {
                found.append(Candidate(start: start, end: end, type: .publication, priority: Candidate.pattern))
                return
            }
            if EnglishWords.organisationHeads.contains(head) {
                found.append(Candidate(start: start, end: end, type: .org, priority: Candidate.pattern))
                return
            }
            if EnglishWords.eventHeads.contains(head) {
                found.append(Candidate(start: start, end: end, type: .event, priority: Candidate.pattern))
                return
            }
        }
        // "Bureau of Culture", "University of Leeds": a head word before "of"/"for" makes the whole.
        if hasConnector, !heading, b - a >= 3, let k = (a + 1..<b - 1).first(where: { ["of", "for"].contains(lower($0)) }),
           EnglishWords.organisationHeads.contains(lower(k - 1)) || EnglishWords.eventHeads.contains(lower(k - 1)) {
            let type: EntityType = EnglishWords.organisationHeads.contains(lower(k - 1)) ? .org : .event
            found.append(Candidate(start: start, end: end, type: type, priority: Candidate.pattern))
            return
        }
        // Connectors only hold together names that end in a head word: split at them.
        if hasConnector {
            var piece = a
            for k in a..<b where !(tokens[k].capitalised || tokens[k].capsLine) {
                if piece < k { classify(text, tokens, piece..<k, hasConnector: false, lower, common: common, singles: &singles, known: &known, surnames: &surnames, into: &found) }
                piece = k + 1
            }
            if piece < b { classify(text, tokens, piece..<b, hasConnector: false, lower, common: common, singles: &singles, known: &known, surnames: &surnames, into: &found) }
            return
        }
        let kinds = (a..<b).map { gazetteer?.kind(of: capsLine ? titleCase(lower($0)) : text.string(tokens[$0].start..<tokens[$0].end)) ?? [] }
        let plain = (a..<b).allSatisfy { tokens[$0].isWord && !tokens[$0].allCaps && !Characters.isDigit(text.scalars[tokens[$0].start]) }
        if count >= 2, count <= 4, plain, !capsLine || kinds[0].contains(.given) {
            let personLike = titled || kinds[0].contains(.given) || kinds[count - 1].contains(.surname) && !kinds[count - 1].contains(.gpe)
            let placeFree = !kinds.contains { $0.contains(.gpe) || $0.contains(.org) } || kinds[0].contains(.given)
            if personLike && placeFree || titled {
                found.append(Candidate(start: start, end: end, type: .person, priority: titled ? Candidate.title : Candidate.pattern))
                surnames.insert(lower(b - 1))
                return
            }
        }
        if count == 1, titled, plain {
            found.append(Candidate(start: start, end: end, type: .person, priority: Candidate.pattern))
            return
        }
        // The longest gazetteer names inside the sequence.
        var k = a
        var matched = false
        while k < b {
            var best: (end: Int, type: EntityType)?
            for e in stride(from: min(b, k + 6), to: k, by: -1) where e - k < count {
                let piece = text.string(tokens[k].start..<tokens[e - 1].end)
                if let type = gazetteerType(piece, capsLine: capsLine, tokens: tokens[k..<e], text: text) { best = (e, type); break }
            }
            if let best {
                found.append(Candidate(start: tokens[k].start, end: tokens[best.end - 1].end, type: best.type, priority: Candidate.gazetteer))
                matched = true
                k = best.end
            } else {
                k += 1
            }
        }
        if matched || capsLine { return }
        // Quoted title-case words that are no work ("From \"Traffic Chasing\" to …") are no name either.
        let quoted = a > 0 && b < tokens.count && "\"“”'‘’".unicodeScalars.contains(text.scalars[tokens[a - 1].start]) && "\"“”'‘’".unicodeScalars.contains(text.scalars[tokens[b].start])
        let unseen = !quoted && (a..<b).allSatisfy { !(Self.stemKey(text, tokens[$0]).map(common.contains) ?? false) }
        if count >= 2, count <= 3, plain, unseen, !tokens[a].sentenceStart || a > span.lowerBound {
            found.append(Candidate(start: start, end: end, type: .person, priority: Candidate.guess))
            surnames.insert(lower(b - 1))
            return
        }
        if count == 1 {
            let word = lower(a)
            if tokens[a].allCaps, !EnglishWords.commonAcronyms.contains(word), tokens[a].end - tokens[a].start >= 2 {
                found.append(Candidate(start: start, end: end, type: .org, priority: Candidate.guess))
                return
            }
            guard plain, unseen, !tokens[a].sentenceStart else {
                // At a sentence start a lone word is only what the rest of the text says it is.
                if plain || tokens[a].capsLine { singles.append((a, word)) }
                return
            }
            if a > 0, EnglishWords.placePrepositions.contains(lower(a - 1)) {
                found.append(Candidate(start: start, end: end, type: .gpe, priority: Candidate.guess))
                return
            }
            singles.append((a, word))
        }
    }

    /// A token's stem — its first seven letters when it has eight or more, else the word —
    /// lowercased and packed five bits a letter (a seventh-letter stem is marked so that "regulat"
    /// the stem and a seven-letter word differ); nil for tokens with other characters.
    static func stemKey(_ text: ScalarText, _ token: EnglishToken) -> UInt64? {
        let length = token.end - token.start
        let letters = length >= 8 ? 7 : length
        var key: UInt64 = 0
        for k in token.start..<token.start + letters {
            let v = text.scalars[k].value | 0x20
            guard v >= 0x61, v <= 0x7A else { return nil }
            key = key << 5 | UInt64(v - 0x60)
        }
        return length >= 8 ? key | 1 << 63 : key
    }

    /// A token that begins a date or a year (1996-12-06, 1996).
    private func looksLikeDate(_ text: ScalarText, _ token: EnglishToken) -> Bool {
        guard token.end - token.start >= 4 else { return false }
        for k in token.start..<token.start + 4 where !Characters.isDigit(text.scalars[k]) { return false }
        return true
    }

    private func titleCase(_ lower: String) -> String {
        guard let first = lower.first else { return lower }
        return first.uppercased() + lower.dropFirst()
    }

    /// The type the gazetteer gives a whole name (title-cased on a headline in capitals).
    private func gazetteerType(_ name: String, capsLine: Bool, tokens: ArraySlice<EnglishToken>, text: ScalarText) -> EntityType? {
        guard let gazetteer else { return nil }
        var kind = gazetteer.kind(of: name)
        if kind.isEmpty, capsLine || tokens.contains(where: \.allCaps) {
            let titled = tokens.map { token -> String in
                let word = text.string(token.start..<token.end)
                return word.count <= 3 && token.allCaps && gazetteer.kind(of: word) != [] ? word : titleCase(word.lowercased())
            }.joined(separator: " ")
            kind = gazetteer.kind(of: titled)
        }
        if kind.contains(.publication) { return .publication }
        if kind.contains(.org) { return .org }
        if kind.contains(.event) { return .event }
        if kind.contains(.gpe) { return .gpe }
        if kind.contains(.person) { return .person }
        return nil
    }

    // MARK: Quoted titles

    /// A title in quotes after a work cue ("productions like \"Rental Pitfalls\"") is a WORK;
    /// followed by an event word ("the \"…\" competition"), an EVENT.
    private func quotedTitles(_ text: ScalarText, _ tokens: [EnglishToken], _ lower: (Int) -> String, into found: inout [Candidate]) {
        var k = 0
        var lastWorkEnd = -1
        while k < tokens.count {
            let open = text.scalars[tokens[k].start]
            guard !tokens[k].isWord, open == "\"" || open == "“" else { k += 1; continue }
            var close = k + 1
            while close < tokens.count, close - k <= 16 {
                let c = text.scalars[tokens[close].start]
                if !tokens[close].isWord, c == "\"" || c == "”" { break }
                if !tokens[close].isWord, c == "." || c == "\n" || c == "!" || c == "?" { close = tokens.count; break }
                close += 1
            }
            guard close < tokens.count, close - k <= 16, close > k + 1 else { k += 1; continue }
            var innerEnd = close
            while innerEnd > k + 1, !tokens[innerEnd - 1].isWord { innerEnd -= 1 }
            let words = (k + 1..<innerEnd).filter { tokens[$0].isWord }
            let significant = words.filter { !EnglishWords.connectors.contains(lower($0)) && !["a", "an", "in", "to", "with", "at", "by", "from"].contains(lower($0)) }
            let capitalised = significant.filter { tokens[$0].capitalised || Characters.isDigit(text.scalars[tokens[$0].start]) }
            guard !words.isEmpty, tokens[k + 1].capitalised || Characters.isDigit(text.scalars[tokens[k + 1].start]), capitalised.count == significant.count else {
                k = close + 1
                continue
            }
            var cue = false
            for back in stride(from: k - 1, through: max(0, k - 6), by: -1) {
                if !tokens[back].isWord, ".!?".unicodeScalars.contains(text.scalars[tokens[back].start]) { break }
                if tokens[back].isWord, EnglishWords.workCues.contains(lower(back)) { cue = true; break }
            }
            let listed = lastWorkEnd >= 0 && k - lastWorkEnd <= 12 && k > 0 && (lower(k - 1) == "and" || lower(k - 1) == "or" || text.scalars[tokens[k - 1].start] == ",")
            var eventFollows = false
            // "the \"…\" international micro-short drama competition": an event word within five.
            var following = 0
            for next in close + 1..<min(tokens.count, close + 8) {
                guard tokens[next].isWord else {
                    if ".,;:!?".unicodeScalars.contains(text.scalars[tokens[next].start]) { break }
                    continue
                }
                following += 1
                if EnglishWords.eventCues.contains(lower(next)) { eventFollows = true; break }
                if following == 5 { break }
            }
            let start = tokens[k + 1].start, end = tokens[innerEnd - 1].end
            // "…" would stream / premiered / aired: what follows says it is a work.
            var workFollows = false
            for next in close + 1..<min(tokens.count, close + 4) where tokens[next].isWord {
                if EnglishWords.workVerbs.contains(lower(next)) { workFollows = true; break }
            }
            if eventFollows {
                found.append(Candidate(start: start, end: end, type: .event, priority: Candidate.title))
            } else if cue || listed || workFollows {
                found.append(Candidate(start: start, end: end, type: .work, priority: Candidate.title))
                lastWorkEnd = close
            }
            k = close + 1
        }
    }
}
