// Links jemalloc into the binary (see Sources/CJemalloc/shim.h); nothing in it is called directly.
import CJemalloc
import GleanCore
import GleanFigures
import GleanSQL
import GleanJSON
import GleanTransforms
import GleanXML

/// The plugins compiled into this `glean` binary: the one place that lists them.
/// A custom build adds its own plugin types here (see README, "Writing a stage plugin").
enum BuiltinPlugins {
    static var all: [any GleanPlugin.Type] {
        [
            JSONPlugin.self,
            TransformsPlugin.self,
            XMLPlugin.self,
            FiguresPlugin.self,
            SQLPlugin.self,
        ]
    }

    static func registry() -> StageRegistry { StageRegistry(plugins: all) }
}
