import Foundation
import GleanText

/// What the shipped gazetteer knows about a name (bits; the same as `scripts/build-gazetteers.py`).
package struct GazetteerKind: OptionSet, Sendable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    package static let gpe = Self(rawValue: 1 << 0)
    package static let org = Self(rawValue: 1 << 1)
    /// A full person name (Chinese names from jieba's dictionary).
    package static let person = Self(rawValue: 1 << 2)
    /// An English given name (US census).
    package static let given = Self(rawValue: 1 << 3)
    /// An English surname (US census).
    package static let surname = Self(rawValue: 1 << 4)
    package static let publication = Self(rawValue: 1 << 5)
    package static let event = Self(rawValue: 1 << 6)
    /// A Chinese surname (single or compound).
    package static let chineseSurname = Self(rawValue: 1 << 7)
    package static let country = Self(rawValue: 1 << 8)
    /// Evidence too weak to stand alone (a county name without 县, a rare dictionary name).
    package static let weak = Self(rawValue: 1 << 9)
    /// A common Chinese verb, adverb or function word (jieba): a name does not run through it.
    package static let breakWord = Self(rawValue: 1 << 10)
    /// A common Chinese word that is not a name (jieba), for telling 陈述 from 陈 + 述.
    package static let word = Self(rawValue: 1 << 11)
    /// The kinds that make an entity.
    package static let entities: Self = [.gpe, .org, .publication, .event, .person]
}

/// The shipped gazetteer: place, organisation, outlet and person names in English and Chinese
/// (sources and licences in `Plugins/Entities/NOTICE`), with the canonical names of aliases.
package struct Gazetteer: Sendable {
    package let trie: Trie
    /// Alias → canonical name (NRTA → 国家广播电视总局).
    package let canonical: [String: String]

    /// The gazetteer in the plugin's resources, read once per process.
    package static let shipped: Result<Gazetteer, any Error> = Result {
        guard let url = Bundle.module.url(forResource: "gazetteer", withExtension: "trie") else {
            throw GazetteerError(description: "gazetteer.trie is missing from the GleanEntities resources")
        }
        let (trie, canonical) = try Trie.load(try Data(contentsOf: url, options: .alwaysMapped))
        return Gazetteer(trie: trie, canonical: canonical)
    }

    package func kind(of name: some StringProtocol) -> GazetteerKind {
        GazetteerKind(rawValue: trie.value(of: name) ?? 0)
    }
}

package struct GazetteerError: Error, CustomStringConvertible {
    package var description: String
}
