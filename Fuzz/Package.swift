// swift-tools-version:6.0
// libFuzzer targets for Glean's parsers. A separate package so that `swift build` of Glean never
// tries to link executables without a `main` (libFuzzer provides it). See Fuzz/README.md.
import PackageDescription

let fuzzers = ["JSONReaderFuzz", "JSONSplitterFuzz", "ConditionFuzz", "PipelineFileFuzz", "FeedFuzz", "HTMLAndDatesFuzz", "FiguresFuzz", "ArchiveFuzz", "CSVFuzz", "MainTextFuzz", "DocumentFuzz", "EntitiesFuzz"]

let package = Package(
    name: "GleanFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Glean", path: "..")],
    targets: fuzzers.map { name in
        .executableTarget(name: name, dependencies: [.product(name: "GleanFuzzing", package: "Glean")])
    }
)
