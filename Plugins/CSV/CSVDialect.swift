/// How a CSV file is written: the bytes that separate, quote and escape fields, and the lines that
/// are not data. RFC 4180 is `CSVDialect()`.
public struct CSVDialect: Sendable, Hashable, CustomStringConvertible {
    /// Field separator, 1–8 bytes (`,` `;` tab `|`, or a multi-byte one such as `||`).
    public var delimiter: [UInt8]
    /// Quote byte, or nil when fields are never quoted.
    public var quote: UInt8?
    /// Escape byte: makes the next byte literal, inside and outside quotes; nil for none.
    public var escape: UInt8?
    /// Whether `""` inside a quoted field is one quote (RFC 4180).
    public var doubleQuote: Bool
    /// A physical line that starts with these bytes is skipped; nil for none.
    public var comment: [UInt8]?
    /// Whitespace (space, tab) removed around unquoted fields.
    public var trim: Trim

    /// Which side of an unquoted field loses its spaces and tabs.
    public enum Trim: String, Sendable, Hashable, CaseIterable, Decodable {
        case none, leading, trailing, both
        var leading: Bool { self == .leading || self == .both }
        var trailing: Bool { self == .trailing || self == .both }
    }

    /// RFC 4180, or the given variations.
    public init(
        delimiter: [UInt8] = [UInt8(ascii: ",")], quote: UInt8? = UInt8(ascii: "\""), escape: UInt8? = nil,
        doubleQuote: Bool = true, comment: [UInt8]? = nil, trim: Trim = .none
    ) {
        self.delimiter = delimiter
        self.quote = quote
        self.escape = escape
        self.doubleQuote = doubleQuote
        self.comment = comment
        self.trim = trim
    }

    /// `delimiter ';', quote '"', escape doubled` — for logs and `glean extract csv-dialect`.
    public var description: String {
        var parts = ["delimiter \(Self.show(delimiter))"]
        parts.append(quote.map { "quote \(Self.show([$0]))" } ?? "no quoting")
        if let escape { parts.append("escape \(Self.show([escape]))") } else if quote != nil, doubleQuote { parts.append("quotes doubled") }
        if let comment { parts.append("comment \(Self.show(comment))") }
        if trim != .none { parts.append("trim \(trim.rawValue)") }
        return parts.joined(separator: ", ")
    }

    /// Bytes as a readable literal: `','`, `'\t'`.
    static func show(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        return "'\(text)'"
    }
}

import Foundation
