/// A test for Chinese text in GBK (GB2312, GB18030's two-byte part) that needs no statistics, for
/// text too short for uchardet (archive entry names, a word in a CSV sample).
package enum LegacyCJK {
    /// Whether `bytes` hold a byte over 0x7F and every such byte starts a pair: first byte
    /// 0x81–0xFE, second 0x40–0xFE but 0x7F — or, with `hanziOnly`, second 0xA1–0xFE, the
    /// GB2312 Hanzi area that Chinese Windows writes and CP437's or CP1252's accented letters
    /// almost never pair into. When `complete` is false, a first byte cut at the end counts.
    package static func pairsLikeGBK(_ bytes: some Collection<UInt8>, hanziOnly: Bool, complete: Bool = true) -> Bool {
        let lowest: UInt8 = hanziOnly ? 0xA1 : 0x40
        var pairs = 0
        var pending: UInt8?
        for byte in bytes {
            if let first = pending {
                guard (0x81...0xFE).contains(first), byte >= lowest, byte <= 0xFE, byte != 0x7F else { return false }
                pairs += 1
                pending = nil
            } else if byte >= 0x80 {
                pending = byte
            }
        }
        if pending != nil { return !complete && pairs > 0 }
        return pairs > 0
    }
}
