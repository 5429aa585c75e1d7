import Foundation
import GleanCore

/// The type of a CSV column: how its text becomes a value.
///
/// - `integer`: an optional sign and digits that fit 64 bits. A number with a leading zero
///   (`007`, `02134`) is not an integer: such columns are codes (zip codes, ids), kept as strings.
/// - `real`: a decimal number with `.` (or `,` when `decimal: ","`) and an optional exponent.
/// - `boolean`: `true`/`false`, any case.
/// - `date`: an ISO date `YYYY-MM-DD`, checked and kept as that text (Glean's values have no date
///   type; SQLite's date functions and PostgreSQL's casts read it).
/// - `timestamp`: ISO 8601 with `T` or a space, optional seconds, fraction and zone (none = UTC).
/// - `json`: JSON text parsed into a value (never inferred).
/// - `string`: the text as it is.
/// - `dynamic`: each value on its own (never inferred): the first of boolean, integer, real,
///   timestamp it reads as, else its text; empty is null. For columns that mix kinds (`12`, `n/a`,
///   `3.5`), where a column type would make every value a string.
public enum CSVColumnType: String, Sendable, CaseIterable, Decodable {
    case integer, real, boolean, date, timestamp, string, json, dynamic

    /// Types tried by inference, narrowest first.
    static let inferable: [CSVColumnType] = [.boolean, .integer, .real, .date, .timestamp]

    /// `text` as a value of this type, or nil when it is not one.
    func value(_ text: UnsafeRawBufferPointer, decimalComma: Bool) -> Value? {
        switch self {
        case .string: return .string(String(decoding: text, as: UTF8.self))
        case .integer: return Self.integer(text).map(Value.int)
        case .real:
            if let integer = Self.integer(text) { return .double(Double(integer)) }
            return Self.real(text, decimalComma: decimalComma).map(Value.double)
        case .boolean: return Self.boolean(text).map(Value.bool)
        case .date:
            guard Self.isDate(text) else { return nil }
            return .string(String(decoding: text, as: UTF8.self))  // ASCII, checked
        case .timestamp:
            // At least a date and hours and minutes: `2024-05-01 12:30`.
            guard text.count >= 16, Self.isDate(UnsafeRawBufferPointer(rebasing: text[0..<10])),
                  text[10] == UInt8(ascii: "T") || text[10] == UInt8(ascii: " "),
                  let date = ISO8601.parse(bytes: text)
            else { return nil }
            return .timestamp(date)
        case .json:
            return try? JSONReader.parse(text)
        case .dynamic:
            for type in Self.inferable where type != .date {
                if let value = type.value(text, decimalComma: decimalComma) { return value }
            }
            return nil
        }
    }

    static func integer(_ text: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        var negative = false
        if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        let digits = text.count - i
        guard digits > 0, digits <= 19, !(digits > 1 && text[i] == UInt8(ascii: "0")) else { return nil }
        var value: Int64 = 0
        while i < text.count {
            let digit = text[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(digit))
            if o1 || o2 { return negative && sum == Int64.min ? sum : nil }
            value = sum
            i += 1
        }
        return negative ? -value : value
    }

    /// A decimal number: digits with one decimal separator and an optional exponent.
    static func real(_ text: UnsafeRawBufferPointer, decimalComma: Bool) -> Double? {
        let separator = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        var i = 0, digits = 0
        var negative = false
        if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        let integerStart = i
        // The digits as one integer (while it stays exact) and how many follow the separator.
        var mantissa: Int64 = 0
        var fractionDigits = 0
        while i < text.count, text[i] &- UInt8(ascii: "0") < 10 {
            mantissa = mantissa &* 10 &+ Int64(text[i] &- UInt8(ascii: "0"))
            i += 1
            digits += 1
        }
        // Leading zeros before more digits (`007.5`) are codes too.
        if i - integerStart > 1, text[integerStart] == UInt8(ascii: "0") { return nil }
        if i < text.count, text[i] == separator {
            i += 1
            while i < text.count, text[i] &- UInt8(ascii: "0") < 10 {
                mantissa = mantissa &* 10 &+ Int64(text[i] &- UInt8(ascii: "0"))
                i += 1
                digits += 1
                fractionDigits += 1
            }
        }
        guard digits > 0 else { return nil }
        // Clinger's fast path: at most 15 digits and no exponent make an exact integer divided by an
        // exact power of ten, which one division rounds correctly.
        if i == text.count, digits <= 15 {
            let value = Double(mantissa) / Self.powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        if i < text.count, text[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") { i += 1 }
            let exponentStart = i
            while i < text.count, text[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            guard i > exponentStart else { return nil }
        }
        guard i == text.count, text.count < 128 else { return nil }
        // Swift's own parser (locale-independent), on a copy with `.` as the separator; numbers
        // up to 15 bytes make a small string, which needs no allocation.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count) { copy in
            for k in 0..<text.count { copy[k] = text[k] == separator ? UInt8(ascii: ".") : text[k] }
            return Double(String(decoding: copy, as: UTF8.self))
        }
    }

    /// 10^0 … 10^15, each exact as a `Double`.
    private static let powersOfTen: [Double] = (0...15).map { exponent in (0..<exponent).reduce(1.0) { value, _ in value * 10 } }

    /// `YYYY-MM-DD` with a month 1–12 and a day that exists in that month.
    static func isDate(_ text: UnsafeRawBufferPointer) -> Bool {
        guard text.count == 10, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-") else { return false }
        func number(_ from: Int, _ to: Int) -> Int? {
            var n = 0
            for k in from..<to {
                let digit = text[k] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                n = n * 10 + Int(digit)
            }
            return n
        }
        guard let year = number(0, 4), let month = number(5, 7), let day = number(8, 10), (1...12).contains(month), day >= 1 else { return false }
        let days: Int
        switch month {
        case 2: days = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return day <= days
    }

    static func boolean(_ text: UnsafeRawBufferPointer) -> Bool? {
        func matches(_ word: StaticString) -> Bool {
            guard text.count == word.utf8CodeUnitCount else { return false }
            let letters = word.utf8Start
            for k in 0..<text.count where text[k] | 0x20 != letters[k] { return false }
            return true
        }
        if matches("true") { return true }
        if matches("false") { return false }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
