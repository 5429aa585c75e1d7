import GleanCore
import GleanCSV
import GleanDocuments
import GleanEntities
import GleanFigures
import GleanJSON
import GleanSQL
import GleanTransforms
import GleanXML

/// The plugins compiled into the `glean` binary: the one place that lists them, in a library of
/// its own so that the registry-wide tests check exactly what the binary registers.
/// A custom build adds its own plugin types here (see README, "Writing a stage plugin").
package enum BuiltinPlugins {
    /// Every built-in plugin.
    package static var all: [any GleanPlugin.Type] {
        [
            JSONPlugin.self,
            CSVPlugin.self,
            DocumentsPlugin.self,
            TransformsPlugin.self,
            XMLPlugin.self,
            FiguresPlugin.self,
            EntitiesPlugin.self,
            SQLPlugin.self,
        ]
    }

    /// A registry with every built-in plugin registered.
    package static func registry() -> StageRegistry { StageRegistry(plugins: all) }
}
