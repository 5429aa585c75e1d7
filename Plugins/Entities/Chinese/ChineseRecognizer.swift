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
    let user: UserLexicon?

    func candidates(in text: ScalarText, into found: inout [Candidate]) {
        titles(text, into: &found)
        dictionaryMatches(text, into: &found)
        heads(text, ChineseWords.organisationHeads, weak: ChineseWords.weakHeads, excluded: ChineseWords.notOrganisations, type: .org, into: &found)
        heads(text, ChineseWords.eventHeads, weak: ChineseWords.weakEventHeads, excluded: ChineseWords.notEvents, type: .event, into: &found)
        people(text, into: &found)
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

    // MARK: Gazetteer and user dictionaries

    private func dictionaryMatches(_ text: ScalarText, into found: inout [Candidate]) {
        var i = 0
        let n = text.count
        while i < n {
            let c = text.scalars[i]
            guard Characters.isHan(c) else { i += 1; continue }
            if let user, let match = user.longest(in: text, from: i) {
                found.append(Candidate(start: i, end: match.end, type: match.entry.type, priority: Candidate.dictionary, normalized: match.entry.normalized))
                i = match.end
                continue
            }
            guard let gazetteer else { i += 1; continue }
            var best: (end: Int, kind: GazetteerKind)?
            gazetteer.trie.prefixes(of: text, from: i, limit: min(n, i + 24)) { end, value in
                let kind = GazetteerKind(rawValue: value)
                if end - i >= 2, !kind.isDisjoint(with: [.gpe, .org, .publication, .event, .person]) { best = (end, kind) }
            }
            guard let best else { i += 1; continue }
            let kind = best.kind
            var type: EntityType?
            var priority = Candidate.gazetteer
            if kind.contains(.publication) { type = .publication } else if kind.contains(.org) { type = .org } else if kind.contains(.event) { type = .event } else if kind.contains(.gpe), !kind.contains(.weak) || followsPlaceWord(text, best.end) {
                type = .gpe
            } else if kind.contains(.person), !kind.contains(.weak) {
                type = .person
                priority = Candidate.gazetteer - 10
            }
            if let type {
                let name = text.string(i..<best.end)
                found.append(Candidate(start: i, end: best.end, type: type, priority: priority, normalized: gazetteer.canonical[name]))
                i = best.end
            } else {
                i += 1
            }
        }
    }

    private func followsPlaceWord(_ text: ScalarText, _ end: Int) -> Bool {
        guard let c = text[end] else { return false }
        return ChineseWords.placeSuffixes.contains(c)
    }

    // MARK: Names before a head word

    private func heads(_ text: ScalarText, _ heads: [String], weak: Set<String>, excluded: Set<String>, type: EntityType, into found: inout [Candidate]) {
        let patterns = heads.map { Array($0.unicodeScalars) }
        let lastScalars = Set(patterns.map { $0.last! })
        var i = 0
        let n = text.count
        var lastEnd = -1
        while i < n {
            guard lastScalars.contains(text.scalars[i]) else { i += 1; continue }
            // The longest head that ends at i.
            var head: [Unicode.Scalar]?
            for pattern in patterns where i + 1 >= pattern.count && text.matches(pattern, at: i + 1 - pattern.count) {
                if pattern.count > (head?.count ?? 0) { head = pattern }
            }
            guard let head else { i += 1; continue }
            let headStart = i + 1 - head.count
            var end = i + 1
            // Heads that follow heads belong to one name (国务院办公厅, 委员会办公室).
            while let next = patterns.filter({ text.matches($0, at: end) }).max(by: { $0.count < $1.count }) { end += next.count }
            let start = nameStart(text, before: headStart, floor: max(lastEnd, 0))
            let nameLength = headStart - start
            let headString = String(String.UnicodeScalarView(head))
            if nameLength >= (weak.contains(headString) ? 2 : 1) {
                let name = text.string(start..<end)
                if !excluded.contains(name), !excluded.contains(text.string(max(start, headStart - 1)..<end)) {
                    found.append(Candidate(start: start, end: end, type: type, priority: Candidate.pattern, normalized: gazetteer?.canonical[name]))
                    lastEnd = end
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
            if ChineseWords.breakCharacters.contains(c) { break }
            j -= 1
        }
        guard j < end else { return end }
        // The rightmost boundary word inside [j, end) ends the name on the left.
        var start = j
        for p in stride(from: end - 1, to: j, by: -1) {
            if ChineseWords.leftBoundaries.contains(where: { text.matches($0, endingAt: p) && p - $0.unicodeScalars.count >= j }) {
                start = p
                break
            }
        }
        // A known place or organisation that straddles the start begins the name (北京 in 近北京…).
        if let gazetteer, start > j {
            for p in stride(from: start - 1, through: j, by: -1) {
                if let match = gazetteer.trie.longest(in: text, from: p, limit: end), match.end > start, !GazetteerKind(rawValue: match.value).isDisjoint(with: [.gpe, .org]) {
                    start = p
                }
            }
        }
        return start
    }

    // MARK: People

    private func people(_ text: ScalarText, into found: inout [Candidate]) {
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
            guard let surname = surnameLength(text, at: i) else { i += 1; continue }
            let before = ChineseWords.personBefore.contains { text.matches($0, endingAt: i) }
            let listed = listEnd >= 0 && i - listEnd <= 1 && (i == listEnd || "、和与及".unicodeScalars.contains(text.scalars[i - 1]))
            var chosen: Int?
            for given in [2, 1] {
                let end = i + surname + given
                guard end <= n, (i + surname..<end).allSatisfy({ givenCharacter(text.scalars[$0]) }) else { continue }
                let after = end >= n || !Characters.isHan(text.scalars[end]) || ChineseWords.personAfter.contains { text.matches($0, at: end) }
                    || listed && "、和与及等".unicodeScalars.contains(text.scalars[end])
                if after && (before || listed || ChineseWords.personAfter.contains { text.matches($0, at: end) }) || before && given == 2 {
                    chosen = end
                    break
                }
            }
            if let end = chosen {
                found.append(Candidate(start: i, end: end, type: .person, priority: Candidate.pattern))
                listEnd = end
                i = end
            } else {
                i += 1
            }
        }
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
        Characters.isHan(c) && !ChineseWords.breakCharacters.contains(c) && !"说称表指认介告强透坦回解率会出获主执担当先女小教博老同等一二三四五六七八九十百千万亿年月日省市县区国".unicodeScalars.contains(c)
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
