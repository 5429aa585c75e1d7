import Foundation
import GleanCore
import Synchronization

/// The per-pipeline state file: one JSON object, a value per stage that saved one.
///
/// Stages read their previous value when built and propose a new one during the run; the runner
/// calls ``commit()`` only after every sink has finished and committed, so a crash means the next
/// run redoes work rather than skipping it. The file is replaced atomically (write, fsync, rename).
public final class StateStore: Sendable {
    public let path: String
    private let previous: [String: Value]
    private let pending = Mutex<[String: Value]>([:])

    /// Loads `path`; a missing file is an empty state, a corrupt one is an error.
    public init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            previous = [:]
            return
        }
        let value: Value
        do {
            value = try data.withUnsafeBytes { raw in try JSONReader.parse(raw) }
        } catch let error as JSONParseError {
            throw GleanError(.io, "the state file is corrupt (\(error.message) at byte \(error.offset)); move it away to start afresh", at: .file(path: path, line: nil, column: nil))
        }
        guard case .object(let fields) = value else {
            throw GleanError(.io, "the state file must hold a JSON object; move it away to start afresh", at: .file(path: path, line: nil, column: nil))
        }
        var map: [String: Value] = [:]
        for (name, value) in fields { map[name] = value }
        previous = map
    }

    /// The state `stage` saved in the last committed run.
    public func previousState(of stage: String) -> Value? { previous[stage] }

    /// Proposes `state` for `stage`; kept in memory until ``commit()``.
    public func save(_ state: Value, for stage: String) {
        pending.withLock { $0[stage] = state }
    }

    /// Writes previous state updated with this run's, atomically.
    public func commit() throws {
        let updates = pending.withLock { $0 }
        guard !updates.isEmpty else { return }
        var merged = previous
        for (stage, value) in updates { merged[stage] = value }
        var fields = Fields()
        for name in merged.keys.sorted() { fields[name] = merged[name]! }
        var file = try OutputFile(path: path)
        do {
            try file.write { JSONWriter(indent: 2).write(.object(fields), into: &$0) }
            try file.write(CollectionOfOne(0x0A))
            try file.commit()
        } catch {
            file.abort()
            throw error
        }
    }
}
