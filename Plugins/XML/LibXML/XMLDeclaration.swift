/// The XML declaration at the start of a document.
enum XMLDeclaration {
    /// The bytes without the declaration's `encoding="…"`, so that an encoding given by
    /// configuration or by an HTTP header wins over a declaration that lies (libxml2 2.9 otherwise
    /// switches to the declared encoding). Only an ASCII-compatible declaration at offset 0 (after
    /// a UTF-8 BOM) is touched; anything else is returned unchanged.
    static func removingEncoding(_ bytes: [UInt8]) -> [UInt8] {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard bytes.count > start + 5, Array(bytes[start..<(start + 5)]) == Array("<?xml".utf8) else { return bytes }
        guard let end = (start..<min(bytes.count - 1, start + 512)).first(where: { bytes[$0] == UInt8(ascii: "?") && bytes[$0 + 1] == UInt8(ascii: ">") }) else { return bytes }
        let declaration = String(decoding: bytes[start..<end], as: UTF8.self)
        guard let range = declaration.range(of: #"\s+encoding\s*=\s*("[^"]*"|'[^']*')"#, options: .regularExpression) else { return bytes }
        var rewritten = declaration
        rewritten.removeSubrange(range)
        return Array(bytes[0..<start]) + Array(rewritten.utf8) + Array(bytes[end...])
    }
}

import Foundation
