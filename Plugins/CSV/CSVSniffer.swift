import GleanEncoding
import GleanCore

/// Guesses a CSV file's dialect, header row and preamble from its first bytes, the way DuckDB's
/// sniffer and CleverCSV do: every candidate dialect parses the sample, and the one whose rows are
/// most consistent — the most rows of one length, and cells that look like values (numbers, dates,
/// booleans, empty, or text free of the other candidates' delimiters) — wins.
///
/// - Delimiters tried: `,` `;` tab `|`; quotes `"` and `'`; a backslash escape when the sample has
///   `\"` and no `""`. Whatever the user gave is not guessed.
/// - **Preamble**: lines before the first row of the winning length (at most 20: titles, notes,
///   export banners) are skipped.
/// - **Header**: the first row is a header when, column by column, its cells do not parse as the
///   type the rows below share (a word above numbers), or are of another length than every cell
///   below; when nothing tells (every column text), a first row of distinct, non-empty cells is
///   taken as the header, as most files have one.
public enum CSVSniffer {
    /// What the sniffer chose, and why.
    public struct Guess: Sendable, CustomStringConvertible {
        public var dialect: CSVDialect
        public var header: Bool
        /// Lines skipped before the header (or first row).
        public var preambleLines: Int
        /// Columns in the rows of the winning length.
        public var columns: Int
        /// The winner's consistency score (0–1) and the runner-up's, for the log.
        public var score: Double
        public var runnerUp: (dialect: String, score: Double)?

        public var description: String {
            var text = "\(dialect), \(header ? "a header row" : "no header row"), \(columns) column\(columns == 1 ? "" : "s")"
            if preambleLines > 0 { text += ", \(preambleLines) preamble line\(preambleLines == 1 ? "" : "s") skipped" }
            text += " (score \(Self.format(score))"
            if let runnerUp { text += "; next best \(runnerUp.dialect): \(Self.format(runnerUp.score))" }
            return text + ")"
        }

        private static func format(_ value: Double) -> String { String(Int((value * 1000).rounded())).paddedScore }
    }

    /// Bytes looked at.
    public static let sampleBytes = 64 << 10
    static let sampleRows = 1000
    static let maximumPreamble = 20
    static let delimiters: [[UInt8]] = [[0x2C], [0x3B], [0x09], [0x7C]]

    /// The best dialect for `sample` (the start of the input; `complete` when it is all of it).
    /// `delimiter`, `quote` and `escape` are kept when given; `base` supplies the rest of the
    /// dialect (comment, trim). `header` is guessed only when nil.
    public static func guess(
        _ sample: [UInt8], complete: Bool, base: CSVDialect, delimiter: [UInt8]?, quote: UInt8??, escape: UInt8??,
        header: Bool?, decimalComma: Bool
    ) -> Guess {
        let quotes: [UInt8?] = quote.map { [$0] } ?? [0x22, 0x27]
        let delimiterCandidates = delimiter.map { [$0] } ?? delimiters
        var best: (guess: Guess, rows: Int, order: Int)?
        var runnerUp: (String, Double)?
        var order = 0
        for quote in quotes {
            for candidate in delimiterCandidates {
                var dialect = base
                dialect.delimiter = candidate
                dialect.quote = quote
                dialect.escape = escape ?? guessEscape(sample, quote: quote)
                dialect.doubleQuote = base.doubleQuote
                let rows = parse(sample, complete: complete, dialect: dialect)
                let others = delimiters.filter { $0 != candidate }.map { $0[0] } + (quote.map { [$0] } ?? [])
                let (score, width, preamble, kept) = consistency(rows, otherDelimiters: others, decimalComma: decimalComma)
                let guess = Guess(dialect: dialect, header: false, preambleLines: preamble, columns: width, score: score, runnerUp: nil)
                order += 1
                if let current = best {
                    let better = score > current.guess.score + 1e-9 || (abs(score - current.guess.score) <= 1e-9 && kept > current.rows)
                    if better {
                        runnerUp = (current.guess.dialect.description, current.guess.score)
                        best = (guess, kept, order)
                    } else if runnerUp == nil || score > runnerUp!.1 {
                        runnerUp = (dialect.description, score)
                    }
                } else {
                    best = (guess, kept, order)
                }
            }
        }
        var result = best!.guess
        result.runnerUp = runnerUp
        let rows = Array(parse(sample, complete: complete, dialect: result.dialect).dropFirst(result.preambleLines))
        result.header = header ?? hasHeader(rows, width: result.columns, decimalComma: decimalComma)
        return result
    }

    /// A backslash escape when the sample has `\"` and no doubled quotes.
    static func guessEscape(_ sample: [UInt8], quote: UInt8?) -> UInt8? {
        guard let quote else { return nil }
        var escaped = 0, doubled = 0
        var i = 1
        while i < sample.count {
            if sample[i] == quote {
                if sample[i - 1] == 0x5C { escaped += 1 } else if i + 1 < sample.count, sample[i + 1] == quote { doubled += 1; i += 1 }
            }
            i += 1
        }
        return escaped > 0 && doubled == 0 ? 0x5C : nil
    }

    /// The sample's rows as text (the last one dropped when the sample is cut).
    static func parse(_ sample: [UInt8], complete: Bool, dialect: CSVDialect) -> [[String]] {
        var cut = sample
        if !complete, let lastBreak = sample.lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) { cut = Array(sample[...lastBreak]) }
        let reader = CSVRowReader(stream: MemoryStream(cut), dialect: dialect, maximumFieldBytes: sampleBytes, chunkSize: max(cut.count, 64))
        var rows: [[String]] = []
        while rows.count < sampleRows {
            guard let outcome = try? reader.next({ row in
                rows.append((0..<row.count).map { String(decoding: row.field($0), as: UTF8.self) })
            }) else { break }
            switch outcome {
            case .row: continue
            case .problem: rows.append(["\u{FFFD}"])  // counts as an odd row
            case .end: return rows
            }
        }
        return rows
    }

    /// How consistent `rows` are: (score, modal width, preamble rows, rows of that width).
    static func consistency(_ rows: [[String]], otherDelimiters: [UInt8], decimalComma: Bool) -> (Double, Int, Int, Int) {
        guard !rows.isEmpty else { return (0, 1, 0, 0) }
        var counts: [Int: Int] = [:]
        for row in rows { counts[row.count, default: 0] += 1 }
        // The most frequent width; among equals, the wider.
        let width = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key < b.key }!.key
        let preamble = min(rows.firstIndex { $0.count == width } ?? 0, maximumPreamble)
        let body = rows[preamble...]
        let kept = body.filter { $0.count == width }
        let share = Double(kept.count) / Double(body.count)
        var typed = 0, cells = 0
        for row in kept {
            for cell in row {
                cells += 1
                if looksLikeValue(cell, otherDelimiters: otherDelimiters, decimalComma: decimalComma) { typed += 1 }
            }
        }
        let typeScore = cells == 0 ? 0 : Double(typed) / Double(cells)
        // One column explains nothing: it wins only when no delimiter makes consistent rows.
        let widthFactor = width > 1 ? 1.0 : 0.4
        return (share * (0.25 + 0.75 * typeScore) * widthFactor, width, preamble, kept.count)
    }

    /// Whether a cell looks like a value of its own: empty, a number, a boolean, a date, or text
    /// without another candidate's delimiter or a stray quote in it.
    static func looksLikeValue(_ cell: String, otherDelimiters: [UInt8], decimalComma: Bool) -> Bool {
        let trimmed = cell.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return true }
        var bytes = Array(trimmed.utf8)
        let typed = bytes.withUnsafeMutableBytes { raw in
            let text = UnsafeRawBufferPointer(raw)
            return CSVColumnType.inferable.contains { $0.value(text, decimalComma: decimalComma) != nil }
                || CSVColumnType.real.value(text, decimalComma: !decimalComma) != nil
        }
        if typed { return true }
        bytes = Array(cell.utf8)
        return !bytes.contains { otherDelimiters.contains($0) }
    }

    /// Whether the first of `rows` is a header (see the type's documentation).
    static func hasHeader(_ rows: [[String]], width: Int, decimalComma: Bool) -> Bool {
        guard let first = rows.first, first.count == width else { return false }
        if first.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) { return false }
        if Set(first).count != first.count { return false }
        let body = rows.dropFirst().filter { $0.count == width }
        func parses(_ cell: String, _ type: CSVColumnType) -> Bool {
            var bytes = Array(cell.utf8)
            return bytes.withUnsafeMutableBytes { type.value(UnsafeRawBufferPointer($0), decimalComma: decimalComma) != nil }
        }
        if body.isEmpty {
            // Only one row: a header when none of its cells is a value.
            return !first.contains { cell in CSVColumnType.inferable.contains { parses(cell, $0) } }
        }
        var votes = 0
        for column in 0..<width {
            let cells = body.map { $0[column] }.filter { !$0.isEmpty }
            guard !cells.isEmpty else { continue }
            if let type = CSVColumnType.inferable.first(where: { type in cells.allSatisfy { parses($0, type) } }) {
                votes += parses(first[column], type) ? -1 : 1
            } else {
                let lengths = Set(cells.map(\.count))
                if lengths.count == 1, lengths.first != first[column].count { votes += 1 }
            }
        }
        if votes != 0 { return votes > 0 }
        // Nothing tells: distinct non-empty cells (checked above) are most often a header, unless
        // a cell of the first row is a value.
        return !first.contains { cell in CSVColumnType.inferable.contains { parses(cell, $0) } }
    }
}

extension String {
    /// `912` → `0.912`.
    fileprivate var paddedScore: String {
        let digits = count < 4 ? String(repeating: "0", count: 4 - count) + self : self
        return digits.dropLast(3) + "." + digits.suffix(3)
    }
}

import Foundation

extension CSVSniffer {
    /// What `dialect: auto` would choose for a file that starts with `head` (`complete` when it is
    /// the whole file), as a JSON-ready value: encoding, delimiter, quote, escape, header,
    /// preamble lines, columns, scores and a one-line description.
    public static func report(_ head: [UInt8], complete: Bool) throws -> Value {
        let (encoding, bom) = CSVEncoding.detect(head, complete: complete)
        var sample = Array(head.dropFirst(bom))
        if !encoding.isUTF8 {
            let charset = encoding
            sample = try CSVInputReader.readSample(TranscodingStream(base: MemoryStream(sample), charset: charset), bytes: sampleBytes * 4)
        }
        let guess = guess(sample, complete: complete, base: CSVDialect(), delimiter: nil, quote: nil, escape: nil, header: nil, decimalComma: false)
        func text(_ byte: UInt8?) -> Value { byte.map { .string(String(decoding: [$0], as: UTF8.self)) } ?? .null }
        var fields: Fields = [
            "encoding": .string(encoding.name),
            "delimiter": .string(String(decoding: guess.dialect.delimiter, as: UTF8.self)),
            "quote": text(guess.dialect.quote),
            "escape": guess.dialect.escape.map { text($0) } ?? .string("double"),
            "header": .bool(guess.header),
            "preamble_lines": .int(Int64(guess.preambleLines)),
            "columns": .int(Int64(guess.columns)),
            "score": .double((guess.score * 1000).rounded() / 1000),
        ]
        if let runnerUp = guess.runnerUp {
            fields["runner_up"] = ["dialect": .string(runnerUp.dialect), "score": .double((runnerUp.score * 1000).rounded() / 1000)]
        }
        fields["description"] = .string(guess.description)
        return .object(fields)
    }
}
