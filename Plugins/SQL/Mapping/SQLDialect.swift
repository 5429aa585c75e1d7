import Foundation
import GleanCore

/// The SQL dialects Glean writes: quoting, literals and type names.
public enum SQLDialect: String, Sendable, CaseIterable {
    case sqlite, postgres

    /// Longest identifier the server keeps (PostgreSQL truncates at 63 bytes).
    var maximumIdentifierBytes: Int { self == .postgres ? 63 : 1000 }

    /// An identifier, always quoted: `"; DROP TABLE x; --` becomes a harmless column name.
    /// NUL is removed (neither dialect accepts it); names too long for the dialect are cut and
    /// given a hash suffix so that two long names stay distinct.
    public func quote(_ name: String) -> String {
        "\"" + identifier(name).replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The identifier as the server will store it (NUL removed, length limited).
    public func identifier(_ name: String) -> String {
        var clean = name.withoutNUL
        if clean.isEmpty { clean = "_" }
        guard clean.utf8.count > maximumIdentifierBytes else { return clean }
        var hash = StableHash()
        hash.combine(name)
        let suffix = "_" + String(hash.hex.prefix(8))
        var cut = ""
        for character in clean {
            if cut.utf8.count + String(character).utf8.count + suffix.utf8.count > maximumIdentifierBytes { break }
            cut.append(character)
        }
        return cut + suffix
    }

    /// The name under which the server tells `name` from other identifiers, as it stores it
    /// (``identifier(_:)``: NUL removed, cut to the length limit): SQLite compares identifiers
    /// without regard to ASCII case (`Title` and `title` are one column; other letters keep
    /// their case); PostgreSQL compares quoted identifiers exactly, so only NUL removal and the
    /// 63-byte cut can make two names one. Two names with the same folded form are one column.
    public func folded(_ name: String) -> String {
        let stored = identifier(name)
        guard self == .sqlite, stored.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return stored }
        return String(decoding: stored.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// A literal for `value`. Text is single-quoted with quotes doubled; NUL characters are
    /// removed (neither SQLite text nor PostgreSQL text can hold them) and counted by the caller
    /// through `removedNUL`. PostgreSQL literals assume `standard_conforming_strings = on` (the
    /// dump sets it), so backslashes need no escaping.
    public func literal(_ value: SQLValue, removedNUL: inout Int) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let n): return String(n)
        case .real(let d):
            if d.isNaN { return self == .postgres ? "'NaN'::float8" : "NULL" }
            if d.isInfinite { return self == .postgres ? (d > 0 ? "'Infinity'::float8" : "'-Infinity'::float8") : (d > 0 ? "9e999" : "-9e999") }
            // Shortest text that reads back as the same double. PostgreSQL reads a bare -0.0 as
            // numeric, which has no negative zero: -0 is written as a float8 literal there.
            if d == 0, d.sign == .minus, self == .postgres { return "'-0'::float8" }
            let text = "\(d)"
            return text.contains("e") || text.contains(".") ? text : text + ".0"
        case .boolean(let b): return self == .postgres ? (b ? "TRUE" : "FALSE") : (b ? "1" : "0")
        case .text(let s): return quoted(s, removedNUL: &removedNUL)
        case .timestamp(let date):
            let text = quoted(ISO8601.format(date), removedNUL: &removedNUL)
            return self == .postgres ? text + "::timestamptz" : text
        case .json(let s):
            let text = quoted(s, removedNUL: &removedNUL)
            return self == .postgres ? text + "::jsonb" : text
        }
    }

    /// A quoted string. Control characters other than newline and tab (a carriage return, for
    /// one, which shells reading a script may drop) are spliced in with `char(n)` / `chr(n)`.
    private func quoted(_ text: String, removedNUL: inout Int) -> String {
        var result = "'"
        result.reserveCapacity(text.utf8.count + 2)
        var spliced = false
        let function = self == .postgres ? "chr" : "char"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "'": result += "''"
            case "\u{0}": removedNUL += 1
            case "\n", "\t": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "' || \(function)(\(scalar.value)) || '"
                spliced = true
            default: result.unicodeScalars.append(scalar)
            }
        }
        result += "'"
        return spliced ? "(" + result + ")" : result
    }
}

extension String {
    /// The string without NUL characters (a `memchr` check first: most strings have none).
    var withoutNUL: String {
        let hasNUL = utf8.withContiguousStorageIfAvailable { buffer in
            buffer.baseAddress.map { memchr($0, 0, buffer.count) != nil } ?? false
        } ?? utf8.contains(0)
        guard hasNUL else { return self }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: unicodeScalars.lazy.filter { $0 != "\u{0}" })
        return String(scalars)
    }
}
