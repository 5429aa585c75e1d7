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

/// A swift-log handler writing `LEVEL [stage] message` lines to standard error.
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
        // Metadata is for machines (--log-format json); text shows the stage only.
        let stage = (event.metadata?["stage"] ?? metadata["stage"]).map { " [\($0)]" } ?? ""
        let line = "\(event.level.rawValue)\(stage) \(event.message)"
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
