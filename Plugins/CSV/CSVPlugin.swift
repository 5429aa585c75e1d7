import GleanCore

/// The CSV family: the `csv` source and the `csv` sink.
public enum CSVPlugin: GleanPlugin {
    public static func register(in registry: inout StageRegistry) {
        registry.registerSource(
            "csv", configuration: CSVSource.Configuration.self,
            summary: "Reads CSV (RFC 4180 and its variations) from files, folders, globs, archives, compressed files, URLs or standard input: dialect, header and preamble sniffed, encodings decoded, column types inferred; one record per row, streamed.",
            example: """
                type: csv
                path: data/*.csv
                """
        ) { configuration, context in CSVSource(configuration: configuration, context: context) }
        registry.registerSink(
            "csv", configuration: CSVSink.Configuration.self,
            summary: "Writes records as RFC 4180 CSV with a header row, to a file (replaced atomically when the run succeeds) or standard output.",
            example: """
                type: csv
                inputs: [clean]
                path: out/records.csv
                """
        ) { configuration, context in try CSVSink(configuration: configuration, context: context) }
    }
}
