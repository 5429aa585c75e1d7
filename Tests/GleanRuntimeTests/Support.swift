import Foundation
import GleanCore
import GleanJSON
import GleanRuntime
import GleanTesting
import GleanTransforms
import Logging

/// A registry with the built-in plugins and the test stages delivering to `collector`.
func testRegistry(_ collector: RecordCollector = RecordCollector()) -> StageRegistry {
    var registry = StageRegistry(plugins: [JSONPlugin.self, TransformsPlugin.self])
    registry.registerTestingStages(collector: collector)
    return registry
}

/// Validates pipeline text written to `pipeline.yml` in `directory`; returns the pipeline or the diagnostics.
func validate(_ yaml: String, in directory: TemporaryDirectory, registry: StageRegistry = testRegistry(), environment: [String: String] = [:]) -> Result<Pipeline, PipelineErrors> {
    let file = directory.write("pipeline.yml", yaml)
    do {
        return .success(try PipelineValidator(registry: registry).load(file: file, loader: PipelineLoader(environment: environment)))
    } catch let errors as PipelineErrors {
        return .failure(errors)
    } catch {
        return .failure(PipelineErrors([Diagnostic(file: file, line: 0, column: 0, message: "\(error)")]))
    }
}

/// The diagnostics as `line:column: message` strings, without the file.
func messages(_ result: Result<Pipeline, PipelineErrors>) -> [String] {
    guard case .failure(let errors) = result else { return [] }
    return errors.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
}

func run(_ pipeline: Pipeline, in directory: TemporaryDirectory, configure: (inout RunOptions) -> Void = { _ in }) async -> RunReport {
    var options = RunOptions()
    options.stateDirectory = directory.path + "/state"
    configure(&options)
    return await PipelineRunner(logger: Logger(label: "test")).run(pipeline, options: options)
}
