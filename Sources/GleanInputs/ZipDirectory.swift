#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The size of a zip file's central directory, read from its end-of-central-directory record (and
/// the zip64 one when the sizes overflow 32 bits), to choose how libarchive reads the zip.
///
/// libarchive's seekable zip reader keeps the whole central directory in memory (≈ 150 bytes per
/// entry: 75 MB for 500,000 entries), so memory grows with the number of entries. Past
/// ``streamingThreshold`` the input layer reads the zip by its local headers instead (libarchive's
/// streamable reader: flat memory; it cannot read a *stored* entry whose sizes come only in a data
/// descriptor, which zip tools write for streamed output, and sees entries in file order). This is
/// not a zip reader: it reads two fixed records to pick one of libarchive's.
enum ZipDirectory {
    /// Central directories larger than this are read by local headers: 8 MiB, about 100,000 entries.
    static let streamingThreshold: Int64 = 8 << 20

    /// The central directory's size in bytes, or nil when the end record is not found.
    static func size(descriptor: Int32, fileSize: Int64) -> Int64? {
        // The end record is 22 bytes plus a comment of at most 65,535 bytes.
        let tailLength = Int(min(fileSize, 22 + 65_535 + 20))
        guard tailLength >= 22 else { return nil }
        var tail = [UInt8](repeating: 0, count: tailLength)
        let read = tail.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, tailLength, off_t(fileSize - Int64(tailLength))) }
        guard read == tailLength else { return nil }
        func u16(_ at: Int) -> Int64 { Int64(tail[at]) | Int64(tail[at + 1]) << 8 }
        func u32(_ at: Int) -> Int64 { u16(at) | u16(at + 2) << 16 }
        var index = tailLength - 22
        while index >= 0 {
            if tail[index] == 0x50, tail[index + 1] == 0x4B, tail[index + 2] == 0x05, tail[index + 3] == 0x06 {
                let size = u32(index + 12)
                guard size == 0xFFFF_FFFF else { return size }
                // Zip64: the locator sits just before the end record and gives the zip64 record's offset.
                let locator = index - 20
                guard locator >= 0, tail[locator] == 0x50, tail[locator + 1] == 0x4B, tail[locator + 2] == 0x06, tail[locator + 3] == 0x07 else { return nil }
                let recordOffset = u32(locator + 8) | u32(locator + 12) << 32
                var record = [UInt8](repeating: 0, count: 56)
                let got = record.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 56, off_t(recordOffset)) }
                guard got == 56, record[0] == 0x50, record[1] == 0x4B, record[2] == 0x06, record[3] == 0x06 else { return nil }
                var size64: Int64 = 0
                for byte in (40..<48).reversed() { size64 = size64 << 8 | Int64(record[byte]) }
                return size64
            }
            index -= 1
        }
        return nil
    }
}
