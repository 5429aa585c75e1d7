import GleanCore
import Logging
import Yams

/// A transform built from the registry outside a pipeline, from a YAML mapping of its options —
/// what `glean extract entities` runs, so the CLI reaches the extractor the way a pipeline does.
public enum StandaloneTransform {
    /// Thrown with the problems in the options, each with its place in `file`.
    public struct Failure: Error, CustomStringConvertible {
        public var diagnostics: [Diagnostic]
        public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    }

    /// The transform of `kind` configured by `options` (YAML text of a mapping; `file` names it in
    /// errors), with paths resolved against `baseDirectory`.
    public static func make(
        _ kind: String, options: String, registry: StageRegistry, file: String = "<options>", baseDirectory: String
    ) throws -> any Transform {
        guard let descriptor = registry.descriptor(.transform, kind) else {
            throw Failure(diagnostics: [Diagnostic(file: file, line: 0, column: 0, message: "no transform kind '\(kind)' is registered")])
        }
        let node: Node
        do {
            node = try Yams.compose(yaml: options) ?? Node.mapping([:])
        } catch {
            throw Failure(diagnostics: [Diagnostic(file: file, line: 0, column: 0, message: "options are not YAML: \(error)")])
        }
        guard node.mapping != nil else {
            throw Failure(diagnostics: [Diagnostic(file: file, line: 1, column: 1, message: "options must be a mapping of option: value")])
        }
        let decoder = YAMLConfigurationDecoder(options: node, stageName: kind, kind: kind, stageMark: node.mark, file: file)
        let configuration: any StageConfiguration
        do {
            configuration = try descriptor.decode(decoder)
        } catch let failure as YAMLConfigurationDecoder.Failure {
            throw Failure(diagnostics: failure.diagnostics)
        }
        let context = StageContext(name: kind, baseDirectory: baseDirectory, logger: Logger(label: "glean.\(kind)"))
        guard case .transform(let transform) = try descriptor.make(configuration, context) else {
            throw Failure(diagnostics: [Diagnostic(file: file, line: 0, column: 0, message: "'\(kind)' did not build a transform")])
        }
        return transform
    }
}
