import GleanCore

/// A validated pipeline, ready to run: every stage's kind is known, its options decoded and
/// checked, and the graph is acyclic. Stages are in topological order.
public struct Pipeline: Sendable {
    public let file: String
    public let name: String
    public let description: String?
    public let settings: PipelineSettings
    /// Relative paths in options resolve against this directory (the pipeline file's).
    public let baseDirectory: String
    /// Stages, upstream before downstream.
    public let stages: [PipelineStage]
    /// Problems that do not stop a run (a stage whose output nobody reads).
    public let warnings: [Diagnostic]
    private let consumerIndex: [String: [Int]]
    private let stageIndex: [String: Int]

    public init(
        file: String, name: String, description: String?, settings: PipelineSettings, baseDirectory: String,
        stages: [PipelineStage], warnings: [Diagnostic]
    ) {
        (self.file, self.name, self.description, self.settings) = (file, name, description, settings)
        (self.baseDirectory, self.stages, self.warnings) = (baseDirectory, stages, warnings)
        var consumers: [String: [Int]] = [:]
        for (index, stage) in stages.enumerated() {
            for input in Set(stage.inputs) { consumers[input, default: []].append(index) }
        }
        consumerIndex = consumers
        stageIndex = Dictionary(stages.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The stages that read from `name`, in pipeline order.
    public func consumers(of name: String) -> [PipelineStage] {
        (consumerIndex[name] ?? []).map { stages[$0] }
    }

    public func stage(named name: String) -> PipelineStage? { stageIndex[name].map { stages[$0] } }
}

/// One stage of a validated pipeline.
public struct PipelineStage: Sendable {
    public let name: String
    public let role: StageRole
    public let kind: String
    public let inputs: [String]
    public let description: String?
    public let descriptor: StageDescriptor
    public let configuration: any StageConfiguration
}
