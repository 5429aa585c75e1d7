import Foundation
import GleanCore
import Logging

/// A swift-log handler writing one JSON object per line to standard error:
/// `{"time","level","message","stage",…metadata}` — for log shippers (`--log-format json`).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: Fields = [
            "time": .string(ISO8601.format(Date())), "level": .string(event.level.rawValue),
            "message": .string(event.message.description),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { fields[key] = .string(merged[key]!.description) }
        var line: [UInt8] = []
        JSONWriter().write(fields, into: &line)
        line.append(0x0A)
        FileHandle.standardError.write(Data(line))
    }
}

/// A swift-log handler writing `LEVEL [stage] message key=value` lines to standard error.
public struct TextLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata.merging(event.metadata ?? [:]) { $1 }
        var line = "\(event.level.rawValue)"
        if let stage = merged.removeValue(forKey: "stage") { line += " [\(stage)]" }
        line += " \(event.message)"
        for key in merged.keys.sorted() { line += " \(key)=\(merged[key]!)" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
