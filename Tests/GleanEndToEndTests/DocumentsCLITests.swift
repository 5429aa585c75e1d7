import Foundation
import GleanTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The documents source through the real binary: `kill -9` in the middle of an archive and a
/// rerun, the run summary's counts, and the shipped example pipeline.
@Suite("documents through glean run")
struct DocumentsCLITests {
    /// Rows of `table` in the SQLite file `path` (0 while it does not exist yet).
    private func count(_ path: String, _ sql: String) -> Int {
        guard FileManager.default.fileExists(atPath: path),
              let result = try? runProgram("/usr/bin/sqlite3", [path, sql]), result.status == 0 else { return 0 }
        return Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    @Test(.timeLimit(.minutes(10)))
    func killedTwiceMidArchiveThenRerunLosesAndDuplicatesNothing() async throws {
        let directory = TemporaryDirectory()
        let total = 20_000  // more than two of the sqlite sink's 8,192-record transactions
        for n in 0..<total {
            _ = directory.write("docs/d\(n % 50)/note-\(n).txt", "Note \(n): the market grew by \(n % 97) percent.")
        }
        let zip = try runProgram("/bin/sh", ["-c", "cd '\(directory.path)' && zip -q -r -0 docs.zip docs"])
        #expect(zip.status == 0, "\(zip.error)")
        directory.write("p.yml", """
            sources:
              docs: {type: documents, path: docs.zip}
            sinks:
              db: {type: sqlite, inputs: [docs], path: out.db, table: documents, key: [path]}
            """)
        let arguments = ["run", "p.yml", "--progress", "never", "--state-dir", directory.path + "/state"]
        let database = directory.path + "/out.db"
        // A whole run first, to know how long one takes on this machine now; then a fresh start.
        let started = ContinuousClock.now
        let whole = try await GleanProcess.run(arguments, directory: directory.path)
        let duration = ContinuousClock.now - started
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(count(database, "SELECT count(*) FROM documents") == total)
        for leftover in ["out.db", "out.db-wal", "out.db-shm", "state"] { try? FileManager.default.removeItem(atPath: directory.path + "/" + leftover) }
        // Killed twice at random points of a run (between a fifth and four fifths of its length).
        // A run that finished before its kill (this machine ran faster than when measured) is
        // undone and tried again sooner, so that each round really kills a run midway.
        var generator = SystemRandomNumberGenerator()
        var killedMidRun = 0
        for round in 1...2 {
            var fraction = Double.random(in: 0.2...0.8, using: &generator)
            for _ in 0..<6 {
                let glean = GleanProcess(arguments, directory: directory.path)
                try glean.start()
                try await Task.sleep(for: duration * fraction)
                let wasRunning = glean.process.isRunning
                kill(glean.process.processIdentifier, SIGKILL)
                _ = await glean.finish()
                #expect(count(database, "SELECT count(*) FROM documents") <= total, "round \(round)")
                if wasRunning {
                    killedMidRun += 1
                    break
                }
                for leftover in ["out.db", "out.db-wal", "out.db-shm", "state"] { try? FileManager.default.removeItem(atPath: directory.path + "/" + leftover) }
                fraction /= 2
            }
        }
        #expect(killedMidRun == 2, "a run was not killed before it finished: the test proved less than it says")
        let last = try await GleanProcess.run(arguments, directory: directory.path)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(count(database, "SELECT count(*) FROM documents") == total)
        #expect(count(database, "SELECT count(DISTINCT path) FROM documents") == total)
        #expect(count(database, "SELECT count(*) FROM documents WHERE text = 'Note 12345: the market grew by ' || (12345 % 97) || ' percent.'") == 1)
        // Nothing is left for a fourth run: the state was committed with the outputs.
        let again = try await GleanProcess.run(arguments + ["--log-level", "info"], directory: directory.path)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("docs 0"), "\(again.stderr)")
        #expect(count(database, "SELECT count(*) FROM documents") == total)
    }

    @Test func theSummaryCountsSkippedTypesAndWarnings() async throws {
        let directory = TemporaryDirectory()
        directory.write("docs/a.txt", "a text document")
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52] + [UInt8](repeating: 0, count: 64)
        try Data(png).write(to: URL(fileURLWithPath: directory.path + "/docs/b.png"))
        try Data(png).write(to: URL(fileURLWithPath: directory.path + "/docs/c.png"))
        directory.write("p.yml", """
            sources:
              docs: {type: documents, path: docs, incremental: false}
            sinks:
              out: {type: json, inputs: [docs], path: out.jsonl}
            """)
        let result = try await GleanProcess.run(["run", "p.yml", "--progress", "never", "--log-level", "info"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("docs: skipped image/png 2"), "\(result.stderr)")
        #expect(directory.read("out.jsonl")?.split(separator: "\n").count == 1)
    }
}
