// swift-tools-version:6.0
//
// Glean: a plugin-driven data ingestion and ETL tool.
//
// Layout (see README.md and ../shared/ARCHITECTURE.md):
// - Sources/GleanCore     record model, stage protocols, StageRegistry, errors (the plugin-author API)
// - Sources/GleanRuntime  pipeline files, validation, graph, runner, state store, dead letters
// - Sources/GleanTesting  in-memory stages and helpers for plugin authors' tests
// - Sources/GleanInputs   the input layer: compression and archives through libarchive (CLibArchive)
// - Sources/GleanBuiltins the one place that lists the built-in plugins (the CLI's and the registry tests')
// - Sources/glean         the CLI
// - Plugins/<Family>      stage plugins: ordinary library targets named Glean<Family>
//                         (NOT SwiftPM package plugins). Plugins import GleanCore and the support
//                         targets beside it (GleanInputs, GleanHTTP) only; never GleanRuntime or each other.
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Glean",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "glean", targets: ["glean"]),
        .library(name: "GleanCore", targets: ["GleanCore"]),
        .library(name: "GleanRuntime", targets: ["GleanRuntime"]),
        .library(name: "GleanTesting", targets: ["GleanTesting"]),
        .library(name: "GleanInputs", targets: ["GleanInputs"]),
        .library(name: "GleanJSON", targets: ["GleanJSON"]),
        .library(name: "GleanCSV", targets: ["GleanCSV"]),
        .library(name: "GleanDocuments", targets: ["GleanDocuments"]),
        .library(name: "GleanTransforms", targets: ["GleanTransforms"]),
        .library(name: "GleanHTML", targets: ["GleanHTML"]),
        .library(name: "GleanXML", targets: ["GleanXML"]),
        .library(name: "GleanFigures", targets: ["GleanFigures"]),
        .library(name: "GleanEntities", targets: ["GleanEntities"]),
        .library(name: "GleanSQL", targets: ["GleanSQL"]),
        .library(name: "GleanFuzzing", targets: ["GleanFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "GleanCore", dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "GleanRuntime",
            dependencies: [
                "GleanCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // libxml2 (system library): XML, feeds and HTML. Needs pkg-config and libxml2-dev to build.
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // libarchive (system library): compression and archives. Needs pkg-config and libarchive-dev to build.
        .systemLibrary(
            name: "CLibArchive", path: "Sources/CLibArchive", pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]
        ),
        // The input layer every byte-reading source uses (plugins may import it): compression and
        // archives detected by content, streamed, with limits against hostile archives.
        // Character encodings for every reader of legacy text: iconv once, uchardet for detection.
        .systemLibrary(
            name: "CUchardet", path: "Sources/CUchardet", pkgConfig: "uchardet",
            providers: [.apt(["libuchardet-dev"]), .brew(["uchardet"])]
        ),
        .target(name: "GleanEncoding", dependencies: ["CUchardet"], swiftSettings: strictSettings),
        // Text shared by the extractors: scalar-indexed views, character classes, sentences,
        // word tables, language from script and stop words.
        .target(name: "GleanText", swiftSettings: strictSettings),
        .target(
            name: "GleanInputs",
            dependencies: ["GleanCore", "GleanHTTP", "GleanEncoding", "CLibArchive", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // HTTP fetching for sources (AsyncHTTPClient): conditional GET, retries, limits.
        .target(
            name: "GleanHTTP",
            dependencies: [
                "GleanCore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // jemalloc (system library), linked into the `glean` binary only; see Sources/CJemalloc/shim.h.
        .systemLibrary(
            name: "CJemalloc", path: "Sources/CJemalloc", pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"]), .brew(["jemalloc"])]
        ),
        .target(name: "GleanTesting", dependencies: ["GleanCore", .product(name: "Logging", package: "swift-log")], swiftSettings: strictSettings),

        // Stage plugins (Plugins/<Family>, target Glean<Family>): they import GleanCore and the support
        // targets (GleanInputs, GleanHTTP) only.
        .target(
            name: "GleanJSON", dependencies: ["GleanCore", "GleanInputs", .product(name: "Logging", package: "swift-log")],
            path: "Plugins/JSON", swiftSettings: strictSettings
        ),
        // CSV source and sink: a hand-written streaming parser (see CSVRowReader), iconv for encodings.
        .target(
            name: "GleanCSV", dependencies: ["GleanCore", "GleanInputs", "GleanEncoding", .product(name: "Logging", package: "swift-log")],
            path: "Plugins/CSV", swiftSettings: strictSettings
        ),
        .systemLibrary(
            name: "CLibMagic", path: "Sources/CLibMagic", pkgConfig: "libmagic",
            providers: [.apt(["libmagic-dev"]), .brew(["libmagic"])]
        ),
        .target(
            name: "GleanDocuments",
            dependencies: [
                "GleanCore", "GleanInputs", "GleanEncoding", "GleanHTML", "GleanText", "CLibMagic", "CLibArchive", "CLibXML2", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"), .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Plugins/Documents", swiftSettings: strictSettings
        ),
        .target(
            name: "GleanTransforms", dependencies: ["GleanCore"], path: "Plugins/Transforms",
            swiftSettings: strictSettings
        ),
        .target(
            name: "GleanHTML", dependencies: ["CLibXML2", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "GleanXML",
            dependencies: ["GleanCore", "GleanInputs", "GleanHTTP", "GleanHTML", "CLibXML2", .product(name: "Logging", package: "swift-log")],
            path: "Plugins/XML", swiftSettings: strictSettings
        ),
        // Figure extraction (extract_figures): hand-written English and Chinese number reading.
        .target(
            name: "GleanFigures", dependencies: ["GleanCore", "GleanText"], path: "Plugins/Figures",
            swiftSettings: strictSettings
        ),
        // Entity extraction (extract_entities): patterns, a shipped gazetteer trie, dates.
        .target(
            name: "GleanEntities", dependencies: ["GleanCore", "GleanText"], path: "Plugins/Entities",
            exclude: ["NOTICE", "Lexicon"], resources: [.copy("Resources/gazetteer.trie")],
            swiftSettings: strictSettings
        ),
        // SQL sinks: sql_dump (SQLite/PostgreSQL scripts) and sqlite (GRDB, system libsqlite3-dev).
        .target(
            name: "GleanSQL",
            dependencies: [
                "GleanCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Plugins/SQL", swiftSettings: strictSettings
        ),

        // The properties the fuzz targets in Fuzz/ check, shared with a smoke test.
        .target(
            name: "GleanFuzzing",
            dependencies: ["GleanCore", "GleanRuntime", "GleanInputs", "GleanEncoding", "GleanJSON", "GleanCSV", "GleanDocuments", "GleanTransforms", "GleanHTML", "GleanXML", "GleanFigures", "GleanEntities", "GleanText"],
            swiftSettings: strictSettings
        ),

        // The list of built-in plugins, shared by the `glean` binary and the registry-wide tests.
        .target(
            name: "GleanBuiltins",
            dependencies: ["GleanCore", "GleanJSON", "GleanCSV", "GleanDocuments", "GleanTransforms", "GleanXML", "GleanFigures", "GleanEntities", "GleanSQL"],
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "glean",
            dependencies: [
                "GleanCore", "GleanRuntime", "GleanJSON", "GleanCSV", "GleanTransforms", "GleanXML", "GleanFigures", "GleanSQL", "CJemalloc",
                "GleanBuiltins",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        .testTarget(
            name: "GleanDocumentsTests", dependencies: ["GleanCore", "GleanDocuments", "GleanEncoding", "GleanInputs", "GleanTesting"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "GleanEncodingTests", dependencies: ["GleanEncoding"], swiftSettings: strictSettings),
        .testTarget(name: "GleanTextTests", dependencies: ["GleanText"], swiftSettings: strictSettings),
        .testTarget(
            name: "GleanEntitiesTests", dependencies: ["GleanCore", "GleanEntities", "GleanRuntime", "GleanBuiltins", "GleanTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GleanCoreTests", dependencies: ["GleanCore", "GleanTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GleanRuntimeTests",
            dependencies: [
                "GleanCore", "GleanRuntime", "GleanTesting", "GleanInputs", "GleanJSON", "GleanTransforms", "GleanBuiltins",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GleanInputsTests", dependencies: ["GleanCore", "GleanInputs", "GleanHTTP", "GleanTesting"],
            exclude: ["Support/file_server.py"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GleanFuzzingTests", dependencies: ["GleanFuzzing"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GleanXMLTests", dependencies: ["GleanCore", "GleanHTML", "GleanXML", "GleanInputs", "GleanHTTP", "GleanTesting"],
            exclude: ["Support/feed_server.py"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GleanFiguresTests", dependencies: ["GleanCore", "GleanFigures", "GleanText", "GleanTesting", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GleanSQLTests", dependencies: ["GleanCore", "GleanSQL", "GleanTesting", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GleanJSONTests", dependencies: ["GleanCore", "GleanJSON", "GleanTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GleanCSVTests", dependencies: ["GleanCore", "GleanCSV", "GleanTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GleanTransformsTests",
            dependencies: ["GleanCore", "GleanTransforms", "GleanTesting", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // End-to-end tests: run the real `glean` binary (built because of this dependency).
        .testTarget(
            name: "GleanEndToEndTests", dependencies: ["glean", "GleanRuntime", "GleanTesting", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
    ]
)
