import Foundation
import GleanText

/// What a pipeline adds to the shipped gazetteer: names of its own (`dictionaries`), canonical
/// names (`aliases`) and regular-expression rules with a type of their own (`rules`), inline or
/// from lexicon files. A user's name or rule wins over everything the extractor finds itself.
public struct UserLexicon: Sendable {
    public struct Entry: Sendable, Hashable {
        public var type: EntityType
        public var normalized: String?
    }

    /// A regular expression whose matches are entities of `type`.
    public struct Rule: Sendable {
        public let pattern: String
        public let type: EntityType
        let regex: SendableRegex

        public init(pattern: String, type: EntityType) throws {
            self.pattern = pattern
            self.type = type
            regex = SendableRegex(try NSRegularExpression(pattern: pattern, options: []))
        }
    }

    private let entries: [Entry]
    private let trie: Trie
    /// Alias → canonical name, applied to every entity's `normalized`.
    public let aliases: [String: String]
    public let rules: [Rule]

    public var isEmpty: Bool { entries.isEmpty && aliases.isEmpty && rules.isEmpty }

    /// `names`: name → entry; `aliases`: alias → canonical name.
    public init(names: [String: Entry] = [:], aliases: [String: String] = [:], rules: [Rule] = []) {
        var entries: [Entry] = []
        var values: [String: UInt32] = [:]
        for (name, entry) in names.sorted(by: { $0.key < $1.key }) where !name.isEmpty {
            entries.append(entry)
            values[name] = UInt32(entries.count)
        }
        self.entries = entries
        self.aliases = aliases
        self.rules = rules
        trie = Trie(values)
    }

    /// The longest user name that starts at `i`.
    func longest(in text: ScalarText, from i: Int) -> (end: Int, entry: Entry)? {
        guard !entries.isEmpty, let match = trie.longest(in: text, from: i, limit: min(text.count, i + 200)) else { return nil }
        return (match.end, entries[Int(match.value) - 1])
    }

    /// Reads a lexicon file: one entry per line, `#` comments —
    /// `TYPE<TAB>name[<TAB>canonical]` (a name, and its canonical form),
    /// `ALIAS<TAB>alias<TAB>canonical`, `RULE<TAB>TYPE<TAB>regular expression`.
    /// Errors name the file and line.
    public static func read(file path: String) throws -> (names: [String: Entry], aliases: [String: String], rules: [Rule]) {
        let contents: String
        do { contents = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationFileError(description: "\(path): cannot read the lexicon file (\(error.localizedDescription))")
        }
        var names: [String: Entry] = [:], aliases: [String: String] = [:], rules: [Rule] = []
        for (index, line) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let place = "\(path):\(index + 1)"
            switch parts[0] {
            case "ALIAS":
                guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty else { throw ConfigurationFileError(description: "\(place): expected ALIAS<TAB>alias<TAB>canonical name") }
                aliases[parts[1]] = parts[2]
            case "RULE":
                guard parts.count == 3, !parts[1].isEmpty else { throw ConfigurationFileError(description: "\(place): expected RULE<TAB>TYPE<TAB>regular expression") }
                do { rules.append(try Rule(pattern: parts[2], type: EntityType(parts[1]))) } catch {
                    throw ConfigurationFileError(description: "\(place): '\(parts[2])' is not a valid regular expression")
                }
            default:
                guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw ConfigurationFileError(description: "\(place): expected TYPE<TAB>name[<TAB>canonical name], ALIAS<TAB>… or RULE<TAB>…")
                }
                names[parts[1]] = Entry(type: EntityType(parts[0]), normalized: parts.count == 3 ? parts[2] : nil)
            }
        }
        return (names, aliases, rules)
    }

    /// Matches of the rules in `text`, as scalar offsets.
    func ruleMatches(in text: String, scalars: ScalarText) -> [Candidate] {
        guard !rules.isEmpty else { return [] }
        // NSRegularExpression counts UTF-16 units; map them to scalars once.
        var scalarAt: [Int] = []
        scalarAt.reserveCapacity(text.utf16.count + 1)
        for (index, scalar) in scalars.scalars.enumerated() {
            scalarAt.append(index)
            if scalar.value > 0xFFFF { scalarAt.append(index) }
        }
        scalarAt.append(scalars.count)
        var found: [Candidate] = []
        let range = NSRange(location: 0, length: text.utf16.count)
        for rule in rules {
            for match in rule.regex.value.matches(in: text, options: [], range: range) where match.range.length > 0 {
                let start = scalarAt[match.range.location], end = scalarAt[match.range.location + match.range.length]
                found.append(Candidate(start: start, end: end, type: rule.type, priority: Candidate.rule))
            }
        }
        return found
    }
}

/// `NSRegularExpression` is immutable and documented thread-safe; it is not marked `Sendable`.
struct SendableRegex: @unchecked Sendable {
    let value: NSRegularExpression
    init(_ value: NSRegularExpression) { self.value = value }
}

/// A lexicon file that cannot be read, with its path and line.
public struct ConfigurationFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
