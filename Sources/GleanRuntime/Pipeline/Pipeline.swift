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

    /// The stages that read from `name`, in pipeline order.
    public func consumers(of name: String) -> [PipelineStage] {
        stages.filter { $0.inputs.contains(name) }
    }

    public func stage(named name: String) -> PipelineStage? { stages.first { $0.name == name } }
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
