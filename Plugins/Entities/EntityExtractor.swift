import Foundation
import GleanText

/// Finds entities — ORG, PERSON, GPE, WORK, EVENT, PUBLICATION, DATE — in English and Chinese
/// text (ARCHITECTURE.md, "Entities"), with no model and no network: patterns over capitalised
/// words and Chinese head words (``EnglishRecognizer``, ``ChineseRecognizer``), the shipped
/// gazetteer (`Resources/gazetteer.trie`, see `Plugins/Entities/NOTICE`), dates
/// (``DateMentions``), and the pipeline's own names and rules (``UserLexicon``). Offsets are code
/// points; overlaps are resolved for the strongest, then longest, candidate.
public struct EntityExtractor: Sendable {
    public enum Language: String, Sendable, CaseIterable {
        case auto, en, zh
    }

    public var language: Language
    /// Types to keep (nil: all).
    public var types: Set<EntityType>?
    public let user: UserLexicon
    let gazetteer: Gazetteer?

    /// Fails only when the shipped gazetteer cannot be read (a broken installation).
    public init(language: Language = .auto, types: Set<EntityType>? = nil, user: UserLexicon = UserLexicon()) throws {
        self.language = language
        self.types = types
        self.user = user
        gazetteer = try Gazetteer.shipped.get()
    }

    /// The entities of `text`, in order. `published` resolves relative dates (yesterday, 去年).
    public func entities(in text: String, published: Date? = nil) -> [Entity] {
        let scalars = ScalarText(text)
        guard scalars.count > 0 else { return [] }
        var english = language != .zh, chinese = language != .en
        if language == .auto {
            // Both recognisers run on mixed text; one is skipped when its script is absent.
            var han = false, latin = false
            for scalar in scalars.scalars {
                if Characters.isHan(scalar) { han = true } else if Characters.isLatinLetter(scalar) { latin = true }
                if han && latin { break }
            }
            english = latin
            chinese = han
        }
        var candidates = user.ruleMatches(in: text, scalars: scalars)
        userNames(scalars, into: &candidates)
        if english { EnglishRecognizer(gazetteer: gazetteer).candidates(in: scalars, into: &candidates) }
        if chinese { ChineseRecognizer(gazetteer: gazetteer).candidates(in: scalars, into: &candidates) }
        for date in DateMentions.find(in: scalars, published: published, english: english, chinese: chinese) {
            candidates.append(Candidate(start: date.start, end: date.end, type: .date, priority: Candidate.pattern + 5, normalized: date.normalized))
        }
        var entities: [Entity] = []
        for candidate in Overlaps.resolve(candidates) {
            if let types, !types.contains(candidate.type) { continue }
            let string = scalars.string(candidate.start..<candidate.end)
            let normalized = user.aliases[string] ?? candidate.normalized ?? gazetteer?.canonical[string] ?? string
            entities.append(Entity(text: string, start: candidate.start, end: candidate.end, type: candidate.type, normalized: normalized))
        }
        return entities
    }

    /// The user's names anywhere in the text (whole words in Latin script).
    private func userNames(_ text: ScalarText, into found: inout [Candidate]) {
        guard !user.isEmpty else { return }
        var i = 0
        while i < text.count {
            let c = text.scalars[i]
            let wordStart = !Characters.isLatinLetter(c) && !Characters.isDigit(c) || i == 0 || !Characters.isLatinLetter(text.scalars[i - 1]) && !Characters.isDigit(text.scalars[i - 1])
            if wordStart, let match = user.longest(in: text, from: i), !Characters.isLatinLetter(c) || text.isWordEnd(match.end) {
                found.append(Candidate(start: i, end: match.end, type: match.entry.type, priority: Candidate.dictionary, normalized: match.entry.normalized))
                i = match.end
                continue
            }
            i += 1
        }
    }
}
