import GleanCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte stream in a legacy or UTF-16 encoding read as UTF-8, through iconv (glibc's: no new
/// library). A byte that is not valid in the encoding comes out as 0xFF, which is never valid
/// UTF-8, so the row holding it is dead-lettered by the UTF-8 check instead of changing silently.
final class TranscodingStream: ByteStream {
    private let base: any ByteStream
    private let converter: iconv_t
    private var input: [UInt8]
    private var inputStart = 0
    private var inputEnd = 0
    private var baseEnded = false
    /// Bytes that were not valid in the encoding.
    private(set) var invalidBytes = 0

    /// A stream of `base` decoded from `charset` (an iconv name: `GB18030`, `UTF-16LE`, `CP1252`…).
    init(base: any ByteStream, charset: String) throws {
        self.base = base
        let converter = iconv_open("UTF-8", charset)
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            throw GleanError(.invalidConfiguration, "the encoding '\(charset)' is not available from iconv on this machine")
        }
        self.converter = converter
        input = [UInt8](repeating: 0, count: 64 << 10)
    }

    deinit { iconv_close(converter) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count >= 8 else { return 0 }
        while true {
            if inputStart == inputEnd || needsMore {
                if !baseEnded { try refill() }
                if inputStart == inputEnd { return 0 }
            }
            var produced = 0
            let status: Int32 = input.withUnsafeMutableBytes { raw in
                var inPointer: UnsafeMutablePointer<CChar>? = raw.baseAddress!.assumingMemoryBound(to: CChar.self) + inputStart
                var inLeft = inputEnd - inputStart
                var outPointer: UnsafeMutablePointer<CChar>? = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = buffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                produced = buffer.count - outLeft
                inputStart = inputEnd - inLeft
                return result == -1 ? errno : 0
            }
            needsMore = false
            switch status {
            case EILSEQ:
                // An invalid byte: mark it and step over it.
                if produced < buffer.count {
                    buffer[produced] = 0xFF
                    produced += 1
                    inputStart += 1
                    invalidBytes += 1
                }
            case EINVAL:
                // A sequence cut at the end of what was read: read more first (or, at the end, it
                // is invalid).
                if baseEnded {
                    if produced < buffer.count {
                        buffer[produced] = 0xFF
                        produced += 1
                        invalidBytes += 1
                    }
                    inputStart = inputEnd
                } else {
                    needsMore = true
                }
            default:
                break
            }
            if produced > 0 { return produced }
        }
    }

    private var needsMore = false

    private func refill() throws {
        let pending = inputEnd - inputStart
        if inputStart > 0 {
            for i in 0..<pending { input[i] = input[inputStart + i] }
            inputStart = 0
            inputEnd = pending
        }
        let n = try input.withUnsafeMutableBytes { try base.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[inputEnd...])) }
        if n == 0 { baseEnded = true } else { inputEnd += n }
    }
}
