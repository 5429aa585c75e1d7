import Foundation
import GleanCore
import GleanTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The hostile-input and careless-operator cases of issue 11, through the real binary.
@Suite("hostile input and signals")
struct HostileInputTests {
    /// Waits up to `limit` for the process to exit; kills it (SIGKILL) and returns false if it
    /// does not, so a regression fails the test instead of hanging the suite.
    private func exits(_ glean: GleanProcess, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while glean.process.isRunning {
            if ContinuousClock.now > deadline {
                kill(glean.process.processIdentifier, SIGKILL)
                return false
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// Starts `glean`, sends SIGTERM after `delay`, and returns how it ended; records an issue
    /// (naming `what` it was doing) when it has not exited 10 s after the signal.
    private func terminate(_ glean: GleanProcess, after delay: Duration, while what: String) async throws -> GleanProcess.Result {
        try glean.start()
        try await Task.sleep(for: delay)
        glean.process.terminate()
        #expect(await exits(glean, within: .seconds(10)), "SIGTERM was ignored \(what)")
        return await glean.finish()
    }

    private func feedServer() throws -> ScriptServer {
        try ScriptServer(script: GleanProcess.packageRoot + "/Tests/GleanXMLTests/Support/feed_server.py")
    }

    @Test func sigtermStopsWhileAnOverLongLineIsSkipped() async throws {
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  in: {type: json, path: '-', max_record_bytes: 1024}\nsinks:\n  out: {type: json, inputs: [in], path: out.jsonl}\n")
        let glean = GleanProcess(["run", "p.yml", "--progress", "never", "--state-dir", directory.path + "/s"], directory: directory.path)
        glean.process.standardInput = FileHandle(forReadingAtPath: "/dev/zero")
        let result = try await terminate(glean, after: .milliseconds(1000), while: "while /dev/zero was read")
        #expect(result.status == 143, "\(result.stderr)")
        #expect(directory.read("out.jsonl") == "")  // drained and published: the one line was dead-lettered
    }

    @Test func sigtermStopsDuringARetryAfterSleep() async throws {
        let server = try feedServer()
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  feed: {type: rss, url: '\(server.url("/retry-later.xml"))', retries: 3}\nsinks:\n  out: {type: json, inputs: [feed], path: out.jsonl}\n")
        let glean = GleanProcess(["run", "p.yml", "--progress", "never"], directory: directory.path)
        let result = try await terminate(glean, after: .milliseconds(1500), while: "during a Retry-After sleep")
        #expect(result.status == 143, "\(result.stderr)")
        #expect(!result.stderr.contains("feed not fetched"), "a stop is not a failed feed: \(result.stderr)")
        #expect(directory.read("out.jsonl") == "")
    }

    @Test func theTimeoutBoundsATricklingBody() async throws {
        let server = try feedServer()
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  feed: {type: rss, url: '\(server.url("/trickle.xml"))', timeout: 2, retries: 0}\nsinks:\n  out: {type: json, inputs: [feed], path: out.jsonl}\n")
        let glean = GleanProcess(["run", "p.yml", "--progress", "never"], directory: directory.path)
        try glean.start()
        #expect(await exits(glean, within: .seconds(20)), "a body trickling one byte a second outlived timeout: 2")
        let result = await glean.finish()
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("no complete response within"), "\(result.stderr)")
    }

    @Test func sigtermStopsDuringATricklingBody() async throws {
        let server = try feedServer()
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  feed: {type: rss, url: '\(server.url("/trickle.xml"))', timeout: 600}\nsinks:\n  out: {type: json, inputs: [feed], path: out.jsonl}\n")
        let glean = GleanProcess(["run", "p.yml", "--progress", "never"], directory: directory.path)
        let result = try await terminate(glean, after: .milliseconds(1500), while: "during a trickling body")
        #expect(result.status == 143, "\(result.stderr)")
    }

    @Test func aRepeatedSigtermWithinAMomentStillDrainsAndPublishes() async throws {
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  in: {type: json, path: '-'}\nsinks:\n  out: {type: json, inputs: [in], path: out.jsonl}\n")
        let glean = GleanProcess(["run", "p.yml", "--progress", "never", "--state-dir", directory.path + "/s"], directory: directory.path)
        try glean.start()
        let input = glean.stdinPipe.fileHandleForWriting
        input.write(Data(String(repeating: "{\"n\":1}\n", count: 3).utf8))
        try await Task.sleep(for: .milliseconds(1000))
        kill(glean.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(100))
        kill(glean.process.processIdentifier, SIGTERM)  // as GNU timeout and a supervisor may both send
        #expect(await exits(glean, within: .seconds(10)))
        let result = await glean.finish()
        try? input.close()
        #expect(result.status == 143, "\(result.stderr)")
        #expect(!result.stderr.contains("without draining"), "\(result.stderr)")
        #expect(directory.read("out.jsonl") == String(repeating: "{\"n\":1}\n", count: 3))
    }

    @Test func temporaryFilesOfAKilledRunAreRemovedByTheNext() async throws {
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  in: {type: json, path: '-'}\nsinks:\n  out: {type: json, inputs: [in], path: out/all.jsonl}\n")
        let arguments = ["run", "p.yml", "--progress", "never", "--state-dir", directory.path + "/s"]
        let glean = GleanProcess(arguments, directory: directory.path)
        try glean.start()
        glean.stdinPipe.fileHandleForWriting.write(Data("{\"n\":1}\n".utf8))
        var leftovers: [String] = []
        for _ in 0..<100 where leftovers.isEmpty {
            try await Task.sleep(for: .milliseconds(50))
            leftovers = directory.list("out").filter { $0.contains(".glean-tmp-") }
        }
        #expect(leftovers.count == 1)
        kill(glean.process.processIdentifier, SIGKILL)
        _ = await glean.finish()
        #expect(directory.list("out") == leftovers)  // kill -9 leaves it behind

        let next = try await GleanProcess.run(arguments, directory: directory.path, input: "{\"n\":2}\n")
        #expect(next.status == 0, "\(next.stderr)")
        #expect(directory.list("out") == ["all.jsonl"])
        #expect(next.stderr.contains("removed 1 temporary file(s) left by killed runs"), "\(next.stderr)")
    }

    @Test func aFIFOOutputIsWrittenThroughAndNotReplaced() async throws {
        let directory = TemporaryDirectory()
        let fifo = directory.path + "/out.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        directory.write("p.yml", "sources:\n  in: {type: json, path: '-'}\nsinks:\n  out: {type: json, inputs: [in], path: out.fifo}\n")
        let reader = try #require(openFIFOReader(fifo))  // there first, as a FIFO's reader must be
        let result = try await GleanProcess.run(["run", "p.yml", "--state-dir", directory.path + "/s"], directory: directory.path, input: "{\"a\":1}\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: await readToEnd(reader), as: UTF8.self) == "{\"a\":1}\n")
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func devStdoutIsTheProcesssStandardOutput() async throws {
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  in: {type: json, path: '-'}\nsinks:\n  out: {type: json, inputs: [in], path: /dev/stdout}\n")
        let result = try await GleanProcess.run(["run", "p.yml", "--state-dir", directory.path + "/s"], directory: directory.path, input: "{\"a\":1}\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\"a\":1}\n")  // a pipe: realpath() cannot name it
    }

    @Test func aYAMLAliasBombIsRefusedQuickly() async throws {
        let directory = TemporaryDirectory()
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "sources:\n  in: {type: json, path: '-', x: *a9}\nsinks:\n  out: {type: json, inputs: [in], path: out.jsonl}\n"
        #expect(yaml.utf8.count < 1024)  // a billion nodes from under a kilobyte
        directory.write("bomb.yml", yaml)
        let result = try await GleanProcess.run(["validate", "bomb.yml"], directory: directory.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("expands to more than"), "\(result.stderr)")
    }

    @Test func negativeZeroKeepsItsSign() async throws {
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  in: {type: json, path: '-'}\nsinks:\n  out: {type: json, inputs: [in], path: '-'}\n")
        let result = try await GleanProcess.run(["run", "p.yml", "--state-dir", directory.path + "/s"], directory: directory.path, input: "{\"x\":-0.0,\"y\":0.0}\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\"x\":-0.0,\"y\":0.0}\n")
    }

    /// A disk that fills part-way through a dead letter: the first write is short, the next fails
    /// with ENOSPC, and that is what the error must say (it once said ENOENT, a stale errno).
    /// On a small tmpfs when the test may mount one (root), else on /dev/full.
    @Test func aFullDiskUnderTheDeadLetterFileSaysSo() async throws {
        let directory = TemporaryDirectory()
        let disk = directory.path + "/disk"
        #expect(mkdir(disk, 0o755) == 0)
        var deadLetter = "/dev/full"
        if geteuid() == 0, "size=64k".withCString({ mount("tmpfs", disk, "tmpfs", 0, $0) }) == 0 {
            // Leave one page free: the letters below are larger, so one write is cut short.
            #expect(FileManager.default.createFile(atPath: disk + "/fill", contents: Data(count: 60 * 1024)))
            deadLetter = disk + "/dead.jsonl"
        }
        defer { if deadLetter != "/dev/full" { umount(disk) } }
        directory.write("p.yml", "settings: {dead_letter: '\(deadLetter)'}\nsources:\n  in: {type: json, path: '-', format: lines}\nsinks:\n  out: {type: json, inputs: [in], path: out.jsonl}\n")
        let bad = String(repeating: "{\"a\": \"" + String(repeating: "x", count: 2_000) + "\n", count: 20)
        let result = try await GleanProcess.run(["run", "p.yml", "--state-dir", directory.path + "/s"], directory: directory.path, input: bad)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("No space left on device"), "\(result.stderr)")
    }

    @Test func globsReadEachRealFileOnceAndFollowNoLinks() async throws {
        let directory = TemporaryDirectory()
        directory.write("in/a.jsonl", "{\"f\":\"a\"}\n")
        directory.write("in/sub/b.jsonl", "{\"f\":\"b\"}\n")
        #expect(symlink(directory.path + "/in", directory.path + "/in/sub/loop") == 0)  // a loop
        #expect(symlink(directory.path + "/in/a.jsonl", directory.path + "/in/sub/again.jsonl") == 0)
        directory.write("outside/c.jsonl", "{\"f\":\"c\"}\n")
        #expect(symlink(directory.path + "/outside", directory.path + "/in/out") == 0)
        directory.write("p.yml", "sources:\n  in: {type: json, path: 'in/**/*.jsonl'}\n  tree: {type: json, path: in}\nsinks:\n  out: {type: json, inputs: [in, tree], path: '-'}\n")
        let result = try await GleanProcess.run(["run", "p.yml", "--state-dir", directory.path + "/s"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").sorted()
        #expect(lines == ["{\"f\":\"a\"}", "{\"f\":\"a\"}", "{\"f\":\"b\"}", "{\"f\":\"b\"}"], "\(result.stdout)")
    }
}
