import Foundation
import GleanCore
import Yams

/// Reads pipeline files into ``PipelineSpec``s, collecting every structural problem with its position.
///
/// This stage checks the file's shape (sections, stage names, `type`, `inputs`, `settings`) and
/// expands environment variables; ``PipelineValidator`` then checks kinds, options and the graph.
public struct PipelineLoader: Sendable {
    public let environment: EnvironmentInterpolation

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = EnvironmentInterpolation(environment: environment)
    }

    static let topLevelKeys = ["name", "description", "settings", "sources", "transforms", "sinks"]
    static let stageKeys = ["type", "inputs", "description"]

    /// Loads a file. Throws ``PipelineErrors`` when the file cannot be read or parsed at all;
    /// otherwise returns the spec and the problems found (possibly none).
    public func load(file: String) throws -> (PipelineSpec, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: file) else {
            let reason = FileManager.default.fileExists(atPath: file) ? "cannot read the file" : "no such file"
            throw PipelineErrors([Diagnostic(file: file, line: 0, column: 0, message: reason)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PipelineErrors([Diagnostic(file: file, line: 0, column: 0, message: "the file is not valid UTF-8")])
        }
        return try load(text: text, file: file)
    }

    /// Loads pipeline text; `file` names it in diagnostics.
    public func load(text: String, file: String) throws -> (PipelineSpec, [Diagnostic]) {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw PipelineErrors([Diagnostic(file: file, line: 0, column: 0, message: "the file is empty; expected 'sources:', 'transforms:' and 'sinks:'")])
            }
            root = composed
        } catch let error as YamlError {
            throw PipelineErrors([Self.diagnostic(for: error, file: file)])
        }
        if let problem = Self.expansionProblem(root) {
            throw PipelineErrors([Diagnostic(file: file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1, message: problem)])
        }
        var collector = DiagnosticCollector(file: file)
        let baseName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var spec = PipelineSpec(file: file, name: baseName, description: nil, settings: PipelineSettings(), stages: [])
        guard let top = root.mapping else {
            collector.add(root.mark, "expected a mapping with 'sources:', 'transforms:' and 'sinks:' at the top of the file")
            return (spec, collector.diagnostics)
        }
        var seenSections: Set<String> = []
        var stageNames: [String: Mark?] = [:]
        for (keyNode, valueNode) in top {
            guard let key = keyNode.scalar?.string else {
                collector.add(keyNode.mark, "expected a plain key")
                continue
            }
            seenSections.insert(key)
            switch key {
            case "name":
                if let name = scalarString(valueNode, &collector, what: "a pipeline name") {
                    if name.isEmpty || name.contains("/") || name.hasPrefix(".") {
                        collector.add(valueNode.mark, "a pipeline name must be non-empty, without '/' and not start with '.'")
                    } else {
                        spec.name = name
                    }
                }
            case "description":
                spec.description = scalarString(valueNode, &collector, what: "a description")
            case "settings":
                spec.settings = loadSettings(valueNode, &collector)
            case "sources", "transforms", "sinks":
                let role: StageRole = key == "sources" ? .source : key == "transforms" ? .transform : .sink
                guard let section = valueNode.mapping else {
                    if valueNode.scalar?.string.isEmpty == false || valueNode.sequence != nil {
                        collector.add(valueNode.mark, "'\(key)' must be a mapping of stage names to stages")
                    }
                    continue
                }
                for (nameNode, stageNode) in section {
                    guard let name = nameNode.scalar?.string, !name.isEmpty else {
                        collector.add(nameNode.mark, "expected a stage name")
                        continue
                    }
                    if let previous = stageNames[name] {
                        let place = previous.map { " (first declared at line \($0.line))" } ?? ""
                        collector.add(nameNode.mark, "stage name '\(name)' is used twice\(place); stage names must be unique across sections")
                        continue
                    }
                    stageNames[name] = nameNode.mark
                    if let stage = loadStage(name: name, nameMark: nameNode.mark, role: role, node: stageNode, &collector) {
                        spec.stages.append(stage)
                    }
                }
            default:
                collector.add(keyNode.mark, "unknown key '\(key)'\(DidYouMean.hint(for: key, among: Self.topLevelKeys)); expected one of \(Self.topLevelKeys.joined(separator: ", "))")
            }
        }
        if !seenSections.contains("sources") || !spec.stages.contains(where: { $0.role == .source }) {
            collector.add(root.mark, "the pipeline has no sources; add a 'sources:' section with at least one stage")
        }
        if !spec.stages.contains(where: { $0.role == .sink }) {
            collector.add(root.mark, "the pipeline has no sinks; add a 'sinks:' section with at least one stage")
        }
        spec.stages.sort { $0.role < $1.role }
        return (spec, collector.diagnostics)
    }

    private func loadStage(name: String, nameMark: Mark?, role: StageRole, node: Node, _ collector: inout DiagnosticCollector) -> StageSpec? {
        guard let mapping = node.mapping else {
            collector.add(node.mark ?? nameMark, "stage '\(name)' must be a mapping with at least 'type:'")
            return nil
        }
        var kind: String?
        var kindMark: Mark?
        var inputs: [(name: String, mark: Mark?)] = []
        var description: String?
        var optionPairs: [(Node, Node)] = []
        for (keyNode, valueNode) in mapping {
            let key = keyNode.scalar?.string ?? ""
            switch key {
            case "type":
                kind = scalarString(valueNode, &collector, what: "a stage type")
                kindMark = valueNode.mark
            case "inputs":
                if role == .source {
                    collector.add(keyNode.mark, "sources take no 'inputs'; move '\(name)' under 'transforms:' or remove 'inputs:'")
                } else if let single = valueNode.scalar {
                    inputs.append((single.string, valueNode.mark))
                } else if let list = valueNode.sequence {
                    for item in list {
                        if let input = item.scalar?.string { inputs.append((input, item.mark)) } else { collector.add(item.mark, "expected a stage name in 'inputs'") }
                    }
                } else {
                    collector.add(valueNode.mark, "'inputs' must be a stage name or a list of stage names")
                }
            case "description":
                description = scalarString(valueNode, &collector, what: "a description")
            default:
                optionPairs.append((keyNode, interpolate(valueNode, &collector)))
            }
        }
        if kind == nil {
            collector.add(nameMark, "stage '\(name)' has no 'type:'")
            return nil
        }
        if role != .source, inputs.isEmpty {
            collector.add(nameMark, "\(role) '\(name)' has no 'inputs:'; name the stages it reads from")
        }
        let options = Node.mapping(Node.Mapping(optionPairs, .implicit, .any, mapping.mark))
        return StageSpec(name: name, role: role, kind: kind!, inputs: inputs, options: options, mark: nameMark, kindMark: kindMark, description: description)
    }

    private func loadSettings(_ node: Node, _ collector: inout DiagnosticCollector) -> PipelineSettings {
        var settings = PipelineSettings()
        guard let mapping = node.mapping else {
            collector.add(node.mark, "'settings' must be a mapping")
            return settings
        }
        let known = PipelineSettings.options.map(\.name)
        var batchMark: Mark?
        for (keyNode, rawValue) in mapping {
            let key = keyNode.scalar?.string ?? ""
            let valueNode = interpolate(rawValue, &collector)
            switch key {
            case "batch_size":
                batchMark = valueNode.mark
                if let n = integer(valueNode, 1...65536, &collector, what: "batch_size") { settings.batchSize = n }
            case "buffer":
                if let n = integer(valueNode, 1...(1 << 24), &collector, what: "buffer") { settings.bufferRecords = n }
            case "dead_letter":
                settings.deadLetterPath = scalarString(valueNode, &collector, what: "a file path")
            default:
                collector.add(keyNode.mark, "unknown setting '\(key)'\(DidYouMean.hint(for: key, among: known)); expected one of \(known.joined(separator: ", "))")
            }
        }
        if settings.bufferRecords < settings.batchSize {
            collector.add(batchMark ?? node.mark, "batch_size (\(settings.batchSize)) must not exceed buffer (\(settings.bufferRecords))")
        }
        return settings
    }

    private func integer(_ node: Node, _ range: ClosedRange<Int>, _ collector: inout DiagnosticCollector, what: String) -> Int? {
        guard let text = node.scalar?.string, let n = Int(text) else {
            collector.add(node.mark, "'\(what)' expects an integer")
            return nil
        }
        guard range.contains(n) else {
            collector.add(node.mark, "'\(what)' must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return n
    }

    private func scalarString(_ node: Node, _ collector: inout DiagnosticCollector, what: String) -> String? {
        let node = interpolate(node, &collector)
        guard let scalar = node.scalar else {
            collector.add(node.mark, "expected \(what), found a \(node.mapping != nil ? "mapping" : "list")")
            return nil
        }
        return scalar.string
    }

    /// Expands environment variables in every scalar value below `node`, keeping positions.
    func interpolate(_ node: Node, _ collector: inout DiagnosticCollector) -> Node {
        switch node {
        case .scalar(let scalar):
            switch environment.expand(scalar.string) {
            case .success(let text):
                if text == scalar.string { return node }
                // A quoted value stays a string; a plain one is resolved again ("${PORT}" → 5432).
                return .scalar(Node.Scalar(text, scalar.style == .plain || scalar.style == .any ? .implicit : scalar.tag, scalar.style, scalar.mark))
            case .failure(let failure):
                let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                let prefix = scalar.string.prefix(failure.offset)
                if let mark = scalar.mark, !prefix.contains("\n") {
                    collector.add(line: mark.line, column: mark.column + failure.offset + (quoted ? 1 : 0), failure.message)
                } else {
                    collector.add(scalar.mark, failure.message)
                }
                return node
            }
        case .mapping(let mapping):
            let pairs = mapping.map { ($0.key, interpolate($0.value, &collector)) }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            let nodes = sequence.map { interpolate($0, &collector) }
            return .sequence(Node.Sequence(nodes, sequence.tag, sequence.style, sequence.mark))
        case .alias:
            return node
        }
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return Diagnostic(file: file, line: mark.line, column: mark.column, message: message)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in this mapping")
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, line: 0, column: 0, message: "cannot read YAML: \(problem)")
        default:
            return Diagnostic(file: file, line: 0, column: 0, message: "invalid YAML: \(error)")
        }
    }
}

/// Accumulates diagnostics for one file.
struct DiagnosticCollector {
    let file: String
    var diagnostics: [Diagnostic] = []

    mutating func add(_ mark: Mark?, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message))
    }

    mutating func add(line: Int, column: Int, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, column: column, message: message))
    }
}
