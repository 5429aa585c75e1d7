import Foundation
import Synchronization

/// A one-line live progress display on standard error, redrawn four times a second:
/// `00:12 │ articles 120,345 (35% of 1.2 GB) → clean 120,100 → db 120,000 │ 9,870 rec/s │ ETA 00:21 │ news.zip`.
///
/// Per stage it shows records out (sources, transforms) or in (sinks) and dead letters, and for a
/// source that knows its input's size the share read of it; the rate is of records leaving the
/// sources; the ETA appears when every source knows its input's size; last, the input a source is
/// reading now (a file or an archive).
final class ProgressDisplay: Sendable {
    private let metrics: [StageMetrics]
    private let started = ContinuousClock.now
    private let lastWidth = Mutex(0)

    init(metrics: [StageMetrics]) { self.metrics = metrics }

    func start() -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                render()
            }
        }
    }

    /// Clears the line.
    func finish() {
        let width = lastWidth.withLock { $0 }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: width) + "\r").utf8))
    }

    private func render() {
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let counts = metrics.map(\.snapshot)
        var parts: [String] = []
        var sourceRecords = 0
        var fractions: [Double] = []
        for count in counts {
            var part = "\(count.name) \(Self.grouped(max(count.recordsOut, count.recordsIn)))"
            if let total = count.progressTotal, total > 0 {
                let fraction = min(1, Double(count.progressDone) / Double(total))
                fractions.append(fraction)
                part += " (\(Int(fraction * 100))% of \(Self.bytes(total)))"
            }
            if count.rejected > 0 { part += " ✗\(Self.grouped(count.rejected))" }
            parts.append(part)
            if count.progressTotal != nil || count.progressDone > 0 { sourceRecords += count.recordsOut }
        }
        var line = Self.clock(seconds) + " │ " + parts.joined(separator: " → ")
        if seconds > 0 { line += " │ \(Self.grouped(Int(Double(counts.first?.recordsOut ?? sourceRecords) / seconds))) rec/s" }
        if !fractions.isEmpty, let least = fractions.min(), least > 0.01 {
            line += " │ ETA " + Self.clock(seconds / least - seconds)
        }
        if let current = counts.lazy.compactMap(\.current).first {
            line += " │ " + (current.count > 48 ? "…" + current.suffix(47) : current)
        }
        let width = line.count
        let previous = lastWidth.withLock { old in
            defer { old = width }
            return old
        }
        let padding = previous > width ? String(repeating: " ", count: previous - width) : ""
        FileHandle.standardError.write(Data(("\r" + line + padding).utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds)
        let text = String(format: "%02d:%02d", total / 60 % 60, total % 60)
        return total >= 3600 ? "\(total / 3600):" + text : text
    }

    /// `1.2 GB`, `640 kB`, `12 B` (decimal units, as `ls -h --si` and disk sizes).
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(n)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + units[unit]
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
