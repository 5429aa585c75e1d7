/// A byte-level JSON parser producing ``Value``s.
///
/// Written by hand because Foundation's `JSONSerialization` and `JSONDecoder` run at 25–40 MB/s here
/// (see TOOLCHAIN-NOTES), the speed of `jq`; the JSON source must be several times faster. It works
/// on contiguous UTF-8 bytes, builds each `String` once, and never recurses deeper than
/// ``maximumDepth`` so hostile input cannot overflow the stack.
///
/// Leniency, documented for users: invalid UTF-8 inside strings becomes U+FFFD; a repeated key in
/// an object keeps its first position and its last value. Integers that fit in 64 bits become
/// `.int`, other numbers `.double`; a number beyond the range of a double is an error.
public struct JSONReader {
    /// Nesting deeper than this is an error.
    public static let maximumDepth = 512

    /// Parses exactly one value; whitespace around it is allowed, anything else is an error.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> Value {
        var reader = JSONReader(bytes)
        return try reader.parseDocument()
    }

    /// Parses `bytes` as exactly one value, reusing this reader's scratch space: for parsing many
    /// small documents (JSON Lines) without reallocating per line.
    public mutating func parseDocument(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> Value {
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        index = 0
        end = bytes.count
        return try parseDocument()
    }

    private mutating func parseDocument() throws(JSONParseError) -> Value {
        let value = try parseValue()
        skipWhitespace()
        if index < end { throw error("unexpected data after the JSON value") }
        return value
    }

    /// A reader with no input yet, for ``parseDocument(_:)``.
    public init() {
        base = nil
        index = 0
        end = 0
    }

    /// Parses exactly one value from `text`.
    public static func parse(_ text: String) throws(JSONParseError) -> Value {
        var copy = text
        let result: Result<Value, JSONParseError> = copy.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer)) }
        }
        return try result.get()
    }

    private var base: UnsafePointer<UInt8>?
    // Members and elements of the containers being parsed, as stacks: each container's arrays are
    // then allocated once at their final size instead of growing (a large share of parse time).
    private var members: [Fields.Field] = []
    private var elements: [Value] = []
    /// The position of the next byte to read.
    public private(set) var index: Int
    private var end: Int

    /// A reader over `bytes`, starting at offset 0.
    public init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        index = 0
        end = bytes.count
    }

    /// Parses the next value.
    public mutating func parseValue() throws(JSONParseError) -> Value {
        try parseValue(depth: 0)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < end {
            switch base![index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    func error(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: index) }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> Value {
        skipWhitespace()
        guard index < end else { throw error("unexpected end of input, expected a JSON value") }
        switch base![index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character \(describe(base![index])), expected a JSON value")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard end - index >= count, memcmp(base! + index, literal.utf8Start, count) == 0 else {
            throw error("invalid literal, expected '\(literal)'")
        }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> Value {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1  // {
        let start = members.count
        defer { members.removeSubrange(start...) }
        var seen: Set<String>? = nil
        skipWhitespace()
        if index < end, base![index] == UInt8(ascii: "}") {
            index += 1
            return .object(Fields())
        }
        while true {
            skipWhitespace()
            guard index < end, base![index] == UInt8(ascii: "\"") else {
                throw error(index < end ? "expected a string key in object" : "unexpected end of input inside an object")
            }
            let name = try parseString()
            skipWhitespace()
            guard index < end, base![index] == UInt8(ascii: ":") else { throw error("expected ':' after object key") }
            index += 1
            let value = try parseValue(depth: depth)
            // Duplicate keys: linear check for small objects, a set for large ones (hostile input).
            let count = members.count - start
            if count < 16 {
                if let i = members[start...].firstIndex(where: { $0.name == name }) {
                    members[i].value = value
                } else {
                    members.append(Fields.Field(name: name, value: value))
                }
            } else {
                if seen == nil { seen = Set(members[start...].map(\.name)) }
                if seen!.insert(name).inserted {
                    members.append(Fields.Field(name: name, value: value))
                } else {
                    members[members[start...].firstIndex { $0.name == name }!].value = value
                }
            }
            skipWhitespace()
            guard index < end else { throw error("unexpected end of input inside an object, expected ',' or '}'") }
            let byte = base![index]
            index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { break }
            index -= 1
            throw error("unexpected character \(describe(byte)), expected ',' or '}' in object")
        }
        return .object(Fields(unchecked: Self.copy(members[start...])))
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> Value {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1  // [
        let start = elements.count
        defer { elements.removeSubrange(start...) }
        skipWhitespace()
        if index < end, base![index] == UInt8(ascii: "]") {
            index += 1
            return .array([])
        }
        while true {
            let element = try parseValue(depth: depth)
            elements.append(element)
            skipWhitespace()
            guard index < end else { throw error("unexpected end of input inside an array, expected ',' or ']'") }
            let byte = base![index]
            index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { break }
            index -= 1
            throw error("unexpected character \(describe(byte)), expected ',' or ']' in array")
        }
        return .array(Self.copy(elements[start...]))
    }

    /// A new array with its own storage of exactly the slice's size. (`Array(slice)` may share
    /// the scratch stack's storage, which would make the next `removeSubrange` copy it.)
    @inline(__always)
    private static func copy<T>(_ slice: ArraySlice<T>) -> [T] {
        var array: [T] = []
        array.reserveCapacity(slice.count)
        array.append(contentsOf: slice)
        return array
    }

    /// Parses a string starting at its opening quote.
    private mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1
        let contentStart = index
        // Fast path: no escapes; eight bytes at a time while none is a quote, a backslash or a
        // control character (SWAR, as the writer does).
        while index < end {
            while end - index >= 8, !JSONWriter.needsEscape(UnsafeRawPointer(base! + index).loadUnaligned(as: UInt64.self)) { index += 8 }
            guard index < end else { break }
            let byte = base![index]
            if byte == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(start: base! + contentStart, count: index - contentStart), as: UTF8.self)
                index += 1
                return s
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character \(describe(byte)) inside a string (must be escaped)") }
            index += 1
        }
        guard index < end else {
            index = start
            throw error("unterminated string")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(index - contentStart + 16)
        bytes.append(contentsOf: UnsafeBufferPointer(start: base! + contentStart, count: index - contentStart))
        while index < end {
            let byte = base![index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < end else { break }
                let escape = base![index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C)
                case UInt8(ascii: "/"): bytes.append(0x2F)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try parseHex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        // A high surrogate must be followed by \u and a low surrogate.
                        if end - index >= 6, base![index] == UInt8(ascii: "\\"), base![index + 1] == UInt8(ascii: "u") {
                            index += 2
                            let low = try parseHex4()
                            if (0xDC00...0xDFFF).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                appendScalar(0xFFFD, to: &bytes)
                                scalar = low
                            }
                        } else {
                            scalar = 0xFFFD
                        }
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        scalar = 0xFFFD
                    }
                    appendScalar(scalar, to: &bytes)
                default:
                    index -= 2
                    throw error("invalid escape sequence in string")
                }
            default:
                if byte < 0x20 { throw error("control character \(describe(byte)) inside a string (must be escaped)") }
                bytes.append(byte)
                index += 1
            }
        }
        index = start
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard end - index >= 4 else { throw error("incomplete \\u escape") }
        var scalar: UInt32 = 0
        for _ in 0..<4 {
            let byte = base![index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            scalar = scalar << 4 | UInt32(digit)
            index += 1
        }
        return scalar
    }

    private func appendScalar(_ value: UInt32, to bytes: inout [UInt8]) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        bytes.append(contentsOf: UTF8.encode(scalar)!)
    }

    private mutating func parseNumber() throws(JSONParseError) -> Value {
        let start = index
        var negative = false
        if base![index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let digitsStart = index
        var magnitude: UInt64 = 0
        var overflow = false
        while index < end, case let byte = base![index], byte >= 0x30, byte <= 0x39 {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(byte - 0x30))
            overflow = overflow || o1 || o2
            magnitude = m2
            index += 1
        }
        let digitCount = index - digitsStart
        guard digitCount > 0 else { throw error("expected digits in number") }
        if digitCount > 1, base![digitsStart] == UInt8(ascii: "0") { index = digitsStart; throw error("leading zeros are not allowed in numbers") }
        var isInteger = true
        if index < end, base![index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let fractionStart = index
            while index < end, base![index] >= 0x30, base![index] <= 0x39 { index += 1 }
            guard index > fractionStart else { throw error("expected digits after the decimal point") }
        }
        if index < end, base![index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if index < end, base![index] == UInt8(ascii: "+") || base![index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < end, base![index] >= 0x30, base![index] <= 0x39 { index += 1 }
            guard index > exponentStart else { throw error("expected digits in the exponent") }
        }
        if isInteger, !overflow {
            if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if negative, magnitude <= UInt64(Int64.max) + 1 { return .int(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(start: base! + start, count: index - start), as: UTF8.self)
        guard let double = Double(text) else { index = start; throw error("invalid number") }
        // Found by fuzzing: 33E533 would become infinity, which JSON (and SQL) cannot represent.
        guard double.isFinite else { index = start; throw error("number out of range for a 64-bit float") }
        return .double(double)
    }

    private func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }
}

/// A JSON syntax error and the byte offset where it was found.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Offset in bytes from the start of the parsed buffer.
    public var offset: Int
    public var description: String { message }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
