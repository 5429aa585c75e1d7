import GleanCore
import GleanInputs

extension FuzzTargets {
    /// Archives and compressed streams: libarchive and `ArchiveReader` never crash on any bytes;
    /// every input lies inside the source and within the limits; the same inputs, with the same
    /// bytes, and the same rejections come out whatever the chunk size. Accepted: an archive or a
    /// compressed stream read to its end without error.
    @discardableResult
    public static func archive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let source = Array(bytes)
        let limits = ArchiveLimits(
            maximumEntryBytes: 1 << 20, maximumTotalBytes: 4 << 20, maximumCompressionRatio: 1e12,
            ratioGraceBytes: 1 << 16, maximumEntries: 256
        )
        let large = ArchiveOutcome(source, limits: limits, chunkSize: 1 << 16)
        let small = ArchiveOutcome(source, limits: limits, chunkSize: 61)
        precondition(large == small, "the chunk size changed what was read: \(large) vs \(small)")
        for input in large.inputs {
            let inside = input.location == "fuzz" || input.location.hasPrefix("fuzz!/")
            precondition(inside, "an input outside the source: \(input.location)")
            precondition(input.size <= limits.maximumEntryBytes, "an input over maximumEntryBytes was handed over")
        }
        // The input layer sends a source to libarchive only when `ContentSniff` says so: whatever
        // libarchive reads as compressed or as an archive must be recognised (lzma-alone has no
        // real signature; libarchive guesses it from its header fields, so it is left out).
        if !large.failed, large.kind != .plain, !"\(large.kind)".contains("lzma") {
            let head = Array(source.prefix(ContentSniff.headBytes))
            precondition(head.withUnsafeBytes(ContentSniff.isCompressedOrArchive), "libarchive read \(large.kind) but ContentSniff says plain")
        }
        let total = large.inputs.reduce(0) { $0 + $1.size }
        precondition(total <= limits.maximumTotalBytes, "more than maximumTotalBytes handed over")
        return !large.failed && large.kind != .plain
    }
}

/// What one read of a fuzz input produced: the inputs read to their end (location, size, FNV-1a
/// hash), the rejections, and whether the read failed.
private struct ArchiveOutcome: Equatable, CustomStringConvertible {
    struct Input: Equatable {
        var location: String
        var size: Int64
        var hash: UInt64
    }

    var kind: ArchiveKind = .plain
    var inputs: [Input] = []
    var rejections: [String] = []
    var failed = false

    init(_ bytes: [UInt8], limits: ArchiveLimits, chunkSize: Int) {
        let reader = ArchiveReader(limits: limits, chunkSize: chunkSize)
        var inputs: [Input] = [], rejections: [String] = []
        defer {
            self.inputs = inputs
            self.rejections = rejections
        }
        do {
            let summary = try reader.read(.bytes(bytes), location: "fuzz") { rejection in
                precondition(!rejection.reason.isEmpty, "a rejection without a reason")
                rejections.append("\(rejection.location) \(rejection.code)")
            } input: { input, stream in
                var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                var size: Int64 = 0
                try stream.forEachChunk { chunk in
                    precondition(chunk.count <= chunkSize, "a chunk larger than chunkSize")
                    size += Int64(chunk.count)
                    for byte in chunk { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
                }
                inputs.append(Input(location: input.location, size: size, hash: hash))
            }
            kind = summary.kind
        } catch {
            precondition(error is GleanError, "an error that is not a GleanError: \(error)")
            failed = true
        }
    }

    var description: String { "\(kind), \(inputs.count) inputs, \(rejections), failed: \(failed)" }
}
