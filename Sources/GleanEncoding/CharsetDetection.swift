import CUchardet

/// The charset of text whose bytes neither mark nor declare one.
///
/// In order: valid UTF-8 (legacy text is almost never valid UTF-8 by chance); then, when the bytes
/// hold enough evidence — at least ``minimumEvidence`` bytes over 0x7F — uchardet's answer
/// (Mozilla's detector: GB18030, Big5, Shift_JIS, EUC-JP/KR, the Cyrillic, Greek and Western
/// charsets…), if the bytes are valid in it; else GB18030 when every byte over 0x7F pairs like
/// GBK's Hanzi (``LegacyCJK``); else Windows-1252, which decodes every byte but five. uchardet is
/// not asked about shorter evidence: on a word or two it guesses (ISO-8859-2 for `café`).
package enum CharsetDetection {
    /// Fewest high bytes uchardet is trusted with.
    package static let minimumEvidence = 8

    /// What detection chose, and whether uchardet chose it.
    package struct Result: Sendable, Equatable {
        package var charset: Charset
        package var byDetector: Bool
    }

    /// The charset of `bytes` (a whole text when `complete`, else its first part).
    package static func detect(_ bytes: [UInt8], complete: Bool = true) -> Result {
        if Iconv.isValid(bytes, in: .utf8, complete: complete) { return Result(charset: .utf8, byDetector: false) }
        var highBytes = 0
        for byte in bytes where byte >= 0x80 { highBytes += 1 }
        if highBytes >= minimumEvidence, let guess = uchardet(bytes), Iconv.isValid(bytes, in: guess, complete: complete) {
            return Result(charset: guess, byDetector: true)
        }
        if LegacyCJK.pairsLikeGBK(bytes, hanziOnly: false, complete: complete), Iconv.isValid(bytes, in: .gb18030, complete: complete) {
            return Result(charset: .gb18030, byDetector: false)
        }
        return Result(charset: .windows1252, byDetector: false)
    }

    /// uchardet's answer for `bytes`, nil when it has none (or says ASCII or UTF-8, which the
    /// caller has already ruled out).
    static func uchardet(_ bytes: [UInt8]) -> Charset? {
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let fed = bytes.withUnsafeBytes { raw in
            uchardet_handle_data(detector, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
        }
        guard fed == 0 else { return nil }
        uchardet_data_end(detector)
        guard let answer = uchardet_get_charset(detector) else { return nil }
        let name = String(cString: answer)
        guard !name.isEmpty else { return nil }
        let charset = Charset(name)
        return charset.isUTF8 || name.uppercased() == "ASCII" ? nil : charset
    }
}
