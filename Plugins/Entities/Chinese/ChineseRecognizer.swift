import GleanText

/// Chinese names (ARCHITECTURE.md, "Entities"), from these signals, strongest first:
/// - 《》 titles: WORK (the title inside the brackets), PUBLICATION when it ends in 日报, 报, 杂志…;
/// - organisation heads (公司, 集团, 委员会, 局, 大学…) with the name before them, which runs left
///   to a function word, a punctuation mark or a boundary word (近日, 来自, 记者…), and events
///   (大会, 论坛, 峰会, 节…) the same way;
/// - people: a surname and one or two given characters next to a role or speech word
///   (记者张三, 李四表示), in a list after one (张三、李四和王五), transliterated names joined by
///   ·, or in the gazetteer;
/// - places and known organisations from the gazetteer (forward longest match).
/// A place inside a longer organisation ("北京" in 北京电影学院) loses to it when overlaps are
/// resolved.
struct ChineseRecognizer {
    let gazetteer: Gazetteer?

    func candidates(in text: ScalarText, into found: inout [Candidate]) {
        titles(text, into: &found)
        let known = dictionaryMatches(text, into: &found)
        heads(text, ChineseWords.organisationHeadList, weak: ChineseWords.weakHeadList, excluded: ChineseWords.notOrganisations, type: .org, into: &found)
        heads(text, ChineseWords.eventHeadList, weak: ChineseWords.weakEventHeadList, excluded: ChineseWords.notEvents, type: .event, into: &found)
        heads(text, ChineseWords.placeHeadList, weak: ChineseWords.weakPlaceHeadList, excluded: [], type: .gpe, priority: Candidate.guess + 10, into: &found)
        people(text, known: known, into: &found)
        countryAbbreviations(text, into: &found)
        partyCongresses(text, into: &found)
    }

    /// 十五大, 党的十九大: a party's numbered national congress (an ORG in Chinese usage).
    private func partyCongresses(_ text: ScalarText, into found: inout [Candidate]) {
        let digits = "一二三四五六七八九".unicodeScalars
        var i = 0
        while i + 2 < text.count {
            defer { i += 1 }
            guard text.scalars[i] == "十" else { continue }
            var j = i + 1
            if digits.contains(text.scalars[j]) { j += 1 }
            guard j < text.count, text.scalars[j] == "大", j > i + 1 || text.matches("党的", endingAt: i) else { continue }
            if i > 0, digits.contains(text.scalars[i - 1]) || text.scalars[i - 1] == "第" { continue }
            if let next = text[j + 1], "学夫家型量批多会众小".unicodeScalars.contains(next) { continue }
            let start = text.matches("中共", endingAt: i) ? i - 2 : i
            found.append(Candidate(start: start, end: j + 1, type: .org, priority: Candidate.pattern))
        }
    }

    // MARK: 《》

    private func titles(_ text: ScalarText, into found: inout [Candidate]) {
        var i = 0
        while i < text.count {
            guard text.scalars[i] == "《" else { i += 1; continue }
            var j = i + 1
            while j < text.count, j - i <= 60, text.scalars[j] != "》", text.scalars[j] != "《", text.scalars[j] != "\n" { j += 1 }
            guard j < text.count, text.scalars[j] == "》", j > i + 1 else { i = j; continue }
            let inner = text.string(i + 1..<j)
            let outlet = ChineseWords.outletTitleHeads.contains { inner.hasSuffix($0) } && inner.unicodeScalars.count <= 10
            found.append(Candidate(start: i + 1, end: j, type: outlet ? .publication : .work, priority: Candidate.title, normalized: gazetteer?.canonical[inner]))
            i = j + 1
        }
    }

    // MARK: Gazetteer

    /// Returns the spans of known places and organisations, in order (no person is read inside them).
    private func dictionaryMatches(_ text: ScalarText, into found: inout [Candidate]) -> [Range<Int>] {
        var known: [Range<Int>] = []
        var i = 0
        let n = text.count
        while i < n {
            let c = text.scalars[i]
            guard Characters.isHan(c) else { i += 1; continue }
            guard let gazetteer else { i += 1; continue }
            var best: (end: Int, kind: GazetteerKind)?
            var longestWord = i
            gazetteer.trie.prefixes(of: text, from: i, limit: min(n, i + 24)) { end, value in
                let kind = GazetteerKind(rawValue: value)
                if end - i >= 2, !kind.isDisjoint(with: .entities) { best = (end, kind) } else if kind.contains(.word) { longestWord = end }
            }
            // A longer common word hides a name inside it (城市 is not 城 + 市…), unless a name
            // starts inside the word and runs past it (从中|国网络… is 从|中国网络…).
            if longestWord > (best?.end ?? i + 1) {
                var next = longestWord
                for k in i + 1..<longestWord {
                    var reaches = false
                    gazetteer.trie.prefixes(of: text, from: k, limit: min(n, k + 24)) { end, value in
                        if end > longestWord, !GazetteerKind(rawValue: value).isDisjoint(with: .entities) { reaches = true }
                    }
                    if reaches { next = k; break }
                }
                i = next
                continue
            }
            guard let best else { i += 1; continue }
            let kind = best.kind
            var type: EntityType?
            // Known organisations, outlets and events rank with patterns: the longer one wins.
            var priority = kind.isDisjoint(with: [.org, .publication, .event]) || kind.contains(.gpe) ? Candidate.gazetteer : Candidate.pattern
            // An administrative region is a place even where a dictionary calls it an organisation.
            if kind.contains(.publication) { type = .publication } else if kind.contains(.org), !kind.contains(.gpe) { type = .org } else if kind.contains(.event) { type = .event } else if kind.contains(.gpe), !kind.contains(.weak) || followsPlaceWord(text, best.end) {
                type = .gpe
            } else if kind.contains(.person), !kind.contains(.weak) {
                type = .person
                priority = Candidate.gazetteer - 10
            }
            if let type {
                let name = text.string(i..<best.end)
                found.append(Candidate(start: i, end: best.end, type: type, priority: priority, normalized: gazetteer.canonical[name]))
                if type != .person, !kind.contains(.weak) { known.append(i..<best.end) }
                i = best.end
            } else {
                i += 1
            }
        }
        return known
    }

    private func followsPlaceWord(_ text: ScalarText, _ end: Int) -> Bool {
        guard let c = text[end] else { return false }
        return ChineseWords.placeSuffixes.contains(c)
    }

    // MARK: Names before a head word

    private func heads(
        _ text: ScalarText, _ heads: PhraseList, weak: PhraseList, excluded: Set<String>, type: EntityType, priority: Int = Candidate.pattern,
        into found: inout [Candidate]
    ) {
        var i = 0
        let n = text.count
        while i < n {
            // The longest head that ends at i.
            guard Characters.isHan(text.scalars[i]), let headLength = heads.longest(in: text, endingAt: i + 1) else { i += 1; continue }
            let head = text.scalars[i + 1 - headLength...i]
            let headStart = i + 1 - head.count
            if head.count == 1, formsWord(text, from: i, to: i + 2) { i += 1; continue }  // 部署, 局面: not heads
            if head.count == 1, formsWord(text, from: i - 1, to: i + 1) { i += 1; continue }  // 签署, 结局: the end of a word
            var end = i + 1
            // Heads that follow heads belong to one name (国务院办公厅, 委员会办公室).
            while let next = heads.longest(in: text, at: end), !formsWord(text, from: next - 1, to: next + 1) {
                end = next
            }
            // A name may run through the organisation before it (中国共产党中央委员会).
            let start = nameStart(text, before: headStart, floor: 0)
            let nameLength = headStart - start
            let weakHead = weak.matches(in: text, endingAt: i + 1) && weak.longest(in: text, endingAt: i + 1) == head.count
            // A common word before a head is a description, not a name (国内银行, 客服中心).
            // An event needs a proper name: a place or organisation, an ordinal, a year, 国际/世界/全国
            // (短剧创作大赛 is a description).
            let proper = type != .event || properEventName(text, start, headStart)
            if proper, nameLength >= (weakHead ? 2 : 1), head.count == 1 || !formsWord(text, from: start, to: headStart) {
                let name = text.string(start..<end)
                if !excluded.contains(name), !excluded.contains(text.string(max(start, headStart - 1)..<end)), type != .gpe || !formsWord(text, from: start, to: end) {
                    found.append(Candidate(start: start, end: end, type: type, priority: priority, normalized: gazetteer?.canonical[name]))
                }
            }
            i = end
        }
    }

    /// Where the name that ends at `end` starts: back over name characters (Han, Latin letters,
    /// digits) to a function word, a punctuation mark, 14 characters, or the last boundary word.
    private func nameStart(_ text: ScalarText, before end: Int, floor: Int) -> Int {
        var j = end
        while j > floor, end - j < 14 {
            let c = text.scalars[j - 1]
            guard Characters.isHan(c) || Characters.isLatinLetter(c) || Characters.isDigit(c) || c == "·" else { break }
            // 第十五次, 第九届: ordinals belong to the name of a congress.
            if c == "次" || c == "届", j >= 2, "一二三四五六七八九十".unicodeScalars.contains(text.scalars[j - 2]) { j -= 1; continue }
            if ChineseWords.breakCharacters.contains(c) { break }
            j -= 1
        }
        // Verbs, adverbs and function words at the left edge are not part of the name
        // (完善|中国共产党, 努力实践|致公党); inside it they are (浙江省广播电视局).
        while j < end, let word = startingBreakWord(text, at: j, limit: end) { j = word }
        guard j < end else { return end }
        // The rightmost boundary word inside [j, end) ends the name on the left.
        var start = j
        for p in stride(from: end - 1, to: j, by: -1) {
            if let length = ChineseWords.leftBoundaryList.longest(in: text, endingAt: p), p - length >= j {
                start = p
                break
            }
        }
        // A verb right before a known place or organisation ends the name there
        // (新片入围|东京国际电影节); after a place it belongs to the name (浙江省广播电视局).
        if let gazetteer {
            for p in stride(from: end - 1, to: start, by: -1) {
                guard let known = gazetteer.trie.longest(in: text, from: p, limit: end), known.end - p >= 2,
                      !GazetteerKind(rawValue: known.value).isDisjoint(with: [.gpe, .org]), !GazetteerKind(rawValue: known.value).contains(.weak) else { continue }
                var verbBefore = false
                for length in 2...4 where p - length >= start {
                    // Ordinals and numbers (第三届) belong to the name.
                    if (p - length..<p).contains(where: { "第一二三四五六七八九十百千届次年月日".unicodeScalars.contains(text.scalars[$0]) }) { continue }
                    if let value = gazetteer.trie.value(ofScalars: text, p - length..<p), GazetteerKind(rawValue: value).contains(.breakWord), GazetteerKind(rawValue: value).isDisjoint(with: .entities) { verbBefore = true }
                }
                if verbBefore { start = p; break }
            }
        }
        // A known place or organisation that straddles the start begins the name (北京 in 近北京…;
        // 致公党 where the walk stopped at 致).
        if let gazetteer {
            for p in stride(from: start - 1, through: max(0, min(j, start - 3)), by: -1) {
                if let match = gazetteer.trie.longest(in: text, from: p, limit: end), match.end > start, match.end - p >= 2,
                   !GazetteerKind(rawValue: match.value).isDisjoint(with: [.gpe, .org]) {
                    start = p
                }
            }
        }
        // After a verb inside the run the name begins anew (…哀悼邓小平逝世|新华社), unless a
        // place, an organisation or a word like 国家 stands right before the verb (浙江省广播电视局).
        if let gazetteer, end - start > 3 {
            var p = end - 1
            while p > start + 1 {
                defer { p -= 1 }
                var verbStart: Int?
                for length in 2...3 where p - length >= start {
                    if (p - length..<p).contains(where: { "第一二三四五六七八九十百千届次年月日".unicodeScalars.contains(text.scalars[$0]) }) { continue }
                    if let value = gazetteer.trie.value(ofScalars: text, p - length..<p), GazetteerKind(rawValue: value).contains(.breakWord),
                       GazetteerKind(rawValue: value).isDisjoint(with: .entities) { verbStart = p - length }
                }
                guard let verbStart, verbStart > start else { continue }
                var named = ChineseWords.nameOpeners.matches(in: text, endingAt: verbStart)
                for length in 2...6 where verbStart - length >= start && !named {
                    if let value = gazetteer.trie.value(ofScalars: text, verbStart - length..<verbStart), !GazetteerKind(rawValue: value).isDisjoint(with: [.gpe, .org]) { named = true }
                }
                if !named, end - p >= 2 { start = p }
                break
            }
        }
        return start
    }

    /// Whether `text[start..<end]` names an event rather than describing one.
    private func properEventName(_ text: ScalarText, _ start: Int, _ end: Int) -> Bool {
        guard start < end else { return false }
        if text.scalars[start] == "第" { return true }
        for k in start..<end where Characters.isDigit(text.scalars[k]) { return true }
        for word in ["国际", "世界", "全国", "全球", "亚洲", "中国"] where (start..<end).contains(where: { text.matches(word, at: $0) }) { return true }
        guard let gazetteer else { return false }
        for k in start..<end {
            if let known = gazetteer.trie.longest(in: text, from: k, limit: end), known.end - k >= 2,
               !GazetteerKind(rawValue: known.value).isDisjoint(with: [.gpe, .org, .publication]) { return true }
        }
        return false
    }

    /// Whether `text[from..<to]` is a common word.
    private func formsWord(_ text: ScalarText, from: Int, to: Int) -> Bool {
        guard let gazetteer, from >= 0, to <= text.count else { return false }
        var found = false
        gazetteer.trie.prefixes(of: text, from: from, limit: to) { end, value in
            let kind = GazetteerKind(rawValue: value)
            if end == to, kind.contains(.word), kind.isDisjoint(with: .entities) || kind.contains(.weak) { found = true }
        }
        return found
    }

    /// The end of the longest common verb, adverb or function word that starts at `j` (and ends
    /// before `limit`), unless a longer name or word starts there.
    private func startingBreakWord(_ text: ScalarText, at j: Int, limit: Int) -> Int? {
        guard let gazetteer, text.scalars[j] != "第" else { return nil }  // 第三届… is the name's
        var breakEnd: Int?, longest = j
        gazetteer.trie.prefixes(of: text, from: j, limit: limit) { end, value in
            let kind = GazetteerKind(rawValue: value)
            if end - j >= 2 {
                longest = end
                if kind.contains(.breakWord), kind.isDisjoint(with: .entities) { breakEnd = end }
            }
        }
        guard let breakEnd, breakEnd == longest else { return nil }
        return breakEnd
    }

    // MARK: Countries by one character

    /// 中美 (two or more one-character country names together), 驻美, 访华, 中方: each character a GPE.
    private func countryAbbreviations(_ text: ScalarText, into found: inout [Candidate]) {
        let n = text.count
        var i = 0
        while i < n {
            guard ChineseWords.countryCharacters.contains(text.scalars[i]) else { i += 1; continue }
            var j = i
            while j < n, j - i < 4, ChineseWords.countryCharacters.contains(text.scalars[j]) { j += 1 }
            var distinct = true
            for a in i..<j { for b in a + 1..<j where text.scalars[a] == text.scalars[b] { distinct = false } }
            let before = i > 0 ? text.scalars[i - 1] : " "
            // Not when a longer word or name starts here (中国, 中美洲, 美元).
            if let gazetteer, let longest = gazetteer.trie.longest(in: text, from: i, limit: min(n, i + 8)), longest.end - i >= 2,
               longest.end > j || !GazetteerKind(rawValue: longest.value).isDisjoint(with: .entities) || j - i == 1 {
                i = max(j, i + 1)
                continue
            }
            if j - i >= 2, distinct, !(i > 0 && Characters.isHan(before) && formsWord(text, from: i - 1, to: i + 1)) {
                for k in i..<j { found.append(Candidate(start: k, end: k + 1, type: .gpe, priority: Candidate.pattern)) }
            } else if j - i == 1, text[i + 1] == "军", !formsWord(text, from: i + 1, to: i + 3) {
                found.append(Candidate(start: i, end: i + 2, type: .org, priority: Candidate.pattern))  // 美军, 日军
            } else if j - i == 1, ChineseWords.visitVerbs.contains(before) || text[i + 1] == "方" {
                found.append(Candidate(start: i, end: i + 1, type: .gpe, priority: Candidate.pattern))
            }
            i = j
        }
    }

    // MARK: People

    private func people(_ text: ScalarText, known: [Range<Int>], into found: inout [Candidate]) {
        var nextKnown = 0
        let n = text.count
        var i = 0
        var listEnd = -1  // the end of the last person found, for 张三、李四和王五
        while i < n {
            let c = text.scalars[i]
            guard Characters.isHan(c) else { i += 1; continue }
            if c == "·" { i += 1; continue }
            // Transliterated names joined by ·.
            if let end = dottedName(text, from: i) {
                found.append(Candidate(start: i, end: end, type: .person, priority: Candidate.pattern))
                listEnd = end
                i = end
                continue
            }
            // Transliterated names next to a cue (克林顿总统, 记者亨特).
            if let end = transliterated(text, from: i) {
                found.append(Candidate(start: i, end: end, type: .person, priority: Candidate.pattern))
                listEnd = end
                i = end
                continue
            }
            // A known place or organisation is not a name (华盛顿, 费城).
            while nextKnown < known.count, known[nextKnown].upperBound <= i { nextKnown += 1 }
            if nextKnown < known.count, known[nextKnown].contains(i) {
                i = known[nextKnown].upperBound
                continue
            }
            guard let surname = surnameLength(text, at: i) else { i += 1; continue }
            let before = ChineseWords.personBeforeList.matches(in: text, endingAt: i)
            let listed = listEnd >= 0 && i - listEnd <= 1 && (i == listEnd || "、和与及".unicodeScalars.contains(text.scalars[i - 1]))
            // The separator of a list is not the next name's surname (李娜和|刘洋).
            if listed, i == listEnd, "和与及".unicodeScalars.contains(c) { i += 1; continue }
            // 曾, 于, 和 are words more often than surnames: only after a cue.
            if ChineseWords.breakCharacters.contains(c), surname == 1, !before, !listed { i += 1; continue }
            // 江主席, 李总理: a surname alone before a title.
            if !before, ChineseWords.titlesAfterSurnameList.matches(in: text, at: i + surname), i == 0 || !Characters.isHan(text.scalars[i - 1]) || !formsWord(text, from: i - 1, to: i + 1) {
                found.append(Candidate(start: i, end: i + surname, type: .person, priority: Candidate.pattern))
                i += surname
                continue
            }
            var chosen: Int?
            var guessed = false
            for given in [2, 1] {
                let end = i + surname + given
                guard end <= n, (i + surname..<end).allSatisfy({ givenCharacter(text.scalars[$0]) }) else { continue }
                let cueAfter = ChineseWords.personAfterList.matches(in: text, at: end) || startsList(text, at: end)
                let after = end >= n || !Characters.isHan(text.scalars[end]) || cueAfter || listed && "、和与及等".unicodeScalars.contains(text.scalars[end])
                // 文章指出: a common word is not a name unless a title stands before it.
                if formsWord(text, from: i, to: end), !before { continue }
                let boundary = end >= n || ChineseWords.breakCharacters.contains(text.scalars[end]) || !Characters.isHan(text.scalars[end])
                if after && (before || listed || cueAfter) || before && (given == 2 || boundary) {
                    chosen = end
                    break
                }
                // Without a cue: a three-character name none of whose parts is a common word.
                if given == 2, surname == 1, looksLikeName(text, i, end) {
                    chosen = end
                    guessed = true
                    break
                }
            }
            // 李鹏 without a cue: one strongly name-like character between clause boundaries.
            if chosen == nil, surname == 1, i + 2 <= n, givenScore(text, i + 1) >= 13, givenCharacter(text.scalars[i + 1]),
               i == 0 || !Characters.isHan(text.scalars[i - 1]) || ChineseWords.breakCharacters.contains(text.scalars[i - 1]),
               i + 2 == n || !Characters.isHan(text.scalars[i + 2]) || ChineseWords.breakCharacters.contains(text.scalars[i + 2]) || ChineseWords.personAfterList.matches(in: text, at: i + 2),
               !formsWord(text, from: i, to: i + 2), !formsWord(text, from: i + 1, to: i + 3) {
                chosen = i + 2
                guessed = true
            }
            if let end = chosen {
                found.append(Candidate(start: i, end: end, type: .person, priority: guessed ? Candidate.guess : Candidate.pattern))
                listEnd = end
                i = end
            } else {
                i += 1
            }
        }
    }

    /// 张伟、李娜和…: a list separator, then a surname with one or two characters and another
    /// separator or the end of the list.
    private func startsList(_ text: ScalarText, at i: Int) -> Bool {
        guard text[i] == "、", let surname = surnameLength(text, at: i + 1) else { return false }
        for given in 1...2 {
            let end = i + 1 + surname + given
            guard end <= text.count, (i + 1 + surname..<end).allSatisfy({ givenCharacter(text.scalars[$0]) }) else { return false }
            if end == text.count || "、和与及等，。；".unicodeScalars.contains(text.scalars[end]) { return true }
        }
        return false
    }

    /// How much likelier the character at `k` is in a given name than in other words (0…15,
    /// learned from jieba's person names by `scripts/build-gazetteers.py`).
    private func givenScore(_ text: ScalarText, _ k: Int) -> Int {
        guard let gazetteer, k < text.count, let value = gazetteer.trie.value(ofScalars: text, k..<k + 1) else { return 0 }
        return Int(value >> 12 & 0xF)
    }

    /// 曾庆红: surname and two given characters that are name-like, where neither the pairs nor
    /// the whole are common words, the surname does not end the word before it, and the name ends
    /// at a word boundary.
    private func looksLikeName(_ text: ScalarText, _ i: Int, _ end: Int) -> Bool {
        let first = givenScore(text, i + 1), second = givenScore(text, i + 2)
        guard first + second >= 12 else { return false }
        if formsWord(text, from: i, to: i + 2) || formsWord(text, from: i + 1, to: i + 3) || formsWord(text, from: i, to: i + 3) { return false }
        if i > 0, Characters.isHan(text.scalars[i - 1]), formsWord(text, from: i - 1, to: i + 1) || formsWord(text, from: max(0, i - 2), to: i + 1) { return false }
        if end < text.count, Characters.isHan(text.scalars[end]), formsWord(text, from: end - 1, to: end + 1), !ChineseWords.personAfterList.matches(in: text, at: end) { return false }
        // The start of a transliterated name (应|克林顿), not a Chinese one.
        if end < text.count, ChineseWords.transliteration.contains(text.scalars[end]), ChineseWords.transliteration.contains(text.scalars[end - 1]) { return false }
        return true
    }

    /// A run of transliteration characters (three or more, or two with a cue) with a role or
    /// speech word before or after it.
    private func transliterated(_ text: ScalarText, from i: Int) -> Int? {
        guard ChineseWords.transliteration.contains(text.scalars[i]), i == 0 || !ChineseWords.transliteration.contains(text.scalars[i - 1]) else { return nil }
        var j = i
        while j < text.count, j - i < 6, ChineseWords.transliteration.contains(text.scalars[j]) { j += 1 }
        guard j - i >= 2 else { return nil }
        // Two characters that start with a Chinese surname read as a Chinese name (杜琪峰).
        if j - i == 2, surnameLength(text, at: i) != nil { return nil }
        let before = ChineseWords.personBeforeList.matches(in: text, endingAt: i)
        // The longest run that a cue follows.
        for end in stride(from: j, through: i + 2, by: -1) {
            if ChineseWords.personAfterList.matches(in: text, at: end) && (end - i >= 3 || before) && !formsWord(text, from: i, to: end) { return end }
        }
        if before, j - i >= 2, !formsWord(text, from: i, to: j) { return j }
        return nil
    }

    private func surnameLength(_ text: ScalarText, at i: Int) -> Int? {
        guard let gazetteer else { return nil }
        var length: Int?
        gazetteer.trie.prefixes(of: text, from: i, limit: min(text.count, i + 2)) { end, value in
            if GazetteerKind(rawValue: value).contains(.chineseSurname) { length = end - i }
        }
        return length
    }

    private func givenCharacter(_ c: Unicode.Scalar) -> Bool {
        Characters.isHan(c) && !ChineseWords.breakCharacters.contains(c) && !"说称表指认介告强透坦回解率会出获主执担当先女教博老同等一二三四五六七八九十百千万亿年月日省市县区国".unicodeScalars.contains(c)
    }

    /// 迈克尔·乔丹: two or more transliteration runs joined by ·.
    private func dottedName(_ text: ScalarText, from i: Int) -> Int? {
        var j = i
        var parts = 0
        while true {
            let runStart = j
            while j < text.count, Characters.isHan(text.scalars[j]), ChineseWords.transliteration.contains(text.scalars[j]) || j > runStart && !ChineseWords.breakCharacters.contains(text.scalars[j]) && j - runStart < 5 { j += 1 }
            guard j > runStart else { break }
            parts += 1
            guard j < text.count, text.scalars[j] == "·" || text.scalars[j] == "•", j + 1 < text.count, Characters.isHan(text.scalars[j + 1]) else { break }
            j += 1
        }
        return parts >= 2 ? j : nil
    }
}
