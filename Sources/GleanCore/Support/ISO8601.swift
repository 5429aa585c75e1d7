import Foundation

/// Fast ISO 8601 formatting and parsing of UTC timestamps, without Foundation formatters
/// (which are slow per record and not `Sendable`).
public enum ISO8601 {
    /// `2025-07-21T07:01:00Z`, with milliseconds when the time has a fraction (`…07:01:00.250Z`).
    public static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        write(date, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `format(date)`'s bytes to `buffer`, without making a string (writers call it per
    /// record).
    public static func write(_ date: Date, into buffer: inout [UInt8]) {
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        var millis = Int(((seconds - whole) * 1000).rounded())
        var secs = Int64(whole)
        if millis == 1000 {
            secs += 1
            millis = 0
        }
        let days = Int(floorDiv(secs, 86_400))
        let secondOfDay = Int(secs - Int64(days) * 86_400)
        let (y, m, d) = civil(fromDays: days)
        func two(_ n: Int) {
            buffer.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n / 10))
            buffer.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n % 10))
        }
        func digits(_ n: Int, _ width: Int) {
            if width == 2 { return two(n) }
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = n
            while divisor > 0 {
                buffer.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        if y < 0 || y > 9999 { buffer.append(contentsOf: pad(y, 4).utf8) } else { digits(y, 4) }
        buffer.append(UInt8(ascii: "-"))
        digits(m, 2)
        buffer.append(UInt8(ascii: "-"))
        digits(d, 2)
        buffer.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2)
        buffer.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        buffer.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        if millis != 0 {
            buffer.append(UInt8(ascii: "."))
            digits(millis, 3)
        }
        buffer.append(UInt8(ascii: "Z"))
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z`, `±HH:MM`, `±HHMM` or no zone
    /// (then `defaultOffsetSeconds` applies), with `T` or a space between date and time.
    public static func parse(_ text: String, defaultOffsetSeconds: Int = 0) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0), defaultOffsetSeconds: defaultOffsetSeconds) }
    }

    /// `parse(_:defaultOffsetSeconds:)` on UTF-8 bytes, without making a string (CSV cells).
    public static func parse(bytes b: UnsafeRawBufferPointer, defaultOffsetSeconds: Int = 0) -> Date? {
        var i = 0
        func number(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var n = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                n = n * 10 + Int(c - 0x30)
            }
            i += count
            return n
        }
        func expect(_ c: Unicode.Scalar) -> Bool {
            guard i < b.count, b[i] == UInt8(ascii: c) else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset = defaultOffsetSeconds
        if i < b.count {
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else { return nil }
            i += 1
            guard let h = number(2), expect(":"), let mi = number(2) else { return nil }
            hour = h
            minute = mi
            if expect(":") {
                guard let s = number(2) else { return nil }
                second = s
                if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                    i += 1
                    var scale = 0.1
                    let start = i
                    while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                        fraction += Double(b[i] - 0x30) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > start else { return nil }
                }
            }
            guard hour <= 24, minute <= 59, second <= 60 else { return nil }
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                    i += 1
                    offset = 0
                } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = number(2) else { return nil }
                    _ = expect(":")
                    let om = number(2) ?? 0
                    offset = sign * (oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
            guard i == b.count else { return nil }
        }
        let days = daysFromCivil(year, month, day)
        let seconds = Double(days) * 86_400 + Double(hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The (year, month, day) of a count of days since 1970-01-01.
    public static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
