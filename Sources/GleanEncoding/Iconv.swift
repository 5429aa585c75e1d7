#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// glibc's iconv, wrapped once for every reader that decodes legacy text (documents, CSV, archive
/// entry names): no new library, and every legacy charset the C library knows.
package enum Iconv {
    /// `bytes` decoded from `charset`, or nil when iconv does not know the charset or the bytes are
    /// not valid in it (nothing is replaced silently).
    package static func decode(_ bytes: some Collection<UInt8>, from charset: Charset) -> String? {
        if charset.isUTF8 { return String(validating: Array(bytes), as: UTF8.self) }
        return convert(Array(bytes), from: charset.iconvName, to: "UTF-8").flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// `text` encoded in `charset`, or nil when a character has no form there.
    package static func encode(_ text: String, to charset: Charset) -> [UInt8]? {
        convert(Array(text.utf8), from: "UTF-8", to: charset.iconvName)
    }

    /// Whether `bytes` are valid in `charset`; when `complete` is false a sequence cut at the end
    /// (the sample stops mid-character) is allowed.
    package static func isValid(_ bytes: [UInt8], in charset: Charset, complete: Bool) -> Bool {
        if decode(bytes, from: charset) != nil { return true }
        guard !complete else { return false }
        for cut in 1...3 where bytes.count > cut {
            if decode(bytes.dropLast(cut), from: charset) != nil { return true }
        }
        return false
    }

    /// `bytes` converted from `source` to `target` (iconv names), or nil when iconv does not know
    /// one of them or the bytes are not valid.
    static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
        guard let converter = IconvConverter(from: source, to: target) else { return nil }
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let written: Int? = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                let step = converter.convert(input, into: out)
                return step.status == .done && step.consumed == input.count ? step.produced : nil
            }
        }
        guard let written else { return nil }
        output.removeSubrange(written...)
        return output
    }
}

/// One iconv conversion state, for streaming (a decoder that is fed chunk by chunk keeps a
/// character cut between chunks).
package final class IconvConverter {
    private let handle: iconv_t

    /// A converter from `source` to `target` (iconv names), or nil when iconv knows neither.
    package init?(from source: String, to target: String) {
        let handle = iconv_open(target, source)
        guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
        self.handle = handle
    }

    deinit { iconv_close(handle) }

    /// How a conversion step ended.
    package enum Status: Sendable, Equatable {
        /// Everything given was converted.
        case done
        /// The output was full.
        case outputFull
        /// The input holds a byte sequence that is not valid in the source charset, at `consumed`.
        case invalid
        /// The input ends in the middle of a character (feed more, or it is invalid at the end).
        case incomplete
    }

    /// Converts as much of `input` as fits into `output`.
    package func convert(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> (status: Status, consumed: Int, produced: Int) {
        guard let inBase = input.baseAddress, let outBase = output.baseAddress else { return (.done, 0, 0) }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: inBase.assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        var outPointer: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
        var outLeft = output.count
        let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
        let failure = result == -1 ? errno : 0
        let status: Status = switch failure {
        case 0: .done
        case E2BIG: .outputFull
        case EINVAL: .incomplete
        default: .invalid
        }
        return (status, input.count - inLeft, output.count - outLeft)
    }
}
