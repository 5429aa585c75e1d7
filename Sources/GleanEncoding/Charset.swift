/// A character encoding, by a canonical lowercase name that glibc's iconv knows
/// (`utf-8`, `utf-16le`, `gb18030`, `big5`, `shift_jis`, `windows-1252`, `koi8-r`…).
///
/// Names are canonicalised the way browsers read them (the WHATWG Encoding standard's choices):
/// `gb2312` and `gbk` read as their superset GB18030, `iso-8859-1`, `latin1` and `us-ascii` as
/// Windows-1252, which agrees with them on every printable character and adds `€`, `“`, `’`.
package struct Charset: Sendable, Hashable, CustomStringConvertible {
    /// The canonical name.
    package let name: String

    /// `name` canonicalised (case, quotes, spaces and the common aliases).
    package init(_ name: String) {
        self.name = Self.canonical(name)
    }

    /// `name` as given (lowercased), without the aliases: `Charset(exactly: "iso-8859-1")` keeps
    /// 0x80–0x9F as the C1 controls, where `Charset("iso-8859-1")` reads Windows-1252.
    package init(exactly name: String) {
        self.name = name.lowercased()
    }

    package static let utf8 = Charset("utf-8")
    package static let utf16le = Charset("utf-16le")
    package static let utf16be = Charset("utf-16be")
    package static let gb18030 = Charset("gb18030")
    package static let windows1252 = Charset("windows-1252")

    package var isUTF8: Bool { name == "utf-8" }
    /// The name handed to `iconv_open`.
    package var iconvName: String { name.uppercased() }
    package var description: String { name }

    /// The charset a byte order mark at the start of `bytes` names, and the mark's length.
    package static func byteOrderMark(_ bytes: some Collection<UInt8>) -> (charset: Charset, length: Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16le, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16be, 2) }
        return nil
    }

    static func canonical(_ name: String) -> String {
        var lower = ""
        for scalar in name.unicodeScalars where !" \t\r\n\"'".unicodeScalars.contains(scalar) {
            lower.unicodeScalars.append(scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar)
        }
        switch lower {
        case "utf8", "utf-8", "unicode-1-1-utf-8": return "utf-8"
        case "utf-16", "utf16le", "utf-16le": return "utf-16le"
        case "utf16be", "utf-16be": return "utf-16be"
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "windows-936": return "gb18030"
        case "big5", "big5-hkscs", "cn-big5", "x-x-big5": return "big5"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "cp932": return "shift_jis"
        case "euc-jp", "eucjp", "x-euc-jp": return "euc-jp"
        case "euc-kr", "euckr", "ks_c_5601-1987", "cp949", "windows-949": return "euc-kr"
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1", "us-ascii", "ascii", "cp1252", "windows-1252", "x-cp1252":
            return "windows-1252"
        default:
            if lower.hasPrefix("cp125"), lower.count == 6 { return "windows-" + lower.dropFirst(2) }
            return lower
        }
    }
}
