import GleanCore
import GleanEncoding

/// A byte stream in a legacy or UTF-16 encoding read as UTF-8, through iconv
/// (``IconvConverter``). A byte that is not valid in the encoding comes out as 0xFF, which is never valid
/// UTF-8, so the row holding it is dead-lettered by the UTF-8 check instead of changing silently.
final class TranscodingStream: ByteStream {
    private let base: any ByteStream
    private let converter: IconvConverter
    private var input: [UInt8]
    private var inputStart = 0
    private var inputEnd = 0
    private var baseEnded = false
    /// Bytes that were not valid in the encoding.
    private(set) var invalidBytes = 0

    /// A stream of `base` decoded from `charset`.
    init(base: any ByteStream, charset: Charset) throws {
        self.base = base
        guard let converter = IconvConverter(from: charset.iconvName, to: "UTF-8") else {
            throw GleanError(.invalidConfiguration, "the encoding '\(charset)' is not available from iconv on this machine")
        }
        self.converter = converter
        input = [UInt8](repeating: 0, count: 64 << 10)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count >= 8 else { return 0 }
        while true {
            if inputStart == inputEnd || needsMore {
                if !baseEnded { try refill() }
                if inputStart == inputEnd { return 0 }
            }
            let step = input.withUnsafeBytes { raw in
                converter.convert(UnsafeRawBufferPointer(rebasing: raw[inputStart..<inputEnd]), into: buffer)
            }
            var produced = step.produced
            inputStart += step.consumed
            needsMore = false
            switch step.status {
            case .invalid:
                // An invalid byte: mark it and step over it.
                if produced < buffer.count {
                    buffer[produced] = 0xFF
                    produced += 1
                    inputStart += 1
                    invalidBytes += 1
                }
            case .incomplete:
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
            case .done, .outputFull:
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
