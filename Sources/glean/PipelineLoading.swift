import Foundation
import GleanCore
import GleanRuntime

/// Loads and validates pipeline files, printing every problem; nil when any file is invalid.
func loadPipelines(_ files: [String], registry: StageRegistry) -> [Pipeline]? {
    // `glean run` sets these to the shard it runs; other commands see the whole input.
    setenv("GLEAN_SHARD_INDEX", "0", 0)
    setenv("GLEAN_SHARD_COUNT", "1", 0)
    let validator = PipelineValidator(registry: registry)
    var pipelines: [Pipeline] = []
    var failed = false
    for file in files {
        do {
            pipelines.append(try validator.load(file: file))
        } catch let errors as PipelineErrors {
            failed = true
            for diagnostic in errors.diagnostics { printError("error: \(diagnostic)") }
        } catch {
            failed = true
            printError("error: \(file): \(error)")
        }
    }
    var names: [String: String] = [:]
    for pipeline in pipelines {
        if let other = names[pipeline.name] {
            printError("error: \(pipeline.file): pipeline name '\(pipeline.name)' is also used by \(other); they would share state and lock — give one a distinct 'name:'")
            failed = true
        }
        names[pipeline.name] = pipeline.file
    }
    return failed ? nil : pipelines
}
