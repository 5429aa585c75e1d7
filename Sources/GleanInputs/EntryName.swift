import GleanEncoding

/// Archive entry names: decoding to UTF-8, and the checks that keep a name from escaping its
/// archive.
///
/// Decoding is a detection step, not libarchive's `hdrcharset` option (which needs the charset
/// known in advance, per archive): a name that is valid UTF-8 is taken as it is (zip's UTF-8 flag,
/// pax headers and most modern tools write UTF-8). Otherwise, when every byte over 0x7F is part of
/// a pair whose first byte is 0x81–0xFE and second 0xA1–0xFE (the GBK/GB2312 Hanzi area Chinese
/// Windows writes; CP437's accented letters almost never pair like that), it is decoded as GB18030
/// (a superset of GBK) through iconv. Otherwise it is decoded as CP437, the zip default, which maps
/// every byte. Other legacy names (Shift_JIS, CP1252) come out as CP437 look-alikes: readable,
/// not exact.
package enum EntryName {
    /// `bytes` decoded to a `String` as described above.
    package static func decode(_ bytes: [UInt8]) -> String {
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        if let chinese = gb18030(bytes) { return chinese }
        return cp437(bytes)
    }

    /// Why `path` is unsafe to use, or nil when it is a plain relative path. Both `/` and `\` count
    /// as separators (zip archives made on Windows use either).
    package static func unsafeReason(_ path: String) -> String? {
        // One pass over the bytes: this runs for every entry of an archive.
        var path = path
        return path.withUTF8 { bytes -> String? in
            if bytes.isEmpty { return "the entry has an empty name" }
            let slash = UInt8(ascii: "/"), backslash = UInt8(ascii: "\\"), dot = UInt8(ascii: ".")
            if bytes[0] == slash || bytes[0] == backslash { return "the entry's name is an absolute path" }
            if bytes.count >= 2, bytes[1] == UInt8(ascii: ":"), (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[0] | 0x20) {
                return "the entry's name starts with a drive letter"
            }
            var componentStart = 0
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : slash
                if byte == 0 { return "the entry's name contains a NUL byte" }
                guard byte == slash || byte == backslash else { continue }
                if index - componentStart == 2, bytes[componentStart] == dot, bytes[componentStart + 1] == dot {
                    return "the entry's name contains a '..' component"
                }
                componentStart = index + 1
            }
            return nil
        }
    }

    /// `path` without leading `./` components.
    package static func trimmed(_ path: String) -> String {
        var rest = Substring(path)
        while rest.hasPrefix("./") { rest = rest.dropFirst(2) }
        return String(rest)
    }

    /// CP437's upper half (0x80–0xFF); the lower half is ASCII.
    private static let cp437High: [Character] = Array(
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀"
            + "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{00A0}"
    )

    package static func cp437(_ bytes: [UInt8]) -> String {
        var text = ""
        text.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte < 0x80 {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text.append(cp437High[Int(byte - 0x80)])
            }
        }
        return text
    }

    /// `bytes` as GB18030, or nil when they do not pair like GBK's Hanzi
    /// (``LegacyCJK/pairsLikeGBK(_:hanziOnly:complete:)``) or iconv refuses them.
    package static func gb18030(_ bytes: [UInt8]) -> String? {
        guard LegacyCJK.pairsLikeGBK(bytes, hanziOnly: true) else { return nil }
        return Iconv.decode(bytes, from: .gb18030)
    }
}
