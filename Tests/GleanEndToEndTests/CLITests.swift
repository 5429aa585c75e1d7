import Foundation
import GleanCore
import GleanRuntime
import GleanTesting
import Testing

@Suite("glean binary, end to end")
struct CLITests {
    @Test func exitCode0OnSuccess() async throws {
        let directory = TemporaryDirectory()
        directory.write("in.jsonl", "{\"a\":1}\n{\"a\":2}\n")
        directory.write("p.yml", "sources:\n  in: {type: json, path: in.jsonl}\nsinks:\n  out: {type: json, inputs: [in], path: out/x.jsonl}\n")
        let result = try await GleanProcess.run(["run", "p.yml"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(directory.read("out/x.jsonl") == "{\"a\":1}\n{\"a\":2}\n")
        #expect(result.stderr.contains("p: finished"))
    }

    /// `glean extract … | head`: the reader leaves early; glean says so on stderr and exits 1,
    /// without the trap and backtrace `FileHandle.write` gave.
    @Test func extractToAReaderThatLeavesEarlyEndsWithAnError() async throws {
        let directory = TemporaryDirectory()
        let lines = (0..<20_000).map { "{\"id\": \"\($0)\", \"text\": \"revenue rose 12% to 3.5 billion yuan in 2024\"}" }
        directory.write("in.jsonl", lines.joined(separator: "\n") + "\n")
        let script = "'\(GleanProcess.binary)' extract figures --jsonl < in.jsonl 2> err.txt | head -c 100 > /dev/null; echo \"${PIPESTATUS[0]}\""
        let result = try runProgram("/bin/bash", ["-c", "cd '\(directory.path)' && " + script])
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let stderr = directory.read("err.txt") ?? ""
        #expect(stderr == "error: writing standard output: the reader closed the pipe (EPIPE)\n", "\(stderr)")
    }

    @Test func exitCode1WhenTheRunFailsAndNoOutputIsLeft() async throws {
        let directory = TemporaryDirectory()
        directory.write("good.jsonl", String(repeating: "{\"a\":1}\n", count: 10_000))
        directory.write("blocked", "a file where the second sink wants a folder")
        directory.write("p.yml", """
            sources:
              good: {type: json, path: good.jsonl}
            sinks:
              out: {type: json, inputs: [good], path: out/x.jsonl}
              bad: {type: json, inputs: [good], path: blocked/x.jsonl}
            """)
        let result = try await GleanProcess.run(["run", "p.yml"], directory: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("blocked"), "\(result.stderr)")
        #expect(result.stderr.contains("no output was published"), "\(result.stderr)")
        #expect(directory.list("out").isEmpty, "\(directory.list("out"))")
    }

    @Test func aMissingInputIsADeadLetterAndTheOtherInputsStillRun() async throws {
        let directory = TemporaryDirectory()
        directory.write("good.jsonl", String(repeating: "{\"a\":1}\n", count: 1_000))
        directory.write("p.yml", """
            settings: {dead_letter: dlq/bad.jsonl}
            sources:
              in: {type: json, path: [good.jsonl, missing.jsonl, "nothing/*.json"]}
            sinks:
              out: {type: json, inputs: [in], path: out/x.jsonl}
            """)
        let result = try await GleanProcess.run(["run", "p.yml"], directory: directory.path)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(directory.read("out/x.jsonl")?.split(separator: "\n").count == 1_000)
        let letters = directory.read("dlq/bad.jsonl") ?? ""
        #expect(letters.contains("missing.jsonl: no such file or directory"), "\(letters)")
        #expect(letters.contains("nothing/*.json: no"), "\(letters)")
    }

    @Test func exitCode2ForInvalidPipelinesWithPositions() async throws {
        let directory = TemporaryDirectory()
        directory.write("bad.yml", "sources:\n  in:\n    type: json\n    path: x\n    formt: lines\nsinks:\n  out: {type: jsonl, inputs: [in], path: y}\n")
        for command in ["run", "validate"] {
            let result = try await GleanProcess.run([command, "bad.yml"], directory: directory.path)
            #expect(result.status == 2)
            #expect(result.stderr.contains("error: bad.yml:5:5: unknown option 'formt' in stage 'in' (did you mean 'format'?)"), "\(result.stderr)")
            #expect(result.stderr.contains("error: bad.yml:7:15: unknown sink type 'jsonl' (did you mean 'json'?)"), "\(result.stderr)")
        }
    }

    @Test(arguments: [["run"], ["run", "p.yml", "--limit", "0"], ["run", "p.yml", "--progress", "sometimes"], ["frobnicate"], ["graph", "p.yml", "--format", "png"]])
    func exitCode2ForBadArguments(arguments: [String]) async throws {
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  in: {type: json, path: '-'}\nsinks:\n  out: {type: json, inputs: [in], path: '-'}\n")
        let result = try await GleanProcess.run(arguments, directory: directory.path)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("error:"))
    }

    @Test func exitCode2ForMissingVariablesAndFiles() async throws {
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  in: {type: json, path: \"${INPUT}\"}\nsinks:\n  out: {type: json, inputs: [in], path: '-'}\n")
        let unset = try await GleanProcess.run(["run", "p.yml"], directory: directory.path)
        #expect(unset.status == 2)
        #expect(unset.stderr.contains("p.yml:2:27: environment variable INPUT is not set"), "\(unset.stderr)")
        let missing = try await GleanProcess.run(["validate", "nope.yml"], directory: directory.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.yml: no such file"))
    }

    @Test func exitCode3WithDeadLetters() async throws {
        let directory = TemporaryDirectory()
        directory.write("in.jsonl", "{\"a\":1}\n{\"a\":\n{\"a\":3}\n")
        directory.write("p.yml", "settings: {dead_letter: dlq/bad.jsonl}\nsources:\n  in: {type: json, path: in.jsonl}\nsinks:\n  out: {type: json, inputs: [in], path: out.jsonl}\n")
        let result = try await GleanProcess.run(["run", "p.yml"], directory: directory.path)
        #expect(result.status == 3)
        #expect(directory.read("out.jsonl") == "{\"a\":1}\n{\"a\":3}\n")
        let letter = try JSONReader.parse(try #require(directory.read("dlq/bad.jsonl")))
        #expect(letter.objectValue?["origin"]?.objectValue?["line"] == 2)
        #expect(letter.objectValue?["raw"] == "{\"a\":")
        #expect(result.stderr.contains("1 record(s) dead-lettered to \(directory.path)/dlq/bad.jsonl"), "\(result.stderr)")
    }

    @Test func streamsStandardInputToStandardOutput() async throws {
        let directory = TemporaryDirectory()
        directory.write("p.yml", "sources:\n  in: {type: json, path: '-'}\ntransforms:\n  f: {type: filter, inputs: [in], where: 'a > 1'}\nsinks:\n  out: {type: json, inputs: [f], path: '-'}\n")
        let result = try await GleanProcess.run(["run", "p.yml", "--state-dir", directory.path + "/s"], directory: directory.path, input: "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\"a\":2}\n{\"a\":3}\n")
    }

    @Test func lockContentionFailsTheSecondRun() async throws {
        let directory = TemporaryDirectory()
        directory.write("p.yml", "name: nightly\nsources:\n  in: {type: json, path: '-'}\nsinks:\n  out: {type: json, inputs: [in], path: out.jsonl}\n")
        try FileManager.default.createDirectory(atPath: directory.path + "/.glean-state/nightly", withIntermediateDirectories: true)
        let lock = try PipelineLock(path: directory.path + "/.glean-state/nightly/lock")
        let result = try await GleanProcess.run(["run", "p.yml"], directory: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("another run of this pipeline is in progress (pid \(getpid()))"), "\(result.stderr)")
        withExtendedLifetime(lock) {}
    }

    @Test func sigtermDrainsCommitsOutputsAndState() async throws {
        let directory = TemporaryDirectory()
        directory.write("files/a.jsonl", String(repeating: "{\"from\":\"file\"}\n", count: 500))
        directory.write("p.yml", """
            sources:
              files: {type: json, path: files, incremental: true}
              live: {type: json, path: '-'}
            sinks:
              out: {type: json, inputs: [files, live], path: out/all.jsonl}
            """)
        let glean = GleanProcess(["run", "p.yml", "--progress", "never"], directory: directory.path)
        try glean.start()
        let input = glean.stdinPipe.fileHandleForWriting
        input.write(Data(String(repeating: "{\"from\":\"stdin\"}\n", count: 300).utf8))
        // Wait until the file source has saved its state proposal and stdin has been read, then stop.
        try await Task.sleep(for: .milliseconds(1500))
        #expect(directory.read("out/all.jsonl") == nil)  // nothing published mid-run
        glean.process.terminate()  // SIGTERM
        let result = await glean.finish()
        try? input.close()
        #expect(result.status == 143, "\(result.stderr)")
        #expect(result.stderr.contains("SIGTERM"))
        let lines = try #require(directory.read("out/all.jsonl")).split(separator: "\n")
        #expect(lines.filter { $0.contains("file") }.count == 500)
        #expect(lines.filter { $0.contains("stdin") }.count == 300)
        #expect(directory.list("out") == ["all.jsonl"])
        let state = try JSONReader.parse(try #require(directory.read(".glean-state/p/state.json")))
        #expect(state.objectValue?["files"]?.objectValue?["inputs"]?.objectValue?.count == 1)

        // The next run skips the file read completely last time.
        let again = try await GleanProcess.run(["run", "p.yml"], directory: directory.path, input: "{\"from\":\"stdin\"}\n")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(directory.read("out/all.jsonl") == "{\"from\":\"stdin\"}\n")
    }

    @Test func stagesGraphAndValidateCommands() async throws {
        let stages = try await GleanProcess.run(["stages"])
        #expect(stages.status == 0)
        for kind in ["json", "select", "rename", "drop", "set", "filter", "dedupe"] {
            #expect(stages.stdout.contains("  \(kind) "), "missing \(kind)")
        }
        let filter = try await GleanProcess.run(["stages", "filter"])
        #expect(filter.stdout.contains("where (string, required)"))
        #expect(filter.stdout.contains("EXAMPLE"))
        let unknown = try await GleanProcess.run(["stages", "fliter"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean 'filter'?"))

        let demo = GleanProcess.packageRoot + "/Pipelines/industry-articles-json.yml"
        let mermaid = try await GleanProcess.run(["graph", demo])
        #expect(mermaid.stdout.hasPrefix("flowchart LR"))
        #expect(mermaid.stdout.contains("s0 --> s1"))
        let dot = try await GleanProcess.run(["graph", demo, "--format", "dot"])
        #expect(dot.stdout.contains("\"articles\" -> \"unique\";"))
        let validate = try await GleanProcess.run(["validate", demo])
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("ok (1 sources, 4 transforms, 2 sinks)"))
    }

    @Test func readmeStageTableMatchesTheRegistry() async throws {
        let generated = try await GleanProcess.run(["stages", "--markdown"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let readme = try String(contentsOfFile: GleanProcess.packageRoot + "/README.md", encoding: .utf8)
        #expect(readme.contains(generated), "README.md's stage table is stale: run `make readme`")
    }

    /// Every pipeline in Pipelines/, except those that say they need a service
    /// (`# e2e-requires: VARIABLE`) while that variable is unset; those have tests of their own.
    static var runnablePipelines: [String] {
        let directory = GleanProcess.packageRoot + "/Pipelines/"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".yml") }.sorted()
        return files.filter { file in
            let text = (try? String(contentsOfFile: directory + file, encoding: .utf8)) ?? ""
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# e2e-requires: ") }) else { return true }
            return ProcessInfo.processInfo.environment[String(line.dropFirst("# e2e-requires: ".count))] != nil
        }
    }

    @Test func shippedPipelinesAreFound() {
        #expect(Self.runnablePipelines.contains("industry-news.yml"))
    }

    @Test(arguments: Self.runnablePipelines)
    func everyShippedPipelineRuns(file: String) async throws {
        let path = GleanProcess.packageRoot + "/Pipelines/" + file
        let state = TemporaryDirectory()
        let result = try await GleanProcess.run(["run", path, "--state-dir", state.path, "--progress", "never"])
        #expect(result.status == 0, "\(file): \(result.stderr)")
    }
}
