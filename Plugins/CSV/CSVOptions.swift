import GleanEncoding
import GleanCore

/// `header:` — `auto`, `true`, `false` or a list of column names.
public enum CSVHeaderOption: Sendable, Decodable, Equatable {
    case auto
    case present(Bool)
    case names([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .present(flag)
        } else if let names = try? container.decode([String].self) {
            self = .names(names)
        } else if let text = try? container.decode(String.self), text == "auto" {
            self = .auto
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected true, false, auto or a list of column names")
        }
    }
}

/// `types:` — `infer`, `string`, `dynamic`, or a map from column name to a type (or `infer`).
public enum CSVTypesOption: Sendable, Decodable, Equatable {
    case infer
    case string
    /// Every column `dynamic`: each value typed on its own.
    case dynamic
    /// Named columns get their type (nil: inferred); the others are inferred.
    case columns([String: CSVColumnType?])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            switch text {
            case "infer": self = .infer
            case "string": self = .string
            case "dynamic": self = .dynamic
            default: throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected infer, string, dynamic or a map of column → type, not '\(text)'")
            }
            return
        }
        let map = try container.decode([String: String].self)
        var columns: [String: CSVColumnType?] = [:]
        for (name, type) in map {
            if type == "infer" {
                columns[name] = .some(nil)
            } else if let known = CSVColumnType(rawValue: type) {
                columns[name] = known
            } else {
                let all = CSVColumnType.allCases.map(\.rawValue).joined(separator: ", ")
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "column '\(name)': '\(type)' is not one of \(all), infer")
            }
        }
        self = .columns(columns)
    }
}

/// `skip_empty_lines:` — `true`, `false` or `greedy` (lines of only spaces and tabs too).
public enum CSVEmptyLines: Sendable, Decodable, Equatable {
    case keep, skip, greedy

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = flag ? .skip : .keep
        } else if let text = try? container.decode(String.self), text == "greedy" {
            self = .greedy
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected true, false or greedy")
        }
    }
}

/// `ragged:` — what happens to a row whose field count differs from the header's.
public enum CSVRagged: String, Sendable, CaseIterable, Decodable {
    /// Dead-lettered with its line.
    case error
    /// Short rows padded with nulls; long rows dead-lettered.
    case pad
    /// Short rows keep the fields they have; extra fields are named `column_N`.
    case keep
}

/// `quoting:` — whether quote marks carry a field's type, as Python's `csv` reader's modes do.
public enum CSVReadQuoting: String, Sendable, CaseIterable, Decodable {
    /// Quotes are syntax only; `types:` decides.
    case minimal
    /// Quoted fields are strings; unquoted ones are numbers (an unquoted field that is not a number
    /// dead-letters its row); an empty unquoted field is `""`.
    case nonnumeric
    /// As `nonnumeric`, but an empty unquoted field is null.
    case strings
    /// Every field is a string, but an empty unquoted field is null (`a,,"" ` → `a`, null, `""`).
    case notnull
}

/// `encoding:` — the input's character encoding.
public enum CSVEncoding: String, Sendable, CaseIterable, Decodable {
    case auto
    case utf8 = "utf-8"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case gb18030
    case big5
    case shiftJIS = "shift_jis"
    case latin1 = "latin-1"
    case windows1252 = "windows-1252"

    /// The charset it names, nil for `auto`.
    var charset: Charset? {
        switch self {
        case .auto: nil
        case .latin1: Charset(exactly: "iso-8859-1")  // as asked: C1 controls stay, as Python's latin-1
        default: Charset(rawValue)
        }
    }

    /// The encoding of a sample under `auto`: a byte order mark (UTF-8, UTF-16 LE/BE), else
    /// ``CharsetDetection`` (valid UTF-8, uchardet on enough evidence, GBK pairs, Windows-1252).
    /// Also returns the length of the byte order mark.
    static func detect(_ sample: [UInt8], complete: Bool) -> (Charset, bom: Int) {
        if let mark = Charset.byteOrderMark(sample) { return (mark.charset, mark.length) }
        return (CharsetDetection.detect(sample, complete: complete).charset, 0)
    }
}

/// A delimiter, quote or escape as users write it: one character (`";"`), `\t`/`tab`, or a longer
/// string for a multi-byte delimiter.
enum CSVByteOption {
    static func bytes(_ text: String, option: String, maximum: Int) throws -> [UInt8] {
        let named: [String: String] = ["tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "]
        let bytes = Array((named[text] ?? text).utf8)
        guard !bytes.isEmpty, bytes.count <= maximum else {
            throw ConfigurationError(option: option, maximum == 1 ? "must be one byte (an ASCII character)" : "must be 1 to \(maximum) bytes")
        }
        guard !bytes.contains(0x0A), !bytes.contains(0x0D) else { throw ConfigurationError(option: option, "cannot contain a line break") }
        return bytes
    }
}
