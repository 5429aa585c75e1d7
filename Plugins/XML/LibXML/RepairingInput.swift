import Foundation
import GleanCore

/// A byte stream (a file, standard input, an archive entry, a body in memory) read through
/// ``EntityRepair``, for libxml2's I/O callbacks.
///
/// Reading and repairing run on a thread of their own, a few chunks ahead of the parser (at most
/// ``depth`` chunks of 256 KiB wait in memory): libxml2's parsing is the critical path of reading
/// a feed, and this took ≈ 8% of it. Closes the file when released.
final class RepairingInput: @unchecked Sendable {
    private static let chunkSize = 1 << 18
    private static let depth = 4
    private let stream: any ByteStream
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var ready: [[UInt8]] = []
    private var ended = false
    private var failed = false
    private var cancelled = false
    // Used by the parser's thread only.
    private var current: [UInt8] = []
    private var position = 0

    /// The error the stream threw, if reading it failed (libxml2 only sees "I/O error").
    private(set) var streamError: (any Error)?

    init(stream: any ByteStream, forcingEncoding: Bool) {
        self.stream = stream
        let thread = Thread { [self] in produce(forcingEncoding: forcingEncoding) }
        thread.name = "glean-xml-input"
        thread.start()
    }

    /// Stops the reading thread (the parser is done with the file).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func produce(forcingEncoding: Bool) {
        var repair = EntityRepair()
        var forcing = forcingEncoding
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        while true {
            let n: Int
            do {
                n = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
            } catch {
                streamError = error
                n = -1
            }
            var output: [UInt8] = []
            if n >= 0 {
                output = chunk.withUnsafeBytes { repair.process(UnsafeRawBufferPointer(rebasing: $0[0..<n]), final: n == 0) }
                if forcing, !output.isEmpty {
                    output = XMLDeclaration.removingEncoding(output)
                    forcing = false
                }
            }
            condition.lock()
            while ready.count >= Self.depth, !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            if !output.isEmpty { ready.append(output) }
            if n <= 0 {
                ended = true
                failed = n < 0
            }
            condition.broadcast()
            condition.unlock()
            if n <= 0 { return }
        }
    }

    /// Fills libxml2's buffer; 0 at the end, -1 on a read error.
    func read(into buffer: UnsafeMutablePointer<CChar>, length: Int) -> Int32 {
        if position >= current.count {
            condition.lock()
            while ready.isEmpty, !ended { condition.wait() }
            if ready.isEmpty {
                let result: Int32 = failed ? -1 : 0
                condition.unlock()
                return result
            }
            current = ready.removeFirst()
            position = 0
            condition.broadcast()
            condition.unlock()
        }
        let count = min(length, current.count - position)
        current.withUnsafeBytes { UnsafeMutableRawPointer(buffer).copyMemory(from: $0.baseAddress! + position, byteCount: count) }
        position += count
        return Int32(count)
    }
}
