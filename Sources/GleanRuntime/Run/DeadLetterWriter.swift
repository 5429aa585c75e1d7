import Foundation
import GleanCore
import Synchronization

/// Appends dead letters to a JSON Lines file, one object per failed input:
/// `{"time", "pipeline", "run", "stage", "error", "code", "origin", "record" | "raw"}` (`code`
/// when the stage gave one).
///
/// The file is created on the first letter and appended to across runs (a dead-letter queue
/// must not lose the previous run's letters), each line flushed as it is written, so nothing is
/// lost even if the run later fails. Many stages write concurrently; a lock serialises them
/// (letters are rare, so the lock is never hot).
public final class DeadLetterWriter: Sendable {
    public let path: String
    private let pipeline: String
    private let runID: String
    private let state = Mutex<(descriptor: Int32, count: Int, failure: String?)>((-1, 0, nil))

    public init(path: String, pipeline: String, runID: String) {
        self.path = path
        self.pipeline = pipeline
        self.runID = runID
    }

    /// Letters written in this run.
    public var count: Int { state.withLock { $0.count } }

    /// Appends one letter. Throws when the file cannot be written: losing a letter must stop the run.
    public func write(_ letter: DeadLetter, stage: String) throws {
        var line: [UInt8] = []
        var fields: Fields = [
            "time": .string(ISO8601.format(Date())), "pipeline": .string(pipeline), "run": .string(runID),
            "stage": .string(stage), "error": .string(letter.error),
        ]
        if let code = letter.code { fields["code"] = .string(code.description) }
        var origin = Fields()
        origin["stage"] = .string(letter.origin.stage)
        if let location = letter.origin.location { origin["location"] = .string(location) }
        if let line = letter.origin.line { origin["line"] = .int(Int64(line)) }
        if let index = letter.origin.index { origin["index"] = .int(Int64(index)) }
        if let offset = letter.origin.byteOffset { origin["byte_offset"] = .int(Int64(offset)) }
        fields["origin"] = .object(origin)
        if let record = letter.record {
            fields["record_id"] = .string(record.id)
            fields["record"] = .object(record.fields)
        }
        if let raw = letter.raw { fields["raw"] = .string(raw) }
        JSONWriter().write(fields, into: &line)
        line.append(0x0A)
        try state.withLock { state in
            if let failure = state.failure { throw GleanError(.io, failure, at: .file(path: path, line: nil, column: nil)) }
            if state.descriptor < 0 {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
                try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
                guard fd >= 0 else {
                    let reason = "cannot open the dead-letter file: \(String(cString: strerror(errno)))"
                    state.failure = reason
                    throw GleanError(.io, reason, at: .file(path: path, line: nil, column: nil))
                }
                state.descriptor = fd
            }
            let written = line.withUnsafeBytes { Foundation.write(state.descriptor, $0.baseAddress!, $0.count) }
            guard written == line.count else {
                throw GleanError(.io, "cannot write the dead-letter file: \(String(cString: strerror(errno)))", at: .file(path: path, line: nil, column: nil))
            }
            state.count += 1
        }
    }

    /// Syncs and closes the file.
    public func close() {
        state.withLock { state in
            if state.descriptor >= 0 {
                fsync(state.descriptor)
                Foundation.close(state.descriptor)
                state.descriptor = -1
            }
        }
    }
}
