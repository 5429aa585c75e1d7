import Foundation
import GleanCore
import GleanRuntime
import GleanTesting
import Testing

@Suite("Pipeline validation")
struct ValidationTests {
    @Test func reportsEveryProblemAtItsPosition() {
        let directory = TemporaryDirectory()
        let result = validate("""
            sources:
              input:
                type: json
                pth: data.jsonl
              other:
                type: jsno
            transforms:
              keep:
                type: filter
                inputs: [inptu]
                where: "price >> 3"
            sinks:
              out:
                type: json
                inputs: [keep]
                path: out.jsonl
                indent: many
            """, in: directory)
        #expect(messages(result) == [
            "2:3: stage 'input': give the inputs to read: 'path' (files, folders, globs, archives or '-') or 'url' (one or a list)",
            "4:5: unknown option 'pth' in stage 'input' (did you mean 'path'?); options of 'json' are format, max_record_bytes, id_field, path, exclude, url, entries, archive_depth, incremental, max_entry_bytes, max_total_bytes, max_compression_ratio, max_entries, concurrency, timeout, retries, max_bytes",
            "6:11: unknown source type 'jsno' (did you mean 'json'?); source types are generate, json, sleeper, state_counter",
            "10:14: unknown input 'inptu' (did you mean 'input'?); stages are input, other, keep, out",
            "11:20: option 'where' of stage 'keep': unexpected '>'; expected a value, a field, 'not', 'exists(' or '('",
            "17:13: option 'indent' of stage 'out' expects integer",
        ])
    }

    @Test func unknownTopLevelKeysAndSettings() {
        let directory = TemporaryDirectory()
        let result = validate("""
            source:
              a: {type: generate}
            settings:
              batch_sise: 10
              buffer: 0
            sinks:
              out: {type: collect, inputs: [a]}
            """, in: directory)
        #expect(messages(result) == [
            "1:1: the pipeline has no sources; add a 'sources:' section with at least one stage",
            "1:1: unknown key 'source' (did you mean 'sources'?); expected one of name, description, settings, sources, transforms, sinks",
            "4:3: unknown setting 'batch_sise' (did you mean 'batch_size'?); expected one of batch_size, buffer, dead_letter",
            "5:11: 'buffer' must be between 1 and 16777216",
            "7:33: unknown input 'a'; stages are out",
        ])
    }

    @Test func malformedYAMLPointsAtTheProblem() {
        let directory = TemporaryDirectory()
        let result = validate("sources:\n  a:\n    type: [json\n", in: directory)
        let all = messages(result)
        #expect(all.count == 1)
        #expect(all.first?.hasPrefix("4:1: invalid YAML") == true, "\(all)")
    }

    @Test func duplicateKeysAreReported() {
        let directory = TemporaryDirectory()
        let result = validate("sources:\n  a: {type: generate}\n  a: {type: generate}\nsinks:\n  o: {type: collect, inputs: [a]}\n", in: directory)
        #expect(messages(result).first?.contains("duplicate key 'a'") == true, "\(messages(result))")
    }

    @Test func graphErrors() {
        let directory = TemporaryDirectory()
        let result = validate("""
            sources:
              gen:
                type: generate
                inputs: [gen]
            transforms:
              a:
                type: select
                inputs: [b, gen]
                fields: [n]
              b:
                type: select
                inputs: [a]
                fields: [n]
              c:
                type: select
                inputs: [c, out, out]
                fields: [n]
            sinks:
              out:
                type: collect
                inputs: [a]
              lonely:
                type: collect
            """, in: directory)
        #expect(messages(result) == [
            "4:5: sources take no 'inputs'; move 'gen' under 'transforms:' or remove 'inputs:'",
            "6:3: the inputs form a cycle: a → b → a; records must flow from sources to sinks",
            "16:14: 'c' cannot read its own output",
            "16:17: 'out' is a sink and has no output; inputs must be sources or transforms",
            "16:22: 'c' lists input 'out' twice",
            "22:3: sink 'lonely' has no 'inputs:'; name the stages it reads from",
        ])
    }

    @Test func stageTypesInTheWrongSectionAreExplained() {
        let directory = TemporaryDirectory()
        let result = validate("sources:\n  a: {type: filter, where: 'x'}\nsinks:\n  o: {type: collect, inputs: [a]}\n", in: directory)
        #expect(messages(result).first?.contains("'filter' is a transform type, declare it under 'transforms:'") == true, "\(messages(result))")
    }

    @Test func environmentVariablesAreInterpolatedAndTyped() throws {
        let directory = TemporaryDirectory()
        let result = validate("""
            sources:
              gen:
                type: generate
                count: ${COUNT}
              more:
                type: generate
                count: ${MORE:-7}
            sinks:
              out:
                type: collect
                inputs: [gen, more]
                yields: ${YIELDS}
            """, in: directory, environment: ["COUNT": "5", "YIELDS": "2"])
        let pipeline = try result.get()
        let more = try #require(pipeline.stage(named: "more")?.configuration as? GeneratorSource.Configuration)
        #expect(more.count == 7)
        // A quoted "${COUNT}" stays a string and count expects an integer.
        let quoted = validate("sources:\n  gen: {type: generate, count: '${COUNT}'}\nsinks:\n  out: {type: collect, inputs: [gen]}\n", in: directory, environment: ["COUNT": "5"])
        #expect(messages(quoted) == ["2:32: option 'count' of stage 'gen' expects integer"])
        let sink = try #require(pipeline.stage(named: "out")?.configuration as? CollectingSink.Configuration)
        #expect(sink.yields == 2)
    }

    @Test func unsetVariablesAreErrorsAtTheirColumn() {
        let directory = TemporaryDirectory()
        let result = validate("""
            sources:
              gen:
                type: generate
                field: "x_${NAME}"
                count: ${N:?set N to the number of records}
            sinks:
              out: {type: collect, inputs: [gen]}
            """, in: directory)
        #expect(messages(result) == [
            "4:15: environment variable NAME is not set (write ${NAME:-default} to give a default)",
            "5:12: environment variable N is not set: set N to the number of records",
            "5:12: option 'count' of stage 'gen' expects integer",
        ])
    }

    @Test func warnsAboutOutputsNobodyReads() throws {
        let directory = TemporaryDirectory()
        let pipeline = try validate("""
            sources:
              gen: {type: generate}
              unused: {type: generate}
            sinks:
              out: {type: collect, inputs: [gen]}
            """, in: directory).get()
        #expect(pipeline.warnings.map(\.description).map { $0.components(separatedBy: "pipeline.yml:").last! } == ["3:3: the output of source 'unused' is not read by any stage"])
        #expect(pipeline.stages.map(\.name) == ["gen", "unused", "out"])
    }

    @Test func everyRegisteredExampleValidates() throws {
        let registry = testRegistry()
        for descriptor in registry.all {
            let directory = TemporaryDirectory()
            directory.write("data/x.jsonl", "{}\n")
            let body = descriptor.example.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            var yaml: String
            switch descriptor.role {
            case .source:
                yaml = "sources:\n  stage:\n\(body)\nsinks:\n  out: {type: collect, inputs: [stage]}\n"
            case .transform:
                yaml = "sources:\n  articles: {type: generate}\n  clean: {type: generate}\ntransforms:\n  stage:\n\(body)\nsinks:\n  out: {type: collect, inputs: [stage]}\n"
            case .sink:
                yaml = "sources:\n  clean: {type: generate}\n  articles: {type: generate}\nsinks:\n  stage:\n\(body)\n"
            }
            let result = validate(yaml, in: directory, registry: registry)
            #expect(messages(result).isEmpty, "example of \(descriptor.kind) (\(descriptor.role)): \(messages(result))")
        }
    }
}

@Suite("Environment interpolation")
struct EnvironmentInterpolationTests {
    let environment = EnvironmentInterpolation(environment: ["HOST": "db.local", "EMPTY": "", "PORT": "5432"])

    @Test(arguments: [
        ("postgres://${HOST}:${PORT}/x", "postgres://db.local:5432/x"),
        ("${MISSING:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),
        ("[${EMPTY}]", "[]"),
        ("cost: $$5 and $HOME", "cost: $5 and $HOME"),
        ("no variables", "no variables"),
        ("${HOST:?needed}", "db.local"),
    ])
    func expands(text: String, expected: String) {
        #expect(environment.expand(text) == .success(expected))
    }

    @Test(arguments: [
        ("a ${MISSING} b", 2, "environment variable MISSING is not set"),
        ("${EMPTY:?give it a value}", 0, "environment variable EMPTY is not set: give it a value"),
        ("x${HOST", 1, "unterminated '${'"),
        ("${1BAD}", 0, "invalid variable name"),
    ])
    func fails(text: String, offset: Int, message: String) throws {
        guard case .failure(let failure) = environment.expand(text) else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.offset == offset)
        #expect(failure.message.contains(message), "\(failure.message)")
    }
}
