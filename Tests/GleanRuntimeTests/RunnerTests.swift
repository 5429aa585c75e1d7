import Foundation
import GleanCore
import GleanRuntime
import GleanTesting
import Logging
import Testing

@Suite("Runner")
struct RunnerTests {
    @Test func backPressureBoundsBufferedRecords() async throws {
        let directory = TemporaryDirectory()
        let collector = RecordCollector()
        let pipeline = try validate("""
            settings: {batch_size: 10, buffer: 50}
            sources:
              fast: {type: generate, count: 20000}
            transforms:
              pass: {type: select, inputs: [fast], fields: [n]}
            sinks:
              slow: {type: collect, inputs: [pass], yields: 50}
            """, in: directory, registry: testRegistry(collector)).get()
        let report = await run(pipeline, in: directory)
        #expect(report.failure == nil)
        #expect(collector.records("slow").count == 20000)
        #expect(collector.records("slow").map { $0["n"] } == (0..<20000).map { .int(Int64($0)) })
        // The runner's own counters: never more than the bound in front of any stage…
        for (stage, peak) in report.peakBufferedRecords {
            #expect(peak <= 50, "\(stage) buffered \(peak) records")
        }
        // …and the bound was actually reached in front of the slow sink (the source was held back).
        #expect(report.peakBufferedRecords["slow"]! > 40)
    }

    @Test func fanInAndFanOut() async throws {
        let directory = TemporaryDirectory()
        let collector = RecordCollector()
        let pipeline = try validate("""
            sources:
              a: {type: generate, count: 300}
              b: {type: generate, count: 200, field: m}
            transforms:
              merged: {type: set, inputs: [a, b], fields: {seen: true}}
            sinks:
              left: {type: collect, inputs: [merged]}
              right: {type: collect, inputs: [merged, a]}
            """, in: directory, registry: testRegistry(collector)).get()
        let report = await run(pipeline, in: directory)
        #expect(report.exitCode == 0)
        let left = collector.records("left")
        #expect(left.count == 500)
        #expect(left.filter { $0["source"] == "a" }.count == 300)
        #expect(left.allSatisfy { $0["seen"] == true })
        let right = collector.records("right")
        #expect(right.count == 800)
        // Order within one input is preserved.
        #expect(left.filter { $0["source"] == "b" }.map { $0["m"] } == (0..<200).map { .int(Int64($0)) })
        #expect(report.stages.first { $0.name == "merged" }?.recordsIn == 500)
    }

    @Test func deadLettersCarryRecordOriginStageAndError() async throws {
        let directory = TemporaryDirectory()
        let collector = RecordCollector()
        directory.write("in.jsonl", "{\"id\": 1}\n{\"id\": 2, \"reject\": true}\n{\"id\": \n{\"id\": 4}\n")
        let pipeline = try validate("""
            sources:
              input: {type: json, path: in.jsonl}
            sinks:
              out: {type: collect, inputs: [input]}
            """, in: directory, registry: testRegistry(collector)).get()
        let report = await run(pipeline, in: directory)
        #expect(report.exitCode == 3)
        #expect(report.deadLettered == 2)
        #expect(collector.records("out").map { $0["id"] } == [1, 4])
        let lines = try #require(try? String(contentsOfFile: report.deadLetterPath, encoding: .utf8)).split(separator: "\n")
        #expect(lines.count == 2)
        let letters = try lines.map { try JSONReader.parse(String($0)).objectValue! }
        let parse = try #require(letters.first { $0["stage"] == "input" })
        #expect(parse["raw"] == "{\"id\": ")
        #expect(parse["error"]?.stringValue?.hasSuffix("in.jsonl:3:8: unexpected end of input, expected a JSON value") == true, "\(parse)")
        #expect(parse["origin"]?.objectValue?["line"] == 3)
        let rejected = try #require(letters.first { $0["stage"] == "out" })
        #expect(rejected["record"] == ["id": 2, "reject": true])
        #expect(rejected["error"] == "rejected on purpose")
        #expect(rejected["origin"]?.objectValue?["line"] == 2)
        #expect(rejected["pipeline"] == "pipeline")
    }

    @Test func aFailingStageAbortsEverySinkAndPublishesNothing() async throws {
        let directory = TemporaryDirectory()
        let collector = RecordCollector()
        let pipeline = try validate("""
            sources:
              good: {type: generate, count: 5000}
              bad: {type: generate, count: 5000, fail_after: 1500}
            sinks:
              file: {type: json, inputs: [good, bad], path: out/records.jsonl}
              memory: {type: collect, inputs: [good, bad]}
            """, in: directory, registry: testRegistry(collector)).get()
        let report = await run(pipeline, in: directory)
        #expect(report.exitCode == 1)
        #expect(report.failure?.description.contains("failed on purpose after 1500 records") == true)
        #expect(directory.list("out").isEmpty, "left behind: \(directory.list("out"))")
        #expect(!collector.lifecycle.contains("memory: commit"))
    }

    @Test func stateIsCommittedOnlyAfterSinksSucceed() async throws {
        let directory = TemporaryDirectory()
        let collector = RecordCollector()
        let registry = testRegistry(collector)
        let good = try validate("sources:\n  runs: {type: state_counter}\nsinks:\n  out: {type: collect, inputs: [runs]}\n", in: directory, registry: registry).get()
        #expect(await run(good, in: directory).exitCode == 0)
        #expect(await run(good, in: directory).exitCode == 0)
        #expect(collector.records("out").map { $0["runs"] } == [1, 2])

        // A sink that fails in finish(): the run fails and the state stays at 2 runs.
        let failing = try validate("sources:\n  runs: {type: state_counter}\nsinks:\n  out: {type: collect, inputs: [runs], fail_on_finish: true}\n", in: directory, registry: registry).get()
        #expect(await run(failing, in: directory).exitCode == 1)
        #expect(await run(good, in: directory).exitCode == 0)
        #expect(collector.records("out").map { $0["runs"] } == [1, 2, 3, 3])

        // A dry run saves no state either.
        _ = await run(good, in: directory) { $0.dryRun = true }
        #expect(await run(good, in: directory).exitCode == 0)
        #expect(collector.records("out").last?["runs"] == 4)
        let state = try #require(directory.read("state/pipeline/state.json"))
        #expect(try JSONReader.parse(state) == ["runs": ["runs": 4]])
    }

    @Test func sinksCommitOnlyAfterAllFinished() async throws {
        let directory = TemporaryDirectory()
        let collector = RecordCollector()
        let pipeline = try validate("""
            sources:
              gen: {type: generate, count: 10}
            sinks:
              a: {type: collect, inputs: [gen]}
              b: {type: collect, inputs: [gen], yields: 100}
            """, in: directory, registry: testRegistry(collector)).get()
        _ = await run(pipeline, in: directory)
        let events = collector.lifecycle
        let lastFinish = events.lastIndex { $0.hasSuffix("finish") }!
        let firstCommit = events.firstIndex { $0.hasSuffix("commit") }!
        #expect(lastFinish < firstCommit, "\(events)")
        #expect(events.filter { $0.hasSuffix("commit") }.count == 2)
    }

    @Test func aSecondRunWaitsForTheLock() async throws {
        let directory = TemporaryDirectory()
        let pipeline = try validate("sources:\n  gen: {type: generate}\nsinks:\n  out: {type: collect, inputs: [gen]}\n", in: directory).get()
        try FileManager.default.createDirectory(atPath: directory.path + "/state/pipeline", withIntermediateDirectories: true)
        var held: PipelineLock? = try PipelineLock(path: directory.path + "/state/pipeline/lock")
        let report = await run(pipeline, in: directory)
        #expect(report.exitCode == 1)
        #expect(report.failure?.code == .locked)
        #expect(report.failure?.description.contains("another run of this pipeline is in progress (pid \(getpid()))") == true, "\(String(describing: report.failure))")
        #expect(held != nil)
        held = nil  // released: the next run gets the lock
        let next = await run(pipeline, in: directory)
        #expect(next.exitCode == 0, "\(String(describing: next.failure))")
    }

    @Test func limitStopsEachSource() async throws {
        let directory = TemporaryDirectory()
        let collector = RecordCollector()
        let pipeline = try validate("settings: {batch_size: 64}\nsources:\n  a: {type: generate, count: 1000}\n  b: {type: generate, count: 5}\nsinks:\n  out: {type: collect, inputs: [a, b]}\n", in: directory, registry: testRegistry(collector)).get()
        let report = await run(pipeline, in: directory) { $0.limit = 100 }
        #expect(report.exitCode == 0)
        #expect(collector.records("out").count == 105)
    }

    @Test func stopSignalDrainsAndCommits() async throws {
        let directory = TemporaryDirectory()
        let collector = RecordCollector()
        let pipeline = try validate("settings: {batch_size: 10, buffer: 20}\nsources:\n  a: {type: generate, count: 1000000}\nsinks:\n  out: {type: collect, inputs: [a], yields: 10}\n", in: directory, registry: testRegistry(collector)).get()
        let stop = StopSignal()
        var options = RunOptions()
        options.stateDirectory = directory.path + "/state"
        async let report = PipelineRunner(logger: .init(label: "t")).run(pipeline, options: options, stop: stop)
        while collector.records("out").count < 100 { try await Task.sleep(for: .milliseconds(5)) }
        stop.request("SIGTERM")
        let finished = await report
        #expect(finished.interruptedBy == "SIGTERM")
        #expect(finished.exitCode == 143)
        let received = collector.records("out")
        #expect(received.count < 1_000_000)
        #expect(received.map { $0["n"] } == (0..<received.count).map { .int(Int64($0)) })
        #expect(collector.lifecycle == ["out: finish", "out: commit"])
    }
}
