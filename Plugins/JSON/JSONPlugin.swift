import GleanCore

/// The JSON family: the `json` source and the `json` sink.
public enum JSONPlugin: GleanPlugin {
    public static func register(in registry: inout StageRegistry) {
        registry.registerSource(
            "json", configuration: JSONSource.Configuration.self,
            summary: "Reads JSON Lines, a JSON array or concatenated JSON objects from files, folders, globs, archives (zip, tar.gz, 7z…), compressed files, URLs or standard input; one record per object, streamed.",
            example: """
                type: json
                path: data/*.jsonl
                """
        ) { configuration, context in JSONSource(configuration: configuration, context: context) }
        registry.registerSink(
            "json", configuration: JSONSink.Configuration.self,
            summary: "Writes records as JSON Lines or as one pretty JSON array, to a file (replaced atomically when the run succeeds) or standard output.",
            example: """
                type: json
                inputs: [clean]
                path: out/records.jsonl
                """
        ) { configuration, context in try JSONSink(configuration: configuration, context: context) }
    }
}
