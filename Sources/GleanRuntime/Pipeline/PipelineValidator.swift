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
        // Look-ups by name, so validation stays linear in the number of stages (a generated
        // pipeline of 20,000 stages validates in well under a second).
        let byName = Dictionary(spec.stages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

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
                } else if let upstream = byName[input.name] {
                    if upstream.role == .sink {
                        collector.add(input.mark, "'\(input.name)' is a sink and has no output; inputs must be sources or transforms")
                    }
                } else {
                    collector.add(input.mark, "unknown input '\(input.name)'\(DidYouMean.hint(for: input.name, among: names.filter { $0 != stage.name })); stages are \(names.joined(separator: ", "))")
                }
            }
        }

        // Cycles among transforms, reported once per cycle at the stage that closes it.
        let order = topologicalOrder(spec, byName: byName, &collector)

        // Stages whose output goes nowhere: warnings.
        var warnings = DiagnosticCollector(file: spec.file)
        let read = Set(spec.stages.flatMap { $0.inputs.map(\.name) })
        for stage in spec.stages where stage.role != .sink {
            if !read.contains(stage.name) {
                warnings.add(stage.mark, "the output of \(stage.role) '\(stage.name)' is not read by any stage")
            }
        }

        guard collector.diagnostics.isEmpty else { throw PipelineErrors(collector.diagnostics) }
        let base = URL(fileURLWithPath: spec.file).standardizedFileURL.deletingLastPathComponent().path
        return Pipeline(
            file: spec.file, name: spec.name, description: spec.description, settings: spec.settings,
            baseDirectory: base, stages: order.compactMap { stages[$0] }, warnings: warnings.diagnostics)
    }

    /// Stage names with every stage after its inputs; reports cycles. A depth-first walk with
    /// its own stack (a chain of 20,000 stages must not exhaust the thread's), linear in stages
    /// and inputs.
    private func topologicalOrder(_ spec: PipelineSpec, byName: [String: StageSpec], _ collector: inout DiagnosticCollector) -> [String] {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var order: [String] = []
        var reported: Set<String> = []
        // The current path: each entry a stage and how many of its inputs have been followed.
        var path: [(stage: StageSpec, next: Int)] = []
        var position: [String: Int] = [:]
        for root in spec.stages where marks[root.name] == nil {
            marks[root.name] = .visiting
            position[root.name] = 0
            path.append((root, 0))
            while let top = path.last {
                let inputs = top.stage.inputs
                guard top.next < inputs.count else {
                    path.removeLast()
                    position[top.stage.name] = nil
                    marks[top.stage.name] = .done
                    order.append(top.stage.name)
                    continue
                }
                path[path.count - 1].next += 1
                let name = inputs[top.next].name
                // A stage reading itself is reported with the inputs, not as a cycle.
                guard name != top.stage.name, let input = byName[name] else { continue }
                switch marks[name] {
                case .done: continue
                case .visiting:
                    let cycle = path[position[name]!...].map(\.stage.name) + [name]
                    let key = Set(cycle).sorted().joined(separator: ",")
                    if reported.insert(key).inserted {
                        collector.add(input.mark, "the inputs form a cycle: \(cycle.joined(separator: " → ")); records must flow from sources to sinks")
                    }
                case nil:
                    marks[name] = .visiting
                    position[name] = path.count
                    path.append((input, 0))
                }
            }
        }
        return order
    }
}
