import GleanCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads CSV rows from a byte stream: RFC 4180 and the variations of a ``CSVDialect``, streamed.
///
/// Quoted fields may hold delimiters, doubled quotes and line breaks; rows end at CRLF, LF or a
/// lone CR; the last row needs no line break. Text after a closing quote (`"ab"c`) is kept, as
/// Python's reader does. Memory is the longest row plus one read: the buffer holds the rows not yet
/// parsed, and grows (doubling) only for a row longer than it. A field over `maximumFieldBytes`,
/// a row over ``maximumRowBytes`` or with more than `maximumColumns` fields, and a quote never
/// closed are reported as a ``Problem`` with the row's line, and reading goes on after that row.
///
/// Hand-written (not a library) because no Swift CSV library streams with bounded memory and this
/// is the hot loop of `Benchmarks/csv.sh`; it scans with ``ByteScan`` rather than byte by byte.
package final class CSVRowReader {
    /// What went wrong with one row.
    package struct Problem: Error {
        /// 1-based physical line where the row starts.
        package let line: Int
        /// Byte offset where the row starts.
        package let offset: Int64
        package let message: String
        /// The row's first bytes, for the dead letter (the whole rest of the input for a quote never closed).
        package let preview: [UInt8]
    }

    /// One row, valid during the callback that receives it.
    package struct Row {
        /// 1-based physical line where the row starts, and its byte offset.
        package let line: Int
        package let offset: Int64
        // Unsafe-unowned: a row lives only inside the callback, while its reader does; a safe
        // `unowned` costs a retain and a release on every field access.
        fileprivate unowned(unsafe) let reader: CSVRowReader

        /// Number of fields.
        package var count: Int { reader.fieldCount }

        /// The bytes of field `index` (quotes and escapes removed).
        package func field(_ index: Int) -> UnsafeRawBufferPointer { reader.fieldBytes(index) }

        /// Whether field `index` was quoted.
        package func quoted(_ index: Int) -> Bool { reader.table.flags[index] & FieldTable.quoted != 0 }

        /// The row's raw bytes, as in the file (for dead letters).
        package var raw: UnsafeRawBufferPointer { reader.rawRow }
    }

    /// What `next` found.
    package enum Outcome {
        case row
        case problem(Problem)
        case end
    }

    let dialect: CSVDialect
    let maximumFieldBytes: Int
    let maximumColumns: Int
    /// A row longer than this is a problem (it would otherwise be held whole in memory).
    let maximumRowBytes: Int
    /// Whether an empty line is a row (of one empty field) rather than nothing.
    package var emptyLinesAreRows = false
    /// What ends a row: any of CRLF, LF and CR (the default), or only one of them (the others are
    /// then data).
    package var terminator = Terminator.any

    /// Row terminators.
    package enum Terminator: Sendable {
        case any, lf, crlf, cr
    }
    /// Whether a line of only spaces and tabs is skipped too (with empty lines skipped).
    var skipBlankLines = false
    /// Whether text after a closing quote, other than the delimiter or a line break, is a problem
    /// (else it is kept in the field, spaces and tabs alone dropped).
    var strict = false
    /// Whether spaces (not tabs) at the start of a field are skipped, before a quote too
    /// (Python's `skipinitialspace`).
    var skipInitialSpace = false
    /// Checked before every read.
    var interrupt: () -> Bool = { false }
    private(set) var interrupted = false

    private let stream: any ByteStream
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0  // first byte not yet parsed
    private var end = 0  // one past the last byte read
    private var eof = false
    /// Absolute offset of `buffer[0]` and the line number at `start`.
    private var baseOffset: Int64 = 0
    private var line = 1
    private let unquotedScan: ByteScan
    private let quotedScan: ByteScan

    // The current row: field bounds into `buffer` (or into `scratch` when copied), in raw storage
    // that `parse` works on as a local, so its loop touches no class property (each such access
    // is an exclusivity check: a tenth of the time in `Benchmarks/csv.sh` before).
    fileprivate var fieldCount = 0
    fileprivate var table = FieldTable()
    private var scratch: [UInt8] = []
    private let delimiterFirst: UInt8
    private let delimiterCount: Int
    private var rowStart = 0
    private var rowEnd = 0

    /// A reader of `stream`, reading `chunkSize` bytes at a time.
    package init(stream: any ByteStream, dialect: CSVDialect, maximumFieldBytes: Int, maximumColumns: Int = 100_000, chunkSize: Int = 256 << 10) {
        self.stream = stream
        self.dialect = dialect
        self.maximumFieldBytes = maximumFieldBytes
        self.maximumColumns = maximumColumns
        maximumRowBytes = max(4 * maximumFieldBytes, 256 << 20)
        buffer = .allocate(byteCount: max(chunkSize, 64), alignment: 16)
        let delimiter = dialect.delimiter.first ?? UInt8(ascii: ",")
        delimiterFirst = delimiter
        delimiterCount = max(dialect.delimiter.count, 1)
        let escape = dialect.escape ?? 0x0A
        unquotedScan = ByteScan(delimiter, 0x0A, 0x0D, escape)
        let quote = dialect.quote ?? 0x0A
        quotedScan = ByteScan(quote, quote, escape == 0x0A ? quote : escape, quote)
    }

    deinit {
        buffer.deallocate()
        table.deallocate()
    }

    /// Skips `count` physical lines (quotes are not looked at); returns how many were skipped.
    func skipLines(_ count: Int) throws -> Int {
        var skipped = 0
        while skipped < count {
            guard let next = try endOfLine(from: start) else { break }
            start = next
            line += 1
            skipped += 1
        }
        return skipped
    }

    /// Parses the next row; `body` sees it when the outcome is `.row`.
    package func next(_ body: (Row) throws -> Void) throws -> Outcome {
        while true {
            if start >= end, !eof { try fill() }
            if start >= end, eof { return .end }
            let rowLine = line
            let rowOffset = baseOffset + Int64(start)
            // A comment line, or an empty or blank line that is not a row, is skipped whole.
            if try skipsLine() {
                guard let next = try endOfLine(from: start) else { return .end }
                start = next
                line += 1
                continue
            }
            switch try parse() {
            case .complete(let next, let lines):
                rowStart = start
                rowEnd = next
                start = next
                line += lines
                try body(Row(line: rowLine, offset: rowOffset, reader: self))
                return .row
            case .failed(let message, let quotedFrom):
                // A quote never closed swallows the rest of the input: the dead letter keeps all of
                // it (at most about max_field_bytes, or the field limit would have hit first), so
                // nothing is lost; other failures keep the row's start.
                let keep = quotedFrom != nil && eof ? end : min(end, start + 1024)
                let preview = Array(UnsafeRawBufferPointer(rebasing: buffer[start..<keep]))
                try skipRow(quotedFrom: quotedFrom)
                return .problem(Problem(line: rowLine, offset: rowOffset, message: message, preview: preview))
            case .needMore:
                if interrupted { return .end }
                try fill()
            }
        }
    }

    // MARK: - Parsing one row

    private enum Parsed {
        /// The row ends before `next`, after `lines` line breaks (its own and those in quotes).
        case complete(next: Int, lines: Int)
        /// The row cannot be read; `quotedFrom` is where the content of the quoted field it broke
        /// in starts, if it broke inside quotes.
        case failed(String, quotedFrom: Int?)
        case needMore
    }

    /// Parses the row at `start` into the field arrays.
    private func parse() throws -> Parsed {
        // Everything the loop changes or reads often is local (see `table`).
        var fields = table
        fields.count = 0
        var scratch: [UInt8] = []
        swap(&scratch, &self.scratch)
        scratch.removeAll(keepingCapacity: true)
        defer {
            table = fields
            fieldCount = fields.count
            swap(&scratch, &self.scratch)
        }
        let end = self.end, eof = self.eof, strict = self.strict, skipInitialSpace = self.skipInitialSpace
        let base = UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
        let d0 = delimiterFirst
        let trimLeading = dialect.trim.leading, trimTrailing = dialect.trim.trailing, doubleQuote = dialect.doubleQuote
        let quote = dialect.quote
        let escape = dialect.escape
        var p = start
        var lines = 0
        while true {
            if p - start > maximumRowBytes {
                return .failed("a row longer than \(maximumRowBytes) bytes (4 × max_field_bytes); it is skipped", quotedFrom: nil)
            }
            if fields.count >= maximumColumns {
                return .failed("more than \(maximumColumns) fields in one row (max_columns); the row is skipped", quotedFrom: nil)
            }
            if trimLeading {
                while p < end, base[p] == 0x20 || base[p] == 0x09 { p += 1 }
            } else if skipInitialSpace {
                while p < end, base[p] == 0x20 { p += 1 }
            }
            if let quote, p < end, base[p] == quote {
                // Quoted field.
                p += 1
                let contentStart = p
                var copy = false
                var contentEnd = 0
                while true {
                    let q = quotedScan.first(in: base, from: p, to: end)
                    if q >= end {
                        if !eof { return fieldLimit(contentStart, quoted: true) ?? .needMore }
                        return .failed("a quoted field is never closed (it starts on this line and runs to the end of the input)", quotedFrom: contentStart)
                    }
                    if let escape, base[q] == escape, escape != quote || !doubleQuote {
                        if q + 1 >= end, !eof { return .needMore }
                        copy = true
                        p = min(q + 2, end)
                        continue
                    }
                    // A quote: doubled, or the closing one.
                    if q + 1 >= end, !eof { return .needMore }
                    if doubleQuote, q + 1 < end, base[q + 1] == quote {
                        copy = true
                        p = q + 2
                        continue
                    }
                    contentEnd = q
                    p = q + 1
                    break
                }
                if contentEnd - contentStart > maximumFieldBytes { return fieldTooLong(quotedFrom: contentStart) }
                lines += Self.lineBreaks(base, contentStart, contentEnd)
                // Text between the closing quote and the next delimiter or line break is kept,
                // unless it is only spaces and tabs (`"a"  ,b`): those are outside the field.
                var tailEnd = p
                var keepTail = false
                if p < end, !isDelimiter(base, p, end), !isTerminator(base, p, end) {
                    tailEnd = unquotedScan.first(in: base, from: p, to: end)
                    while tailEnd < end, (base[tailEnd] == d0 && !isDelimiter(base, tailEnd, end)) || (escape != nil && base[tailEnd] == escape) || (isLineBreak(base[tailEnd]) && !isTerminator(base, tailEnd, end)) {
                        tailEnd = unquotedScan.first(in: base, from: min(tailEnd + (base[tailEnd] == escape ? 2 : 1), end), to: end)
                    }
                    if tailEnd >= end, !eof { return .needMore }
                    if strict, doubleQuote, tailEnd > p {
                        return .failed("expected the delimiter or a line break after a closing quote, found '\(String(decoding: UnsafeRawBufferPointer(start: base + p, count: min(tailEnd - p, 40)), as: UTF8.self))' (strict)", quotedFrom: contentStart)
                    }
                    var k = p
                    while k < tailEnd, base[k] == 0x20 || base[k] == 0x09 { k += 1 }
                    if k < tailEnd {
                        copy = true
                        keepTail = true
                    }
                }
                if copy {
                    let from = scratch.count
                    unescape(base, contentStart, contentEnd, quote: quote, into: &scratch)
                    if keepTail {
                        var tail = p
                        var tailStop = tailEnd
                        if trimTrailing { while tailStop > tail, base[tailStop - 1] == 0x20 || base[tailStop - 1] == 0x09 { tailStop -= 1 } }
                        while tail < tailStop {
                            // Escapes work in the text after the quote as in an unquoted field.
                            if let escape, base[tail] == escape, tail + 1 < tailStop { tail += 1 }
                            scratch.append(base[tail])
                            tail += 1
                        }
                    }
                    fields.add(from, scratch.count, copied: true, quoted: true)
                } else {
                    fields.add(contentStart, contentEnd, copied: false, quoted: true)
                }
                p = tailEnd
            } else {
                // Unquoted field: up to the next delimiter or line break.
                let fieldStart = p
                var copy = false
                while true {
                    let q = unquotedScan.first(in: base, from: p, to: end)
                    if q >= end {
                        if !eof { return fieldLimit(fieldStart, quoted: false) ?? .needMore }
                        p = end
                        break
                    }
                    let byte = base[q]
                    if let escape, byte == escape, byte != d0 {
                        if q + 1 >= end, !eof { return .needMore }
                        copy = true
                        p = min(q + 2, end)
                        continue
                    }
                    if terminator != .any, byte == 0x0A || byte == 0x0D, !isTerminator(base, q, end) {
                        if terminator == .crlf, byte == 0x0D, q + 1 >= end, !eof { return .needMore }
                        p = q + 1
                        continue
                    }
                    if byte == d0, delimiterCount > 1 {
                        if q + delimiterCount > end, !eof { return .needMore }
                        if !isDelimiter(base, q, end) {
                            p = q + 1
                            continue
                        }
                    }
                    p = q
                    break
                }
                var fieldEnd = p
                if trimTrailing { while fieldEnd > fieldStart, base[fieldEnd - 1] == 0x20 || base[fieldEnd - 1] == 0x09 { fieldEnd -= 1 } }
                if fieldEnd - fieldStart > maximumFieldBytes { return fieldTooLong(quotedFrom: nil) }
                if copy {
                    let from = scratch.count
                    var i = fieldStart
                    while i < fieldEnd {
                        if base[i] == escape, i + 1 < fieldEnd { i += 1 }
                        scratch.append(base[i])
                        i += 1
                    }
                    fields.add(from, scratch.count, copied: true, quoted: false)
                } else {
                    fields.add(fieldStart, fieldEnd, copied: false, quoted: false)
                }
            }
            // After a field: a delimiter, a line break or the end.
            if p >= end { return .complete(next: p, lines: lines) }
            if isDelimiter(base, p, end) {
                p += delimiterCount
                continue
            }
            switch terminator {
            case .any: break
            case .lf, .cr: return .complete(next: p + 1, lines: lines + 1)
            case .crlf: return .complete(next: min(p + 2, end), lines: lines + 1)
            }
            if base[p] == 0x0A { return .complete(next: p + 1, lines: lines + 1) }
            if base[p] == 0x0D {
                if p + 1 >= end {
                    if !eof { return .needMore }
                    return .complete(next: p + 1, lines: lines + 1)
                }
                return .complete(next: base[p + 1] == 0x0A ? p + 2 : p + 1, lines: lines + 1)
            }
            // Cannot happen: fields stop only at those.
            p += 1
        }
    }

    @inline(__always)
    private func isLineBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }

    /// Whether the line break at `p` ends a row under ``terminator``.
    @inline(__always)
    private func isTerminator(_ base: UnsafePointer<UInt8>, _ p: Int, _ end: Int) -> Bool {
        switch terminator {
        case .any: return isLineBreak(base[p])
        case .lf: return base[p] == 0x0A
        case .cr: return base[p] == 0x0D
        case .crlf: return base[p] == 0x0D && p + 1 < end && base[p + 1] == 0x0A
        }
    }

    @inline(__always)
    private func isDelimiter(_ base: UnsafePointer<UInt8>, _ p: Int, _ end: Int) -> Bool {
        guard base[p] == delimiterFirst else { return false }
        if delimiterCount == 1 { return true }
        let delimiter = dialect.delimiter
        guard p + delimiter.count <= end else { return false }
        for k in 1..<delimiter.count where base[p + k] != delimiter[k] { return false }
        return true
    }

    /// The failure for a field that has already outgrown the limit while more bytes are needed.
    private func fieldLimit(_ fieldStart: Int, quoted: Bool) -> Parsed? {
        end - fieldStart > maximumFieldBytes + 1 ? fieldTooLong(quotedFrom: quoted ? fieldStart : nil) : nil
    }

    private func fieldTooLong(quotedFrom: Int?) -> Parsed {
        .failed("a field longer than max_field_bytes (\(maximumFieldBytes) bytes); the row is skipped", quotedFrom: quotedFrom)
    }

    /// Appends the content of a quoted field to `scratch` without its doubled quotes and escapes.
    private func unescape(_ base: UnsafePointer<UInt8>, _ from: Int, _ to: Int, quote: UInt8, into scratch: inout [UInt8]) {
        let escape = dialect.escape, doubleQuote = dialect.doubleQuote
        var i = from
        while i < to {
            let byte = base[i]
            if let escape, byte == escape, escape != quote || !doubleQuote, i + 1 < to {
                scratch.append(base[i + 1])
                i += 2
                continue
            }
            if byte == quote, doubleQuote, i + 1 < to, base[i + 1] == quote {
                scratch.append(quote)
                i += 2
                continue
            }
            scratch.append(byte)
            i += 1
        }
    }

    /// Line breaks (LF, CRLF or a lone CR) in `base[from..<to]`.
    private static func lineBreaks(_ base: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        guard to > from else { return 0 }
        let raw = UnsafeRawPointer(base + from)
        if memchr(raw, 0x0A, to - from) == nil, memchr(raw, 0x0D, to - from) == nil { return 0 }
        var count = 0
        var i = from
        while i < to {
            if base[i] == 0x0A { count += 1 } else if base[i] == 0x0D, i + 1 >= to || base[i + 1] != 0x0A { count += 1 }
            i += 1
        }
        return count
    }

    fileprivate func fieldBytes(_ index: Int) -> UnsafeRawBufferPointer {
        let range = table.starts[index]..<table.ends[index]
        if table.flags[index] & FieldTable.copied != 0 {
            return scratch.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[range]) }
        }
        return UnsafeRawBufferPointer(rebasing: buffer[range])
    }

    fileprivate var rawRow: UnsafeRawBufferPointer {
        var stop = rowEnd
        while stop > rowStart, buffer[stop - 1] == 0x0A || buffer[stop - 1] == 0x0D { stop -= 1 }
        return UnsafeRawBufferPointer(rebasing: buffer[rowStart..<stop])
    }

    // MARK: - Lines that are not rows, and skipping

    /// Whether the line at `start` is a comment, or an empty (or blank) line that is not a row.
    private func skipsLine() throws -> Bool {
        if let comment = dialect.comment {
            while end - start < comment.count, !eof { try fill() }
            if end - start >= comment.count, comment.indices.allSatisfy({ buffer[start + $0] == comment[$0] }) { return true }
        }
        if emptyLinesAreRows { return false }
        var p = start
        while true {
            if p >= end {
                if eof { return p > start && skipBlankLines }
                let offset = p - start
                try fill()
                p = start + offset
                if p >= end, eof { return offset > 0 && skipBlankLines }
                continue
            }
            let byte = buffer[p]
            if byte == 0x0A || byte == 0x0D { return p == start || skipBlankLines }
            if skipBlankLines, byte == 0x20 || byte == 0x09 { p += 1; continue }
            return false
        }
    }

    /// The index just after the line break that ends the physical line at `from` (or the end of
    /// the input); nil when nothing is left.
    private func endOfLine(from: Int) throws -> Int? {
        var p = from
        while true {
            if p >= end {
                if eof { return p > start ? end : nil }
                let offset = p - start
                try fill()
                p = start + offset
                if p >= end, eof { return offset > 0 ? end : nil }
                continue
            }
            let q = unquotedScanLineBreak(p)
            if q < end {
                if buffer[q] == 0x0A { return q + 1 }
                if q + 1 >= end, !eof {
                    let offset = q - start
                    try fill()
                    p = start + offset
                    if p + 1 < end { return buffer[p + 1] == 0x0A ? p + 2 : p + 1 }
                    return p + 1
                }
                return q + 1 < end && buffer[q + 1] == 0x0A ? q + 2 : q + 1
            }
            p = end
        }
    }

    private func unquotedScanLineBreak(_ p: Int) -> Int {
        let base = UnsafePointer(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
        return ByteScan(0x0A, 0x0D, 0x0A, 0x0D).first(in: base, from: p, to: end)
    }

    /// Skips the rest of a row that failed: past the closing quote when it broke inside quotes,
    /// then to the end of its line — dropping what it reads, so an oversized field is never held
    /// whole. (A quote never closed runs to the end of the input.)
    private func skipRow(quotedFrom: Int?) throws {
        let base = { UnsafePointer(self.buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        var p = start
        if let quotedFrom, let quote = dialect.quote {
            p = quotedFrom
            while true {
                // memchr when only the quote matters: libc's is vectorised in every build.
                let q = dialect.escape != nil
                    ? quotedScan.first(in: base(), from: p, to: end)
                    : memchr(base() + p, Int32(quote), end - p).map { UnsafeRawPointer($0) - UnsafeRawPointer(base()) } ?? end
                if q + 1 >= end {
                    // Not closed in what is read: drop it (keeping a quote at the very end, which
                    // may be the first of a doubled pair) and read on.
                    let keep = q < end ? q : end
                    line += Self.lineBreaks(base(), start, keep)
                    start = keep
                    if eof {
                        start = end
                        return
                    }
                    try fill()
                    p = start
                    continue
                }
                if base()[q] != quote {  // an escape: skip the byte it escapes
                    p = q + 2
                    continue
                }
                if dialect.doubleQuote, base()[q + 1] == quote {
                    p = q + 2
                    continue
                }
                p = q + 1
                break
            }
        }
        // To the end of the line, dropping what is read.
        while true {
            let q = ByteScan(0x0A, 0x0D, 0x0A, 0x0D).first(in: base(), from: p, to: end)
            if q < end {
                line += Self.lineBreaks(base(), start, q) + 1
                if base()[q] == 0x0D {
                    if q + 1 >= end, !eof {
                        start = q + 1
                        try fill()
                        if start < end, buffer[start] == 0x0A { start += 1 }
                        return
                    }
                    start = q + 1 < end && base()[q + 1] == 0x0A ? q + 2 : q + 1
                } else {
                    start = q + 1
                }
                return
            }
            line += Self.lineBreaks(base(), start, end)
            start = end
            if eof { return }
            try fill()
            p = start
        }
    }

    // MARK: - Reading

    /// Reads more bytes after the unparsed ones, moving them to the front or growing the buffer.
    private func fill() throws {
        if interrupt() {
            interrupted = true
            eof = true
            return
        }
        if start > 0 {
            let pending = end - start
            if pending > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending) }
            baseOffset += Int64(start)
            rowStart -= start
            rowEnd -= start
            start = 0
            end = pending
        }
        if end == buffer.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
            grown.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end)
            buffer.deallocate()
            buffer = grown
        }
        let n = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        if n == 0 { eof = true } else { end += n }
    }
}

/// The bounds and flags of the current row's fields, in raw storage that grows by doubling.
/// A value type of pointers: `CSVRowReader.parse` works on a local copy and stores it back.
struct FieldTable {
    static let copied: UInt8 = 1
    static let quoted: UInt8 = 2

    private(set) var starts: UnsafeMutablePointer<Int>
    private(set) var ends: UnsafeMutablePointer<Int>
    private(set) var flags: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        starts = .allocate(capacity: capacity)
        ends = .allocate(capacity: capacity)
        flags = .allocate(capacity: capacity)
    }

    @inline(__always)
    mutating func add(_ from: Int, _ to: Int, copied: Bool, quoted: Bool) {
        if count == capacity { grow() }
        starts[count] = from
        ends[count] = to
        flags[count] = (copied ? Self.copied : 0) | (quoted ? Self.quoted : 0)
        count += 1
    }

    private mutating func grow() {
        let larger = capacity * 2
        let newStarts = UnsafeMutablePointer<Int>.allocate(capacity: larger)
        let newEnds = UnsafeMutablePointer<Int>.allocate(capacity: larger)
        let newFlags = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        newStarts.update(from: starts, count: count)
        newEnds.update(from: ends, count: count)
        newFlags.update(from: flags, count: count)
        deallocate()
        (starts, ends, flags, capacity) = (newStarts, newEnds, newFlags, larger)
    }

    func deallocate() {
        starts.deallocate()
        ends.deallocate()
        flags.deallocate()
    }
}
