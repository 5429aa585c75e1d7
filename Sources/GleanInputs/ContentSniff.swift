/// Decides from an input's first bytes whether it goes through libarchive (compressed or an
/// archive) or is read as it is.
///
/// This is only the dispatch: libarchive does the real detection, by content, for everything sent
/// to it. A plain input (most JSON, XML, CSV) skips libarchive and its extra copy, which keeps the
/// pass-through speed of plain files. Every signature of a compression or archive format that
/// `ArchiveSession` enables is listed; anything else is plain.
public enum ContentSniff {
    /// Bytes to read before deciding: ISO 9660's signature sits at byte 32,769.
    public static let headBytes = 32 * 1024 + 6

    /// Whether `head` (an input's first bytes, up to ``headBytes``) starts a compressed stream or an
    /// archive that libarchive reads.
    public static func isCompressedOrArchive(_ head: UnsafeRawBufferPointer) -> Bool {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            guard head.count >= offset + magic.count else { return false }
            for (index, byte) in magic.enumerated() where head[offset + index] != byte { return false }
            return true
        }
        // Most inputs are plain text: their first byte starts no signature (checked once, not per
        // signature; this runs for every archive entry).
        if let first = head.first, firstBytes.contains(first), signatures.contains(where: { starts($0) }) { return true }
        if starts(ustar, at: 257) { return true }  // tar (POSIX and GNU)
        if starts(cd001, at: 32769) { return true }  // ISO 9660
        return isOldTar(head)
    }

    /// Signatures at offset 0.
    private static let signatures: [[UInt8]] = [
        [0x1F, 0x8B],  // gzip
        [0x42, 0x5A, 0x68],  // bzip2 "BZh"
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00],  // xz
        [0x5D, 0x00, 0x00],  // lzma (alone)
        [0x28, 0xB5, 0x2F, 0xFD],  // zstd
        [0x04, 0x22, 0x4D, 0x18],  // lz4
        [0x1F, 0x9D],  // compress (.Z)
        [0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06], [0x50, 0x4B, 0x07, 0x08],  // zip
        [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C],  // 7-Zip
        [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07],  // RAR 4 and 5
        Array("070707".utf8), Array("070701".utf8), Array("070702".utf8),  // cpio (odc, newc, crc)
        [0xC7, 0x71], [0x71, 0xC7],  // cpio (binary, both byte orders)
    ]
    private static let firstBytes = Set(signatures.map { $0[0] })
    private static let ustar = Array("ustar".utf8)
    private static let cd001 = Array("CD001".utf8)

    /// A pre-POSIX (v7) tar header: no magic, but a valid octal checksum at bytes 148–155.
    private static func isOldTar(_ head: UnsafeRawBufferPointer) -> Bool {
        guard head.count >= 512, head[0] != 0 else { return false }
        var stored = 0
        var digits = 0
        for index in 148..<156 {
            let byte = head[index]
            if byte >= 0x30 && byte <= 0x37 {
                stored = stored * 8 + Int(byte - 0x30)
                digits += 1
            } else if byte != 0x20 && byte != 0 {
                return false
            }
        }
        guard digits >= 6 else { return false }
        var sum = 0
        for index in 0..<512 { sum += (148..<156).contains(index) ? 0x20 : Int(head[index]) }
        return sum == stored
    }
}
