import ArgumentParser
import GleanBuiltins
import GleanCore
import GleanRuntime

/// `glean validate`: checks pipeline files without running them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check pipeline files: YAML, stage types, options, inputs, cycles, environment variables.",
        discussion: "Every problem is reported as file:line:column: message. Exit code 2 when any file is invalid."
    )

    @Argument(help: "Pipeline files (YAML).")
    var pipelines: [String]

    func run() throws {
        guard let loaded = loadPipelines(pipelines, registry: BuiltinPlugins.registry()) else {
            throw ExitCode(GleanExitCode.invalid)
        }
        for pipeline in loaded {
            for warning in pipeline.warnings { printError("warning: \(warning)") }
            let counts = StageRole.allCases.map { role in "\(pipeline.stages.filter { $0.role == role }.count) \(role.section)" }
            print("\(pipeline.file): ok (\(counts.joined(separator: ", ")))")
        }
    }
}

/// `glean stages`: the stage kinds this binary knows.
struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "List stage types, or show one type's options, defaults, docs and an example."
    )

    @Argument(help: "A stage type, e.g. json or filter.")
    var kind: String?

    @Flag(help: "Print the README's stage table (Markdown).")
    var markdown = false

    func run() throws {
        let registry = BuiltinPlugins.registry()
        if markdown {
            print(StageCatalog.beginMarker)
            print()
            print(StageCatalog.markdown(registry))
            print(StageCatalog.endMarker)
            return
        }
        guard let kind else {
            print(StageCatalog.overview(registry))
            return
        }
        let matches = StageRole.allCases.compactMap { registry.descriptor($0, kind) }
        guard !matches.isEmpty else {
            let all = Set(StageRole.allCases.flatMap { registry.kinds($0) })
            throw ValidationError("unknown stage type '\(kind)'\(DidYouMean.hint(for: kind, among: all)); run `glean stages` for the list")
        }
        print(matches.map(StageCatalog.detail).joined(separator: "\n\n"))
    }
}

/// `glean graph`: the pipeline's graph as Mermaid or DOT.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a pipeline's graph as Mermaid (default) or Graphviz DOT."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }

    @Argument(help: "A pipeline file.")
    var pipeline: String

    @Option(help: "mermaid or dot.")
    var format: Format = .mermaid

    func run() throws {
        guard let loaded = loadPipelines([pipeline], registry: BuiltinPlugins.registry()), let pipeline = loaded.first else {
            throw ExitCode(GleanExitCode.invalid)
        }
        print(format == .mermaid ? PipelineGraphRenderer.mermaid(pipeline) : PipelineGraphRenderer.dot(pipeline))
    }
}
