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
public enum CSVColumnType: String, Sendable, CaseIterable, Decodable {
    case integer, real, boolean, date, timestamp, string, json

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
            guard text.count == 10, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
                  let string = String(validating: text, as: UTF8.self), ISO8601.parse(string) != nil
            else { return nil }
            return .string(string)
        case .timestamp:
            // At least a date and hours and minutes: `2024-05-01 12:30`.
            guard text.count >= 16, text[4] == UInt8(ascii: "-"), text[10] == UInt8(ascii: "T") || text[10] == UInt8(ascii: " "),
                  let string = String(validating: text, as: UTF8.self), let date = ISO8601.parse(string)
            else { return nil }
            return .timestamp(date)
        case .json:
            return try? JSONReader.parse(text)
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
        if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") { i += 1 }
        let integerStart = i
        while i < text.count, text[i] &- UInt8(ascii: "0") < 10 { i += 1; digits += 1 }
        // Leading zeros before more digits (`007.5`) are codes too.
        if i - integerStart > 1, text[integerStart] == UInt8(ascii: "0") { return nil }
        if i < text.count, text[i] == separator {
            i += 1
            while i < text.count, text[i] &- UInt8(ascii: "0") < 10 { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < text.count, text[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < text.count, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") { i += 1 }
            let exponentStart = i
            while i < text.count, text[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            guard i > exponentStart else { return nil }
        }
        guard i == text.count else { return nil }
        var string = String(decoding: text, as: UTF8.self)
        if decimalComma { string = string.replacingOccurrences(of: ",", with: ".") }
        return Double(string)
    }

    static func boolean(_ text: UnsafeRawBufferPointer) -> Bool? {
        switch text.count {
        case 4:
            let lower = text.map { $0 | 0x20 }
            return lower == Array("true".utf8) ? true : nil
        case 5:
            let lower = text.map { $0 | 0x20 }
            return lower == Array("false".utf8) ? false : nil
        default: return nil
        }
    }
}
