import CLibXML2
import Glibc

/// Repairs the two most common ill-formations of real feeds before libxml2 sees them, as
/// feedparser does: HTML entities used without declaration (`&nbsp;`, `&eacute;` → `&#160;`,
/// `&#233;`) and bare ampersands (`?a=1&b=2` → `?a=1&amp;b=2`). Without this, libxml2's reader
/// stops at the first such reference ("Entity 'nbsp' not defined"), even in recovery mode.
///
/// A byte-level streaming filter: `&` is ASCII in every ASCII-compatible encoding (UTF-8, GB18030,
/// Big5, Windows-1252, ISO-8859-x, EUC-KR). Text inside CDATA sections and comments is left alone.
/// An unknown name is escaped (`&foo;` → `&amp;foo;`, kept as text) unless the document declares
/// entities of its own (`<!ENTITY`), in which case it is left for libxml2 — which never expands it
/// (see ``XMLStreamReader``).
package struct EntityRepair {
    private enum Mode { case markup, cdata, comment }
    private var mode = Mode.markup
    private var carry: [UInt8] = []
    private var declaresEntities = false
    /// References repaired so far.
    private(set) var repairs = 0

    private static let predefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]
    private static let cdataStart = Array("<![CDATA[".utf8)
    private static let cdataEnd = Array("]]>".utf8)
    private static let commentStart = Array("<!--".utf8)
    private static let commentEnd = Array("-->".utf8)
    private static let entityDeclaration = Array("<!ENTITY".utf8)
    private static let longestLookahead = 40

    /// A filter at the start of a document.
    package init() {}

    /// Filters a chunk; `final` flushes what was held back for lookahead.
    package mutating func process(_ input: UnsafeRawBufferPointer, final: Bool) -> [UInt8] {
        var bytes = carry
        bytes.append(contentsOf: input)
        carry.removeAll(keepingCapacity: true)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var i = 0
        let count = bytes.count
        // nil: not enough bytes yet to decide (hold them back until the next chunk).
        func starts(with pattern: [UInt8], at index: Int) -> Bool? {
            if index + pattern.count > count {
                // A shorter prefix that already differs decides without waiting.
                for k in 0..<(count - index) where bytes[index + k] != pattern[k] { return false }
                return final ? false : nil
            }
            for k in 0..<pattern.count where bytes[index + k] != pattern[k] { return false }
            return true
        }
        while i < count {
            let byte = bytes[i]
            switch mode {
            case .cdata, .comment:
                let terminator = mode == .cdata ? Self.cdataEnd : Self.commentEnd
                let opener = mode == .cdata ? UInt8(ascii: "]") : UInt8(ascii: "-")
                if byte != opener {
                    // Copy the run up to the next possible terminator in one go.
                    let j = bytes.withUnsafeBufferPointer { buffer in
                        memchr(buffer.baseAddress! + i + 1, Int32(opener), count - i - 1).map { buffer.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? count
                    }
                    output.append(contentsOf: bytes[i..<j])
                    i = j
                    continue
                }
                if byte == terminator[0] {
                    guard let matched = starts(with: terminator, at: i) else {
                        carry = Array(bytes[i...])
                        return output
                    }
                    if matched {
                        output.append(contentsOf: terminator)
                        i += 3
                        mode = .markup
                        continue
                    }
                }
                output.append(byte)
                i += 1
            case .markup:
                if byte == UInt8(ascii: "<") {
                    // Only "<!" can open CDATA, a comment or a declaration: skip the checks otherwise.
                    if i + 1 < count, bytes[i + 1] != UInt8(ascii: "!") {
                        output.append(byte)
                        i += 1
                        continue
                    }
                    guard let cdata = starts(with: Self.cdataStart, at: i), let comment = starts(with: Self.commentStart, at: i), let entity = starts(with: Self.entityDeclaration, at: i) else {
                        carry = Array(bytes[i...])
                        return output
                    }
                    if entity { declaresEntities = true }
                    if cdata {
                        output.append(contentsOf: Self.cdataStart)
                        i += 9
                        mode = .cdata
                        continue
                    }
                    if comment {
                        output.append(contentsOf: Self.commentStart)
                        i += 4
                        mode = .comment
                        continue
                    }
                    output.append(byte)
                    i += 1
                    continue
                }
                guard byte == UInt8(ascii: "&") else {
                    // Copy the run up to the next '&' or "<!" (or a '<' at the end of the chunk,
                    // which may be one) in one go: ordinary tags are part of the run.
                    let j = bytes.withUnsafeBufferPointer { Self.endOfPlainRun($0, from: i + 1) }
                    output.append(contentsOf: bytes[i..<j])
                    i = j
                    continue
                }
                // Find the end of a reference candidate.
                var j = i + 1
                while j < count, j - i <= Self.longestLookahead, Self.isReferenceByte(bytes[j]) { j += 1 }
                if j >= count, !final, j - i <= Self.longestLookahead {
                    carry = Array(bytes[i...])
                    return output
                }
                let body = Array(bytes[(i + 1)..<min(j, count)])
                let terminated = j < count && bytes[j] == UInt8(ascii: ";")
                if terminated, Self.isCharacterReference(body) {
                    output.append(contentsOf: bytes[i...j])
                    i = j + 1
                    continue
                }
                if terminated, let first = body.first, Self.isNameStart(first), body.count <= 32 {
                    let name = String(decoding: body, as: UTF8.self)
                    if Self.predefined.contains(name) || declaresEntities {
                        output.append(contentsOf: bytes[i...j])
                    } else if let entity = htmlEntityLookup(name) {
                        output.append(contentsOf: "&#\(entity.pointee.value);".utf8)
                        repairs += 1
                    } else {
                        output.append(contentsOf: "&amp;".utf8)
                        output.append(contentsOf: bytes[(i + 1)...j])
                        repairs += 1
                    }
                    i = j + 1
                    continue
                }
                // A bare ampersand.
                output.append(contentsOf: "&amp;".utf8)
                repairs += 1
                i += 1
            }
        }
        return output
    }

    /// The index of the first `&`, `<!` or final `<` at or after `start` (the buffer's count
    /// if none): memchr for the rare bytes instead of a loop over every byte (the filter runs
    /// over every byte of every feed).
    private static func endOfPlainRun(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = buffer.count
        guard start < count, let base = buffer.baseAddress else { return count }
        func find(_ byte: UInt8, from: Int, to end: Int) -> Int? {
            guard from < end, let found = memchr(base + from, Int32(byte), end - from) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        // "<!" opens CDATA, comments and declarations: find the '!' and look one byte back.
        var end = count
        var k = start + 1
        while let bang = find(UInt8(ascii: "!"), from: k, to: count) {
            if buffer[bang - 1] == UInt8(ascii: "<") {
                end = bang - 1
                break
            }
            k = bang + 1
        }
        // A '<' ending the chunk may be the start of "<!" in the next one.
        if end == count, buffer[count - 1] == UInt8(ascii: "<") { end = count - 1 }
        // The first '&' before that (searching only the run keeps the filter linear).
        return find(UInt8(ascii: "&"), from: start, to: end) ?? end
    }

    private static func isReferenceByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "_")
    }

    private static func isCharacterReference(_ body: [UInt8]) -> Bool {
        guard body.count >= 2, body[0] == UInt8(ascii: "#") else { return false }
        if body[1] | 0x20 == UInt8(ascii: "x") {
            return body.count > 2 && body[2...].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
        }
        return body[1...].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
