import Foundation
import GleanCore

/// Checks a ``PipelineSpec`` against a ``StageRegistry``: kinds, options, inputs and cycles.
/// Every problem is reported, not only the first.
public struct PipelineValidator: Sendable {
    public let registry: StageRegistry

    public init(registry: StageRegistry) { self.registry = registry }

    /// Loads and validates a file; throws ``PipelineErrors`` with every problem found.
    public func load(file: String, loader: PipelineLoader = PipelineLoader()) throws -> Pipeline {
        let (spec, diagnostics) = try loader.load(file: file)
        return try validate(spec, diagnostics: diagnostics)
    }

    /// Validates a loaded spec, adding to the diagnostics the loader found.
    public func validate(_ spec: PipelineSpec, diagnostics loaderDiagnostics: [Diagnostic] = []) throws -> Pipeline {
        var collector = DiagnosticCollector(file: spec.file, diagnostics: loaderDiagnostics)
        var stages: [String: PipelineStage] = [:]
        let names = spec.stages.map(\.name)

        for stage in spec.stages {
            guard let descriptor = registry.descriptor(stage.role, stage.kind) else {
                let kinds = registry.kinds(stage.role)
                var message = "unknown \(stage.role) type '\(stage.kind)'\(DidYouMean.hint(for: stage.kind, among: kinds))"
                if let other = StageRole.allCases.first(where: { $0 != stage.role && registry.descriptor($0, stage.kind) != nil }) {
                    message += "; '\(stage.kind)' is a \(other) type, declare it under '\(other.section):'"
                }
                message += "; \(stage.role) types are \(kinds.joined(separator: ", "))"
                collector.add(stage.kindMark ?? stage.mark, message)
                continue
            }
            let decoder = YAMLConfigurationDecoder(options: stage.options, stageName: stage.name, kind: stage.kind, stageMark: stage.mark, file: spec.file)
            do {
                let configuration = try descriptor.decode(decoder)
                stages[stage.name] = PipelineStage(
                    name: stage.name, role: stage.role, kind: stage.kind, inputs: stage.inputs.map(\.name),
                    description: stage.description, descriptor: descriptor, configuration: configuration)
            } catch let failure as YAMLConfigurationDecoder.Failure {
                collector.diagnostics += failure.diagnostics
            } catch {
                collector.add(stage.mark, "stage '\(stage.name)': \(error)")
            }
        }

        // Inputs.
        for stage in spec.stages {
            var seen: Set<String> = []
            for input in stage.inputs {
                if !seen.insert(input.name).inserted {
                    collector.add(input.mark, "'\(stage.name)' lists input '\(input.name)' twice")
                } else if input.name == stage.name {
                    collector.add(input.mark, "'\(stage.name)' cannot read its own output")
                } else if let upstream = spec.stage(named: input.name) {
                    if upstream.role == .sink {
                        collector.add(input.mark, "'\(input.name)' is a sink and has no output; inputs must be sources or transforms")
                    }
                } else {
                    collector.add(input.mark, "unknown input '\(input.name)'\(DidYouMean.hint(for: input.name, among: names.filter { $0 != stage.name })); stages are \(names.joined(separator: ", "))")
                }
            }
        }

        // Cycles among transforms, reported once per cycle at the stage that closes it.
        let order = topologicalOrder(spec, &collector)

        // Stages whose output goes nowhere: warnings.
        var warnings = DiagnosticCollector(file: spec.file)
        for stage in spec.stages where stage.role != .sink {
            if !spec.stages.contains(where: { $0.inputs.contains { $0.name == stage.name } }) {
                warnings.add(stage.mark, "the output of \(stage.role) '\(stage.name)' is not read by any stage")
            }
        }

        guard collector.diagnostics.isEmpty else { throw PipelineErrors(collector.diagnostics) }
        let base = URL(fileURLWithPath: spec.file).standardizedFileURL.deletingLastPathComponent().path
        return Pipeline(
            file: spec.file, name: spec.name, description: spec.description, settings: spec.settings,
            baseDirectory: base, stages: order.compactMap { stages[$0] }, warnings: warnings.diagnostics)
    }

    /// Stage names with every stage after its inputs; reports cycles.
    private func topologicalOrder(_ spec: PipelineSpec, _ collector: inout DiagnosticCollector) -> [String] {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var order: [String] = []
        var reported: Set<String> = []
        func visit(_ name: String, path: [String]) {
            if marks[name] == .done { return }
            guard let stage = spec.stage(named: name) else { return }
            if marks[name] == .visiting {
                let cycle = Array(path[path.firstIndex(of: name)!...]) + [name]
                let key = Set(cycle).sorted().joined(separator: ",")
                if reported.insert(key).inserted {
                    collector.add(stage.mark, "the inputs form a cycle: \(cycle.joined(separator: " → ")); records must flow from sources to sinks")
                }
                return
            }
            marks[name] = .visiting
            // A stage reading itself is reported with the inputs, not as a cycle.
            for input in stage.inputs where input.name != name { visit(input.name, path: path + [name]) }
            marks[name] = .done
            order.append(name)
        }
        for stage in spec.stages { visit(stage.name, path: []) }
        return order
    }
}
