import GleanText
/// English number words: "twenty-one", "three hundred and five", "one hundred billion", "a dozen",
/// "two-thirds", "three quarters", "one and a half", "half a million", "two point five".
enum EnglishNumbers {
    static let units: WordTable<Double> = [
        "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19,
    ]
    static let tens: WordTable<Double> = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90]
    static let scales: WordTable<Double> = ["thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12]
    /// What "a half" or "a quarter" can be of: scales, hundred and dozen.
    static let multipliers: WordTable<Double> = ["dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12]
    /// Ordinals of the units, which after a hyphenated ten make an ordinal ("thirty-second").
    static let unitOrdinals: WordSet = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
    /// Denominators: "thirds", "fifths"… (singular after one / a).
    static let denominators: WordTable<Double> = [
        "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5,
        "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
        "hundredth": 100, "hundredths": 100, "thousandth": 1000, "thousandths": 1000,
        "twentieth": 20, "twentieths": 20, "thirtieth": 30, "thirtieths": 30, "fortieth": 40, "fortieths": 40, "fiftieth": 50, "fiftieths": 50,
        "sixtieth": 60, "sixtieths": 60, "seventieth": 70, "seventieths": 70, "eightieth": 80, "eightieths": 80, "ninetieth": 90, "ninetieths": 90,
        "millionth": 1e6, "millionths": 1e6, "billionth": 1e9, "billionths": 1e9, "trillionth": 1e12, "trillionths": 1e12,
    ]
    /// Ordinals that end a compound denominator only ("twenty-first", "one hundred second"):
    /// alone, "first" and "second" are not fractions.
    static let compoundOrdinalEnds: WordTable<Double> = ["first": 1, "firsts": 1, "second": 2, "seconds": 2]
    /// "tenfold", "hundredfold": multiples written as one word.
    static let foldWords: WordTable<Double> = [
        "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "sixfold": 6, "sevenfold": 7, "eightfold": 8, "ninefold": 9,
        "tenfold": 10, "twentyfold": 20, "fiftyfold": 50, "hundredfold": 100, "thousandfold": 1000,
    ]

    /// Packed keys (``ScalarText/packedWord(at:)``) of the words that can start a number.
    static let starterKeys: PackedSet = {
        var words = Array(units.keys) + Array(tens.keys) + Array(scales.keys) + Array(foldWords.keys)
        words += ["a", "an", "half", "quarter", "hundred", "dozen", "minus", "negative"]
        return PackedSet(words.map(ScalarText.pack))
    }()

    /// Packed keys of every word a number can contain (number words and the connectors "and",
    /// "a", "point", "over", "out of"): reading stops after the first other word, which ends any
    /// number anyway (building strings for sixteen words after every "a" was a tenth of the time).
    static let vocabularyKeys: PackedSet = {
        var words = Array(units.keys) + Array(tens.keys) + Array(scales.keys) + Array(foldWords.keys) + Array(denominators.keys) + Array(compoundOrdinalEnds.keys)
        words += ["a", "an", "half", "quarter", "hundred", "hundreds", "dozen", "minus", "negative", "and", "point", "over", "out", "of"]
        return PackedSet(words.filter { $0.utf8.count <= 12 }.map(ScalarText.pack))
    }()

    /// Whether a lowercased word can start an English number.
    static func startsNumber(_ word: String) -> Bool {
        units[word] != nil || tens[word] != nil || word == "a" || word == "an" || word == "half" || word == "quarter" || word == "hundred" || word == "dozen" || foldWords[word] != nil || scales[word] != nil
    }

    /// One word of a number, split at hyphens ("twenty-one" is two).
    private struct Token {
        var word: String
        var start: Int
        var end: Int
        /// Joined to the word before by a hyphen ("ninety-five").
        var hyphenated = false
    }

    /// Reads up to `limit` words from `i`, hyphenated parts split, stopping at anything else.
    private static func tokens(_ text: ScalarText, from i: Int, limit: Int = 40) -> [Token] {
        var result: [Token] = []
        var j = i
        var hyphenated = false
        while result.count < limit, let (word, end) = text.word(at: j) {
            result.append(Token(word: word, start: j, end: end, hyphenated: hyphenated))
            guard let packed = text.packedWord(at: j), vocabularyKeys.contains(packed.key) else { break }
            // Next: a hyphen (with optional spaces, "ninety - five") or spaces, then a word; after
            // a scale word also a comma ("three million, two hundred"); "&" reads as "and".
            var k = text.skipSpaces(from: end, limit: 3)
            hyphenated = text[k] == "-"
            if hyphenated {
                k = text.skipSpaces(from: k + 1, limit: 3)
            } else if text[k] == ",", let scale = scales[word], continuesAfterComma(text, at: text.skipSpaces(from: k + 1, limit: 2), below: scale) {
                k = text.skipSpaces(from: k + 1, limit: 2)
            } else if text[k] == "&", k > end, text.skipSpaces(from: k + 1, limit: 2) > k + 1 {
                result.append(Token(word: "and", start: k, end: k + 1))
                k = text.skipSpaces(from: k + 1, limit: 2)
            } else if k == end {
                break
            }
            guard let c = text[k], Characters.isLatinLetter(c) else { break }
            j = k
        }
        return result
    }

    /// Whether the words at `i` continue a number after a comma and a scale word: a unit or ten
    /// followed by "hundred" or a smaller scale ("three million, two hundred and forty"), not
    /// a list ("one million, two million") or a count ("two million, three companies").
    private static func continuesAfterComma(_ text: ScalarText, at i: Int, below scale: Double) -> Bool {
        guard let (first, firstEnd) = text.word(at: i), units[first] != nil || tens[first] != nil else { return false }
        var j = text.skipSpaces(from: firstEnd, limit: 2)
        if text[j] == "-", let (_, unitEnd) = text.word(at: text.skipSpaces(from: j + 1, limit: 2)) { j = text.skipSpaces(from: unitEnd, limit: 2) }
        guard let (second, _) = text.word(at: j) else { return false }
        return second == "hundred" || (scales[second].map { $0 < scale } ?? false)
    }

    /// Parses English number words at `i` (a word start).
    static func parse(_ text: ScalarText, at i: Int) -> NumberCore? {
        if let previous = text[i - 1], Characters.isLatinLetter(previous) || Characters.isDigit(previous) { return nil }
        var words = tokens(text, from: i)
        guard let first = words.first, startsNumber(first.word) || first.word == "minus" || first.word == "negative" else { return nil }
        var negative = false
        if first.word == "minus" || first.word == "negative" {
            words.removeFirst()
            guard let next = words.first, startsNumber(next.word) else { return nil }
            negative = true
        }
        if let fold = foldWords[words[0].word] {
            return NumberCore(start: i, end: words[0].end, value: fold, style: .words, kind: .multiple)
        }
        if let fraction = compoundFraction(words) {
            return NumberCore(start: i, end: fraction.end, value: (negative ? -1 : 1) * fraction.value, style: .words)
        }
        guard var parsed = integer(words, from: 0) else {
            // "a half", "a hundredth": one over a denominator.
            if words.count >= 2, words[0].word == "a", let denominator = denominators[words[1].word], !words[1].word.hasSuffix("s") {
                // "a quarter billion", "a half dozen", "a third of a million" stay with their multiplier.
                if words.count >= 3, let multiplier = multipliers[words[2].word] {
                    return NumberCore(start: i, end: words[2].end, value: (negative ? -1 : 1) * multiplier / denominator, style: .words)
                }
                return NumberCore(start: i, end: words[1].end, value: (negative ? -1 : 1) / denominator, style: .words)
            }
            return nil
        }
        var index = parsed.next
        var value = parsed.value
        // Fractions: "three quarters", "two-thirds", "one hundred and thirty-two fifths" (132/5),
        // "one hundred and three quarters" (100.75: a numerator after "and" smaller than the
        // denominator is a fraction of its own), "six million and two thirds" (of a million).
        if index < words.count, let denominator = denominators[words[index].word], parsed.lastWasSmall {
            let plural = words[index].word.hasSuffix("s") || words[index].word == "halves"
            if plural || parsed.tail == 1 {
                if parsed.tailAfterAnd, parsed.tail < denominator {
                    value = (value - parsed.tail) + parsed.tail / denominator * parsed.scaleBeforeTail
                } else {
                    value /= denominator
                }
                index += 1
            }
        } else if index + 1 < words.count, words[index].word == "over" || words[index].word == "out" && words[index + 1].word == "of" {
            // "one over twenty-one", "two out of five hundred".
            let skip = words[index].word == "over" ? 1 : 2
            if let denominator = integer(words, from: index + skip), denominator.value != 0 {
                value /= denominator.value
                index = denominator.next
            }
        } else if index + 1 < words.count, words[index].word == "point" {
            // "two point five".
            var scale = 0.1
            var k = index + 1
            while k < words.count, let d = units[words[k].word], d < 10 {
                value += d * scale
                scale /= 10
                k += 1
            }
            if k > index + 1 { index = k }
        }
        // "two and fifty-four hundredths": a fraction after "and".
        if index + 2 < words.count, words[index].word == "and", let rest = integer(words, from: index + 1), rest.next < words.count,
           let denominator = denominators[words[rest.next].word], rest.value < denominator {
            value += rest.value / denominator
            index = rest.next + 1
        }
        // "… and a half", "… and a quarter".
        if index + 2 < words.count, words[index].word == "and", words[index + 1].word == "a" || words[index + 1].word == "one", let denominator = denominators[words[index + 2].word] {
            if index + 3 < words.count, let scale = scales[words[index + 3].word] {
                if parsed.lastScale > 1 {
                    // "one billion and a half million".
                    value += scale / denominator
                } else {
                    // "five and a half million".
                    value = (value + 1 / denominator) * scale
                }
                index += 4
            } else {
                // "one million and a half": half of the last scale.
                value += (parsed.lastScale > 1 ? parsed.lastScale : 1) / denominator
                index += 3
            }
        }
        // "five and a half million".
        if index < words.count, let scale = scales[words[index].word], value < 1000 {
            value *= scale
            index += 1
        }
        parsed.next = index
        guard parsed.next > 0 else { return nil }
        let end = words[parsed.next - 1].end
        return NumberCore(start: i, end: end, value: negative ? -value : value, style: .words)
    }

    /// An integer from word `from`: units, tens, hundred, scales, "and", "a".
    private struct Integer {
        var value: Double
        var next: Int
        var lastWasSmall: Bool
        var lastScale: Double
        /// The units and tens after the last "and" or scale word, and the scale before them.
        var tail: Double
        var tailAfterAnd: Bool
        var scaleBeforeTail: Double
    }

    /// A fraction whose denominator is a compound ordinal: "three twenty firsts" (3/21), "a
    /// twenty-first", "one one hundred fifth" (1/105), "twenty twenty fifths" (20/25), and a
    /// denominator after a scale, "a hundred trillionths" (100/10¹²). Of the ways to split the
    /// words into numerator and denominator, the shortest numerator whose remainder is a valid
    /// denominator wins ("one hundred thirty fifths" is 100/35), as Recognizers-Text reads them.
    /// A denominator of several words must end in an ordinal and cannot start with a scale word
    /// ("hundred fifths"); after a unit ("three fifths") the usual path reads it.
    private static func compoundFraction(_ words: [Token]) -> (value: Double, end: Int)? {
        // Only worth trying when an ordinal is among the words, after at least one other.
        guard words.count >= 2, words.dropFirst().contains(where: { denominators[$0.word] != nil || compoundOrdinalEnds[$0.word] != nil }) else { return nil }
        // A hyphenated pair ("ninety-five") is never split between numerator and denominator.
        for split in 1..<words.count where !words[split].hyphenated {
            let numeratorWords = Array(words[..<split])
            let numerator: Double
            if split == 1, numeratorWords[0].word == "a" || numeratorWords[0].word == "an" {
                numerator = 1
            } else {
                guard let parsed = integer(numeratorWords, from: 0), parsed.next == split else { continue }
                numerator = parsed.value
            }
            let numeratorEndsWithScale = scales[numeratorWords[split - 1].word] != nil || numeratorWords[split - 1].word == "hundred"
            for last in split..<words.count {
                let word = words[last].word
                guard let ordinal = denominators[word] ?? compoundOrdinalEnds[word] else { continue }
                // "seconds" ends a denominator only hyphenated ("thirty-seconds"): "one hundred
                // twenty seconds" is a duration.
                if word == "second" || word == "seconds", !words[last].hyphenated { break }
                let plural = word.hasSuffix("s") && word != "halves" || word == "halves"
                guard plural || numerator == 1 else { break }
                let denominator: Double
                if last == split {
                    // A denominator alone: only after a scale word here ("a hundred trillionths").
                    guard numeratorEndsWithScale, compoundOrdinalEnds[word] == nil, word != "half", word != "halves", word != "quarter", word != "quarters" else { break }
                    denominator = ordinal
                } else {
                    let prefixWords = Array(words[split..<last])
                    let first = prefixWords[0].word
                    guard scales[first] == nil, first != "hundred", first != "and",
                          let prefix = integer(prefixWords, from: 0), prefix.next == prefixWords.count else { break }
                    // The ordinal must fit after the prefix: "twenty" + fifth (under ten), "one
                    // hundred" + fifth or thirtieth (under a hundred), "one thousand" + fifth.
                    let lastPrefixWord = prefixWords[prefixWords.count - 1].word
                    let fits = tens[lastPrefixWord] != nil ? ordinal < 10 : (lastPrefixWord == "hundred" ? ordinal < 100 : scales[lastPrefixWord].map { ordinal < $0 } ?? false)
                    guard fits else { break }
                    denominator = prefix.value + ordinal
                }
                return (numerator / denominator, words[last].end)
            }
        }
        return nil
    }

    private static func integer(_ words: [Token], from start: Int) -> Integer? {
        var total = 0.0, current = 0.0
        var index = start
        var consumed = false
        var lastWasUnit = false, lastWasTen = false
        var lastScale = 1.0
        var scaleLimit = Double.infinity
        var tail = 0.0, tailAfterAnd = false, scaleBeforeTail = 1.0
        while index < words.count {
            let word = words[index].word
            if let u = units[word] {
                if lastWasUnit || (lastWasTen && u >= 10) { break }
                current += u
                tail += u
                lastWasUnit = true
                lastWasTen = false
            } else if let t = tens[word] {
                if lastWasUnit || lastWasTen || current.truncatingRemainder(dividingBy: 100) != 0 { break }
                current += t
                tail += t
                lastWasTen = true
                lastWasUnit = false
            } else if word == "a" || word == "an" {
                // "a hundred", "a dozen", "a million": only before a multiplier.
                guard !consumed || (index > start && words[index - 1].word == "and"), index + 1 < words.count,
                      words[index + 1].word == "hundred" || words[index + 1].word == "dozen" || scales[words[index + 1].word] != nil else { break }
                current += 1
                tail = 1
                lastWasUnit = true
            } else if word == "half" || word == "quarter", !consumed, index + 1 < words.count {
                // "half a million", "half million", "half a dozen".
                var k = index + 1
                if words[k].word == "a", k + 1 < words.count { k += 1 }
                guard let scale = multipliers[words[k].word] else { break }
                total += scale / (word == "half" ? 2 : 4)
                index = k + 1
                consumed = true
                lastScale = scale
                continue
            } else if word == "hundred" || word == "hundreds" && (lastWasUnit || lastWasTen) {
                // "five hundreds" is 500; "hundreds of" alone is no definite number.
                current = (current == 0 ? 1 : current) * 100
                tail = 0
                tailAfterAnd = false
                lastWasUnit = false
                lastWasTen = false
            } else if word == "dozen" {
                current = (current == 0 ? 1 : current) * 12
                lastWasUnit = false
            } else if let scale = scales[word] {
                guard scale < scaleLimit || current == 0 && total == 0 else { break }
                total += (current == 0 ? 1 : current) * scale
                current = 0
                tail = 0
                tailAfterAnd = false
                scaleBeforeTail = scale
                scaleLimit = scale
                lastScale = scale
                lastWasUnit = false
                lastWasTen = false
            } else if word == "and", consumed, index + 1 < words.count {
                let next = words[index + 1].word
                guard units[next] != nil || tens[next] != nil || next == "a" else { break }
                // "and a half" is a fraction, read by the caller.
                if next == "a", index + 2 < words.count, denominators[words[index + 2].word] != nil { break }
                tail = 0
                tailAfterAnd = true
                lastWasUnit = false
                lastWasTen = false
            } else {
                break
            }
            consumed = true
            index += 1
        }
        guard consumed else { return nil }
        // A trailing "and" is not part of the number.
        while index > start, words[index - 1].word == "and" || words[index - 1].word == "a" { index -= 1 }
        let lastWord = words[index - 1].word
        return Integer(value: total + current, next: index, lastWasSmall: units[lastWord] != nil || tens[lastWord] != nil || lastWord == "hundred" || lastWord == "a",
                       lastScale: lastScale, tail: tail, tailAfterAnd: tailAfterAnd, scaleBeforeTail: scaleBeforeTail)
    }
}
