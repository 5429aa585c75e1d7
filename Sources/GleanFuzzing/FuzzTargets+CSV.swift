import GleanCSV
import GleanCore

extension FuzzTargets {
    /// CSV parser, sniffer and writer: never crash on any bytes; the same rows and problems come
    /// out whatever the read size (rows cross reads); rows written by `CSVWriter` read back
    /// unchanged. Accepted: the bytes parse into at least one row without a problem.
    @discardableResult
    public static func csv(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let input = Array(bytes)
        _ = CSVSniffer.guess(input, complete: true, base: CSVDialect(), delimiter: nil, quote: nil, escape: nil, header: nil, decimalComma: false)
        var accepted = false
        for dialect in [CSVDialect(), CSVDialect(delimiter: Array("||".utf8), escape: UInt8(ascii: "\\"), trim: .both), CSVDialect(quote: nil, comment: [0x23])] {
            let large = CSVParse(input, dialect: dialect, chunk: 1 << 16)
            let small = CSVParse(input, dialect: dialect, chunk: 7)
            precondition(large == small, "the read size changed the rows: \(large) vs \(small)")
            if dialect == CSVDialect(), !large.rows.isEmpty, large.problems.isEmpty { accepted = true }
        }
        // Round trip: what was read, as UTF-8 text, written and read again.
        let rows = CSVParse(input, dialect: CSVDialect(), chunk: 1 << 16).rows.filter { row in row.allSatisfy { String(validating: $0, as: UTF8.self) != nil } }
        var written: [UInt8] = []
        let writer = CSVWriter()
        for row in rows {
            try? writer.write(row.map { .string(String(decoding: $0, as: UTF8.self)) }, into: &written)
            written.append(0x0A)
        }
        let again = CSVParse(written, dialect: CSVDialect(), chunk: 1 << 16, emptyLinesAreRows: true)
        precondition(again.problems.isEmpty && again.rows == rows, "a written row did not read back: \(rows) vs \(again.rows)")
        return accepted
    }
}

/// Every row (fields as bytes) and problem line of one parse.
private struct CSVParse: Equatable, CustomStringConvertible {
    var rows: [[[UInt8]]] = []
    var problems: [Int] = []

    init(_ input: [UInt8], dialect: CSVDialect, chunk: Int, emptyLinesAreRows: Bool = false) {
        let reader = CSVRowReader(stream: ChunkedStream(input, chunk: chunk), dialect: dialect, maximumFieldBytes: 4096, maximumColumns: 512, chunkSize: 64)
        reader.emptyLinesAreRows = emptyLinesAreRows
        while true {
            guard let outcome = try? reader.next({ row in rows.append((0..<row.count).map { Array(row.field($0)) }) }) else { break }
            switch outcome {
            case .row: continue
            case .problem(let problem): problems.append(problem.line)
            case .end: return
            }
        }
    }

    var description: String { "\(rows.count) rows, problems on lines \(problems)" }
}

/// A stream that hands out at most `chunk` bytes per read.
private final class ChunkedStream: ByteStream {
    private let bytes: [UInt8]
    private let chunk: Int
    private var position = 0

    init(_ bytes: [UInt8], chunk: Int) {
        self.bytes = bytes
        self.chunk = chunk
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, chunk, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + position, byteCount: n) }
        position += n
        return n
    }
}
