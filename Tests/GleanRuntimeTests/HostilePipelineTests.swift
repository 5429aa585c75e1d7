import Foundation
import GleanCore
import GleanRuntime
import Logging
import GleanTesting
import Synchronization
import Testing

/// Pipeline files and signals as a careless operator or a hostile author gives them.
@Suite("hostile pipelines and signals")
struct HostilePipelineTests {
    @Test func aliasesThatExpandPastTheCapAreRefusedWithTheirPosition() {
        let directory = TemporaryDirectory()
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "sources:\n  in: {type: generate, count: 1}\nsinks:\n  out: {type: collect, inputs: [in]}\n"
        let problems = messages(validate(yaml, in: directory))
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("1:1: the file expands to more than 2000000 YAML nodes") == true, "\(problems)")
    }

    @Test func aLongValueAliasedManyTimesIsRefused() {
        let directory = TemporaryDirectory()
        var yaml = "a0: &a0 \"" + String(repeating: "$", count: 4096) + "\"\n"
        for level in 1...5 { yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "sources:\n  in: {type: generate, count: 1}\nsinks:\n  out: {type: collect, inputs: [in]}\n"
        let problems = messages(validate(yaml, in: directory))
        #expect(problems == ["1:1: the file expands to more than 64 MiB of text once its aliases (*name) are expanded; use fewer aliases of long values"])
    }

    @Test func aFewSharedAliasesStillLoad() throws {
        let directory = TemporaryDirectory()
        let yaml = "sources:\n  a: &generated {type: generate, count: 3}\n  b: *generated\nsinks:\n  out: {type: collect, inputs: [a, b]}\n"
        let pipeline = try validate(yaml, in: directory).get()
        #expect(pipeline.stages.map(\.name) == ["a", "b", "out"])
    }

    @Test func aChainOfTwentyThousandStagesValidatesInOrder() throws {
        let directory = TemporaryDirectory()
        let count = 20_000
        var yaml = "sources:\n  s: {type: generate, count: 1}\ntransforms:\n"
        // Declared last-first, so the order has to come from the graph, not the file.
        for index in stride(from: count - 1, through: 0, by: -1) {
            yaml += "  t\(index): {type: filter, inputs: [\(index == 0 ? "s" : "t\(index - 1)")], where: 'n > 0'}\n"
        }
        yaml += "sinks:\n  out: {type: collect, inputs: [t\(count - 1)]}\n"
        let pipeline = try validate(yaml, in: directory).get()
        #expect(pipeline.stages.count == count + 2)
        #expect(pipeline.stages.first?.name == "s")
        #expect(Array(pipeline.stages.dropFirst().prefix(3).map(\.name)) == ["t0", "t1", "t2"])
        #expect(pipeline.consumers(of: "t19998").map(\.name) == ["t19999"])
    }

    @Test func aLongCycleIsReportedOnce() {
        let directory = TemporaryDirectory()
        var yaml = "sources:\n  s: {type: generate, count: 1}\ntransforms:\n"
        for index in 0..<500 { yaml += "  t\(index): {type: filter, inputs: [t\((index + 1) % 500)], where: 'n > 0'}\n" }
        yaml += "sinks:\n  out: {type: collect, inputs: [t0, s]}\n"
        let problems = messages(validate(yaml, in: directory)).filter { $0.contains("cycle") }
        #expect(problems.count == 1, "\(problems)")
    }

    @Test func repeatsWithinTheCoalescingWindowAreOneRequest() {
        let stop = StopSignal(coalescing: .seconds(1))
        let start = ContinuousClock.now
        let woken = Atomic(0)
        stop.onRequest { woken.add(1, ordering: .relaxed) }
        #expect(stop.request("SIGTERM", at: start) == 1)
        #expect(stop.request("SIGTERM", at: start + .milliseconds(200)) == 1)
        #expect(stop.request("SIGTERM", at: start + .milliseconds(1500)) == 2)
        #expect(woken.load(ordering: .relaxed) == 1)
        #expect(stop.requestReason == "SIGTERM")
        let late = Atomic(0)
        stop.onRequest { late.add(1, ordering: .relaxed) }  // registered after the request: runs at once
        #expect(late.load(ordering: .relaxed) == 1)
    }

    @Test func aStopCancelsASourceThatWaitsWithoutSending() async throws {
        let directory = TemporaryDirectory()
        let collector = RecordCollector()
        let pipeline = try validate("sources:\n  a: {type: sleeper}\nsinks:\n  out: {type: collect, inputs: [a]}\n", in: directory, registry: testRegistry(collector)).get()
        let stop = StopSignal()
        var options = RunOptions()
        options.stateDirectory = directory.path + "/state"
        async let report = PipelineRunner(logger: .init(label: "t")).run(pipeline, options: options, stop: stop)
        while collector.records("out").isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        stop.request("SIGTERM")
        let finished = await report
        #expect(finished.failure == nil, "\(String(describing: finished.failure))")
        #expect(finished.exitCode == 143)
        #expect(collector.records("out").count == 1)
        #expect(collector.lifecycle == ["out: finish", "out: commit"])
    }
}
