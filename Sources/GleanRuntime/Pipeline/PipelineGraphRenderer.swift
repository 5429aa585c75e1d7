import GleanCore

/// Renders a pipeline's graph for `glean graph`: Mermaid (for Markdown) or Graphviz DOT.
public enum PipelineGraphRenderer {
    public static func mermaid(_ pipeline: Pipeline) -> String {
        // Mermaid ids allow few characters: number the stages, show names as labels.
        let ids = Dictionary(uniqueKeysWithValues: pipeline.stages.enumerated().map { ($1.name, "s\($0)") })
        func id(_ name: String) -> String { ids[name] ?? "unknown" }
        var lines = ["flowchart LR"]
        for stage in pipeline.stages {
            let label = "\(stage.name.replacingOccurrences(of: "\"", with: "#quot;"))<br/><small>\(stage.kind)</small>"
            switch stage.role {
            case .source: lines.append("  \(id(stage.name))[/\"\(label)\"/]")
            case .transform: lines.append("  \(id(stage.name))[\"\(label)\"]")
            case .sink: lines.append("  \(id(stage.name))[(\"\(label)\")]")
            }
        }
        for stage in pipeline.stages {
            for input in stage.inputs { lines.append("  \(id(input)) --> \(id(stage.name))") }
        }
        return lines.joined(separator: "\n")
    }

    public static func dot(_ pipeline: Pipeline) -> String {
        var lines = ["digraph \"\(quote(pipeline.name))\" {", "  rankdir=LR;"]
        for stage in pipeline.stages {
            let shape = stage.role == .source ? "invhouse" : stage.role == .sink ? "cylinder" : "box"
            lines.append("  \"\(quote(stage.name))\" [shape=\(shape), label=\"\(quote(stage.name))\\n(\(quote(stage.kind)))\"];")
        }
        for stage in pipeline.stages {
            for input in stage.inputs { lines.append("  \"\(quote(input))\" -> \"\(quote(stage.name))\";") }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private static func quote(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

import Foundation
