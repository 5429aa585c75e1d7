import GleanText
/// Qualifier words around a figure: before it ("more than", 超过, 近) or after it (以上, 左右).
enum Qualifiers {
    /// English phrases before the number, longest first.
    static let englishBefore: [(phrase: [String], qualifier: FigureQualifier)] = [
        (["no", "more", "than"], .atMost), (["no", "less", "than"], .atLeast), (["not", "less", "than"], .atLeast),
        (["a", "maximum", "of"], .atMost), (["a", "minimum", "of"], .atLeast), (["upwards", "of"], .over),
        (["more", "than"], .over), (["greater", "than"], .over), (["at", "least"], .atLeast), (["at", "most"], .atMost),
        (["up", "to"], .atMost), (["less", "than"], .under), (["fewer", "than"], .under), (["close", "to"], .approaching),
        (["an", "estimated"], .approximately), (["just", "under"], .under), (["just", "over"], .over),
        (["over"], .over), (["above"], .over), (["exceeding"], .over), (["exceeded"], .over), (["exceeds"], .over), (["surpassing"], .over),
        (["surpassed"], .over), (["beyond"], .over), (["nearly"], .approaching), (["almost"], .approaching), (["approaching"], .approaching),
        (["approach"], .approaching), (["about"], .approximately), (["around"], .approximately), (["approximately"], .approximately),
        (["roughly"], .approximately), (["some"], .approximately), (["estimated"], .approximately), (["circa"], .approximately),
        (["approx"], .approximately), (["under"], .under), (["below"], .under),
    ]
    /// Chinese words before the number, longest first.
    static let chineseBefore: [(String, FigureQualifier)] = [
        ("不少于", .atLeast), ("不低于", .atLeast), ("不超过", .atMost), ("不足", .under), ("不到", .under), ("低于", .under), ("少于", .under),
        ("超过", .over), ("多于", .over), ("高于", .over), ("突破", .over), ("将近", .approaching), ("接近", .approaching), ("逼近", .approaching),
        ("大约", .approximately), ("约为", .approximately), ("大概", .approximately), ("至少", .atLeast), ("最多", .atMost), ("至多", .atMost),
        ("超", .over), ("逾", .over), ("近", .approaching), ("约", .approximately), ("达", .exact),
    ]
    static let chineseAfter: [(String, FigureQualifier)] = [("以上", .over), ("多", .over), ("余", .over), ("左右", .approximately), ("上下", .approximately), ("以下", .under), ("以内", .atMost)]

    static let chineseAfterScalars: [(pattern: [Unicode.Scalar], qualifier: FigureQualifier)] = chineseAfter.map { (Array($0.0.unicodeScalars), $0.1) }
    static let chineseBeforeScalars: [(pattern: [Unicode.Scalar], qualifier: FigureQualifier)] = chineseBefore.map { (Array($0.0.unicodeScalars), $0.1) }
    /// English phrases as packed words (``ScalarText/packedWord(at:)``), last word first.
    private static let englishBeforePacked: [(reversed: [UInt64], qualifier: FigureQualifier)] = englishBefore.map { (Array($0.phrase.reversed().map(ScalarText.pack)), $0.qualifier) }

    /// The qualifier before `start` (skipping spaces), or nil.
    static func before(_ text: ScalarText, start: Int) -> FigureQualifier? {
        let end = text.skipSpacesBackward(from: start)
        guard end > 0 else { return nil }
        let previous = text.scalars[end - 1]
        if Characters.isHan(previous) {
            for (pattern, qualifier) in chineseBeforeScalars where end >= pattern.count && text.matches(pattern, at: end - pattern.count) {
                return qualifier == .exact ? nil : qualifier
            }
            return nil
        }
        guard Characters.isLatinLetter(previous) else { return nil }
        // Up to three words back, as packed keys (no strings built).
        var words: [UInt64] = []
        var position = end
        while words.count < 3, position > 0, Characters.isLatinLetter(text.scalars[position - 1]) {
            var wordStart = position
            while wordStart > 0, Characters.isLatinLetter(text.scalars[wordStart - 1]) { wordStart -= 1 }
            guard let packed = text.packedWord(at: wordStart) else { break }
            words.append(packed.key)
            position = text.skipSpacesBackward(from: wordStart)
            if position == wordStart { break }
        }
        phrases: for (reversed, qualifier) in englishBeforePacked where words.count >= reversed.count {
            for k in 0..<reversed.count where words[k] != reversed[k] { continue phrases }
            return qualifier
        }
        return nil
    }

    /// A qualifier written after the figure ending at `end` ("以上", "左右", "or more"), with its end.
    static func after(_ text: ScalarText, end: Int) -> (FigureQualifier, Int)? {
        if let c = text[end], Characters.isHan(c) {
            for (pattern, qualifier) in chineseAfterScalars where text.matches(pattern, at: end) {
                return (qualifier, end + pattern.count)
            }
        }
        let j = text.skipSpaces(from: end)
        if text.matches("or more", at: j), text.isWordEnd(j + 7) { return (.atLeast, j + 7) }
        if text.matches("or less", at: j), text.isWordEnd(j + 7) { return (.atMost, j + 7) }
        return nil
    }
}
