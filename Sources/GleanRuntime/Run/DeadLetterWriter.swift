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
                // A directory that cannot be made (a full disk) must say why, not "no such file".
                if mkdirs(directory) != 0 {
                    let reason = "cannot create the dead-letter directory '\(directory)': \(String(cString: strerror(errno)))"
                    state.failure = reason
                    throw GleanError(.io, reason, at: .file(path: path, line: nil, column: nil))
                }
                let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
                guard fd >= 0 else {
                    let reason = "cannot open the dead-letter file: \(String(cString: strerror(errno)))"
                    state.failure = reason
                    throw GleanError(.io, reason, at: .file(path: path, line: nil, column: nil))
                }
                state.descriptor = fd
            }
            if let failure = Self.writeAll(line, to: state.descriptor) {
                throw GleanError(.io, "cannot write the dead-letter file: \(failure)", at: .file(path: path, line: nil, column: nil))
            }
            state.count += 1
        }
    }

    /// `mkdir -p`: 0, or -1 with errno of the first directory that could not be made.
    private func mkdirs(_ directory: String) -> Int32 {
        var info = stat()
        if stat(directory, &info) == 0 { return 0 }
        let parent = URL(fileURLWithPath: directory).deletingLastPathComponent().path
        if parent != directory, mkdirs(parent) != 0 { return -1 }
        if mkdir(directory, 0o755) == 0 || errno == EEXIST { return 0 }
        return -1
    }

    /// Writes every byte, going on after short writes; the error text of the write that failed
    /// (errno read at once, so a later call cannot change it: a full disk says ENOSPC), or nil.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                return String(cString: strerror(code))
            }
            if written == 0 { return "the write made no progress" }
            offset += written
        }
        return nil
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
