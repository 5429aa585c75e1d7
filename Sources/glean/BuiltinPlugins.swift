import GleanCore
import GleanJSON
import GleanTransforms

/// The plugins compiled into this `glean` binary: the one place that lists them.
/// A custom build adds its own plugin types here (see README, "Writing a stage plugin").
enum BuiltinPlugins {
    static var all: [any GleanPlugin.Type] {
        [
            JSONPlugin.self,
            TransformsPlugin.self,
        ]
    }

    static func registry() -> StageRegistry { StageRegistry(plugins: all) }
}
