import GleanCore

/// General-purpose record transforms: `select`, `rename`, `drop`, `set`, `filter`, `dedupe`.
public enum TransformsPlugin: GleanPlugin {
    public static func register(in registry: inout StageRegistry) {
        registry.registerTransform(
            "select", configuration: SelectTransform.Configuration.self,
            summary: "Keeps only the listed fields, in the listed order.",
            example: "type: select\ninputs: [articles]\nfields: [id, title, author.name]"
        ) { configuration, _ in SelectTransform(configuration: configuration) }
        registry.registerTransform(
            "rename", configuration: RenameTransform.Configuration.self,
            summary: "Renames fields; a field keeps its position when both names are top-level.",
            example: "type: rename\ninputs: [articles]\nfields:\n  headline: title\n  meta.src: source"
        ) { configuration, _ in RenameTransform(configuration: configuration) }
        registry.registerTransform(
            "drop", configuration: DropTransform.Configuration.self,
            summary: "Removes the listed fields.",
            example: "type: drop\ninputs: [articles]\nfields: [raw_html, internal.debug]"
        ) { configuration, _ in DropTransform(configuration: configuration) }
        registry.registerTransform(
            "set", configuration: SetTransform.Configuration.self,
            summary: "Sets fields to constants or `{{field}}` templates.",
            example: "type: set\ninputs: [articles]\nfields:\n  source: industry-news\n  label: \"{{feed_title}}: {{title}}\"\n  copy_of_id: \"{{id}}\""
        ) { configuration, _ in SetTransform(configuration: configuration) }
        registry.registerTransform(
            "filter", configuration: FilterTransform.Configuration.self,
            summary: "Keeps the records for which a condition holds (comparisons, and/or/not, exists, contains, matches, in).",
            example: "type: filter\ninputs: [articles]\nwhere: \"language == 'en' and exists(summary) and not title matches '(?i)advert'\""
        ) { configuration, _ in FilterTransform(configuration: configuration) }
        registry.registerTransform(
            "dedupe", configuration: DedupeTransform.Configuration.self,
            summary: "Drops records whose key fields were already seen, remembering a bounded number of recent keys.",
            example: "type: dedupe\ninputs: [articles]\nkey: [link]\ncapacity: 1000000"
        ) { configuration, _ in DedupeTransform(configuration: configuration) }
    }
}
