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
        let url = try resourceURL()
        let (trie, canonical) = try Trie.load(try Data(contentsOf: url, options: .alwaysMapped))
        return Gazetteer(trie: trie, canonical: canonical)
    }

    /// `gazetteer.trie` in the resource bundle beside the executable — where SwiftPM puts it for
    /// `glean`, the test runner and the fuzzers, and where an installation copies it. Looked up
    /// here rather than through `Bundle.module`, which traps when the bundle is missing: a
    /// binary copied without its bundle gets this error instead of a crash.
    static func resourceURL() throws -> URL {
        var directories: [URL] = []
        if let executable = Bundle.main.executableURL {
            directories.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        let bundles = directories.flatMap { directory in
            ["Glean_GleanEntities.resources", "Glean_GleanEntities.bundle/Contents/Resources", "Glean_GleanEntities.bundle"].map { directory.appendingPathComponent($0) }
        }
        for bundle in bundles {
            let file = bundle.appendingPathComponent("gazetteer.trie")
            if FileManager.default.isReadableFile(atPath: file.path) { return file }
        }
        throw GazetteerError(description: "the entity gazetteer is missing: expected gazetteer.trie in \(bundles.first?.path ?? "Glean_GleanEntities.resources") — copy the Glean_GleanEntities.resources folder from .build/release next to the glean binary")
    }

    package func kind(of name: some StringProtocol) -> GazetteerKind {
        GazetteerKind(rawValue: trie.value(of: name) ?? 0)
    }
}

package struct GazetteerError: Error, CustomStringConvertible {
    package var description: String
}
