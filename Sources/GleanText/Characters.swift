/// Character classes the figure scanner needs, on Unicode scalars (offsets in figures are code
/// points, so the scanner works on an array of scalars).
package enum Characters {
    /// The value of an ASCII or full-width digit.
    @inline(__always)
    package static func digit(_ c: Unicode.Scalar) -> Int? {
        let v = c.value
        if v >= 0x30, v <= 0x39 { return Int(v - 0x30) }
        if v >= 0xFF10, v <= 0xFF19 { return Int(v - 0xFF10) }
        return nil
    }

    @inline(__always)
    package static func isDigit(_ c: Unicode.Scalar) -> Bool { digit(c) != nil }

    /// ASCII letters and Latin letters with diacritics (not Han: those are words of their own).
    @inline(__always)
    package static func isLatinLetter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || (v >= 0xC0 && v <= 0x24F && v != 0xD7 && v != 0xF7)
            || (v >= 0xFF21 && v <= 0xFF3A) || (v >= 0xFF41 && v <= 0xFF5A)
    }

    @inline(__always)
    package static func isUpper(_ c: Unicode.Scalar) -> Bool { c.value >= 0x41 && c.value <= 0x5A }

    /// CJK ideographs (the unified blocks and compatibility ideographs).
    @inline(__always)
    package static func isHan(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x20000 && v <= 0x2FA1F)
    }

    @inline(__always)
    package static func isSpace(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v == 0x20 || (v >= 0x09 && v <= 0x0D) || v == 0xA0 || v == 0x3000 || (v >= 0x2000 && v <= 0x200B) || v == 0x202F || v == 0x205F
    }

    /// Spaces inside a line (not line breaks).
    @inline(__always)
    package static func isInlineSpace(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v == 0x20 || v == 0x09 || v == 0xA0 || v == 0x3000 || (v >= 0x2000 && v <= 0x200B) || v == 0x202F || v == 0x205F
    }

    /// Minus signs: ASCII hyphen-minus, U+2212, full-width.
    @inline(__always)
    package static func isMinus(_ c: Unicode.Scalar) -> Bool { c == "-" || c == "\u{2212}" || c == "\u{FF0D}" }

    /// Dashes that join a range ("5-20%", "2022–2024").
    @inline(__always)
    package static func isRangeDash(_ c: Unicode.Scalar) -> Bool { c == "-" || c == "\u{2013}" || c == "\u{2014}" || c == "~" || c == "\u{FF5E}" || c == "\u{FF0D}" || c == "\u{301C}" }
}
