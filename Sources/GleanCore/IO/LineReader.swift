#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file or standard input in chunks, delivering complete lines, for line-oriented sources.
///
/// Memory is bounded by the chunk size plus the longest line (itself capped by `maximumLineBytes`:
/// a longer line is delivered truncated with `truncated: true`, so the caller can dead-letter it
/// without holding it whole).
public struct LineReader: ~Copyable {
    /// Where a line came from.
    public struct Line {
        /// 1-based line number.
        public let number: Int
        /// Byte offset of the line's first byte.
        public let offset: Int64
        /// The line's bytes without the newline (and without a trailing CR).
        public let bytes: UnsafeRawBufferPointer
        /// The line was longer than the limit and was cut.
        public let truncated: Bool
    }

    private let stream: any ByteStream
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var eof = false
    private var lineNumber = 0
    private var offsetOfStart: Int64 = 0
    private var skippingRest = false
    public let maximumLineBytes: Int
    /// Bytes read from the input so far.
    public private(set) var bytesRead: Int64 = 0
    /// The input's size when it is a regular file.
    public let totalBytes: Int64?
    /// The input's modification time (seconds since 1970) when it is a regular file.
    public let modificationTime: Int64?
    /// Checked before every read, and every 200 ms while waiting for a pipe or terminal:
    /// returning true ends the input there (a signal asked the run to stop) and sets
    /// ``interrupted``, so what was read is still delivered. So a stop is seen within moments even
    /// while an over-long line is skipped (`< /dev/zero`) or a source sends nothing.
    public var interrupt: (() -> Bool)?
    /// The input was ended by ``interrupt``, not read to its end: do not record it as done.
    public private(set) var interrupted = false

    /// Opens `path` (`-` is standard input).
    public init(path: String, chunkSize: Int = 1 << 20, maximumLineBytes: Int = 16 << 20) throws {
        let stream = try DescriptorStream(path: path)
        var info = stat()
        let isRegular = stream.isRegularFile && fstat(stream.descriptor, &info) == 0
        self.init(
            stream: stream, totalBytes: isRegular ? Int64(info.st_size) : nil,
            modificationTime: isRegular ? Int64(info.st_mtim.tv_sec) : nil,
            chunkSize: chunkSize, maximumLineBytes: maximumLineBytes
        )
    }

    /// Reads `stream`, whose size and modification time (when known) are reported back as
    /// ``totalBytes`` and ``modificationTime``.
    public init(
        stream: any ByteStream, totalBytes: Int64? = nil, modificationTime: Int64? = nil,
        chunkSize: Int = 1 << 20, maximumLineBytes: Int = 16 << 20
    ) {
        self.stream = stream
        self.totalBytes = totalBytes
        self.modificationTime = modificationTime
        self.maximumLineBytes = maximumLineBytes
        buffer = .allocate(byteCount: max(chunkSize, 4096), alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// Calls `body` with the next line; returns false at end of input.
    public mutating func nextLine<R>(_ body: (Line) throws -> R) throws -> R? {
        while true {
            if let newline = findNewline() {
                let lineStart = start
                var lineEnd = newline
                start = newline + 1
                let offset = offsetOfStart
                offsetOfStart += Int64(start - lineStart)
                if skippingRest {
                    skippingRest = false
                    continue
                }
                lineNumber += 1
                if lineEnd > lineStart, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let truncated = lineEnd - lineStart > maximumLineBytes
                if truncated { lineEnd = lineStart + maximumLineBytes }
                return try body(Line(number: lineNumber, offset: offset, bytes: UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd]), truncated: truncated))
            }
            // No newline in the buffered bytes.
            if end - start >= maximumLineBytes {
                // Deliver the head of an over-long line, then skip to its end.
                let lineStart = start
                let offset = offsetOfStart
                offsetOfStart += Int64(end - start)
                start = end
                if skippingRest { continue }
                skippingRest = true
                lineNumber += 1
                return try body(Line(number: lineNumber, offset: offset, bytes: UnsafeRawBufferPointer(rebasing: buffer[lineStart..<(lineStart + maximumLineBytes)]), truncated: true))
            }
            if eof {
                guard start < end else { return nil }
                let lineStart = start
                let offset = offsetOfStart
                offsetOfStart += Int64(end - start)
                start = end
                if skippingRest {
                    skippingRest = false
                    return nil
                }
                lineNumber += 1
                var lineEnd = end
                if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let truncated = lineEnd - lineStart > maximumLineBytes
                if truncated { lineEnd = lineStart + maximumLineBytes }
                return try body(Line(number: lineNumber, offset: offset, bytes: UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd]), truncated: truncated))
            }
            try fill()
        }
    }

    /// Up to `count` bytes from the current position, without consuming them (format sniffing).
    /// Stops reading as soon as a whole line is buffered, so a pipe that is still open does not block it.
    public mutating func peek(_ count: Int) throws -> [UInt8] {
        while end - start < count, !eof, end - start < buffer.count, findNewline() == nil { try fill() }
        return Array(UnsafeRawBufferPointer(rebasing: buffer[start..<min(end, start + count)]))
    }

    /// Calls `body` with all buffered bytes (reading more first if none are buffered) and consumes
    /// them; returns nil at end of input. For parsers that track positions themselves.
    public mutating func nextChunk<R>(_ body: (UnsafeRawBufferPointer) throws -> R) throws -> R? {
        if start == end {
            if eof { return nil }
            try fill()
            if start == end { return nil }
        }
        let chunk = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
        offsetOfStart += Int64(end - start)
        start = end
        return try body(chunk)
    }

    private func findNewline() -> Int? {
        guard start < end else { return nil }
        guard let found = memchr(buffer.baseAddress! + start, 0x0A, end - start) else { return nil }
        return buffer.baseAddress!.distance(to: found)
    }

    /// Moves unread bytes to the front, grows the buffer if a line needs it, and reads more.
    private mutating func fill() throws {
        if start > 0 {
            if end > start { memmove(buffer.baseAddress!, buffer.baseAddress! + start, end - start) }
            end -= start
            start = 0
        }
        if end == buffer.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: min(buffer.count * 2, maximumLineBytes + 4096), alignment: 16)
            grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<end]))
            buffer.deallocate()
            buffer = grown
        }
        if let interrupt {
            if interrupt() {
                (eof, interrupted) = (true, true)
                return
            }
            if let descriptor = stream.pollableDescriptor {
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                while poll(&waiting, 1, 200) == 0 {
                    if interrupt() {
                        (eof, interrupted) = (true, true)
                        return
                    }
                }
            }
        }
        let n = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        if n == 0 { eof = true } else {
            end += n
            bytesRead += Int64(n)
        }
    }
}
