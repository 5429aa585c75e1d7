/// The role a stage plays in a pipeline: the section of the pipeline file it is declared in.
public enum StageRole: String, Sendable, CaseIterable, Comparable {
    case source, transform, sink

    /// The pipeline file section: `sources`, `transforms`, `sinks`.
    public var section: String { rawValue + "s" }

    public static func < (a: StageRole, b: StageRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A stage built from its configuration, ready to run.
public enum StageInstance: Sendable {
    case source(any Source)
    case transform(any Transform)
    case sink(any Sink)
}

/// Everything Glean knows about one stage kind: its documentation and how to build it.
public struct StageDescriptor: Sendable {
    /// The `type:` in pipeline files: `json`, `filter`, `sqlite`.
    public let kind: String
    public let role: StageRole
    /// One sentence: what the stage does.
    public let summary: String
    /// Every option of the kind.
    public let options: [OptionSpec]
    /// A YAML example of the stage's block (without the stage name), shown by `glean stages KIND`.
    public let example: String
    /// Decodes and validates the configuration; the result is passed to ``make``.
    public let decode: @Sendable (any ConfigurationDecoding) throws -> any StageConfiguration
    /// Builds the stage.
    public let make: @Sendable (any StageConfiguration, StageContext) throws -> StageInstance
}

/// The stage kinds a `glean` binary knows, by role and kind.
///
/// A value built in `main` by asking each plugin to ``GleanPlugin/register(in:)``, then passed
/// down; there is no global registry. It is the single source of truth for kinds, their options
/// and examples: `glean stages` and the README's stage table are generated from it.
public struct StageRegistry: Sendable {
    private var descriptors: [StageRole: [String: StageDescriptor]] = [:]

    public init() {}

    /// A registry with the given plugins registered.
    public init(plugins: [any GleanPlugin.Type]) {
        for plugin in plugins { plugin.register(in: &self) }
    }

    /// Registers a source kind. A later registration of the same kind replaces the earlier one.
    public mutating func registerSource<C: StageConfiguration>(
        _ kind: String, configuration: C.Type, summary: String, example: String,
        make: @escaping @Sendable (C, StageContext) throws -> any Source
    ) {
        add(kind, .source, C.self, summary, example) { .source(try make($0, $1)) }
    }

    /// Registers a transform kind.
    public mutating func registerTransform<C: StageConfiguration>(
        _ kind: String, configuration: C.Type, summary: String, example: String,
        make: @escaping @Sendable (C, StageContext) throws -> any Transform
    ) {
        add(kind, .transform, C.self, summary, example) { .transform(try make($0, $1)) }
    }

    /// Registers a sink kind.
    public mutating func registerSink<C: StageConfiguration>(
        _ kind: String, configuration: C.Type, summary: String, example: String,
        make: @escaping @Sendable (C, StageContext) throws -> any Sink
    ) {
        add(kind, .sink, C.self, summary, example) { .sink(try make($0, $1)) }
    }

    private mutating func add<C: StageConfiguration>(
        _ kind: String, _ role: StageRole, _: C.Type, _ summary: String, _ example: String,
        _ build: @escaping @Sendable (C, StageContext) throws -> StageInstance
    ) {
        let descriptor = StageDescriptor(
            kind: kind, role: role, summary: summary, options: C.options, example: example,
            decode: { decoder in
                let configuration = try decoder.decode(C.self)
                try configuration.validate()
                return configuration
            },
            make: { configuration, context in
                guard let typed = configuration as? C else {
                    throw GleanError(.stageFailed, "internal: configuration of '\(kind)' has the wrong type")
                }
                return try build(typed, context)
            }
        )
        descriptors[role, default: [:]][kind] = descriptor
    }

    /// The descriptor of `kind` in `role`, if registered.
    public func descriptor(_ role: StageRole, _ kind: String) -> StageDescriptor? {
        descriptors[role]?[kind]
    }

    /// Every kind registered for `role`, sorted.
    public func kinds(_ role: StageRole) -> [String] {
        (descriptors[role] ?? [:]).keys.sorted()
    }

    /// Every descriptor, by role then kind.
    public var all: [StageDescriptor] {
        StageRole.allCases.flatMap { role in kinds(role).map { descriptors[role]![$0]! } }
    }
}

/// A module of stages. Each plugin module exposes one, e.g. `enum JSONPlugin: GleanPlugin`.
public protocol GleanPlugin {
    /// Registers the plugin's stage kinds.
    static func register(in registry: inout StageRegistry)
}
