import GleanCore
import Yams

/// Decodes a stage's options from its YAML mapping, reporting every problem at its position:
/// unknown options (with "did you mean"), wrong types, missing required options, and the
/// configuration's own ``StageConfiguration/validate()`` errors.
struct YAMLConfigurationDecoder: ConfigurationDecoding {
    let options: Node
    let stageName: String
    let kind: String
    let stageMark: Mark?
    let file: String

    /// Thrown with every diagnostic found.
    struct Failure: Error {
        var diagnostics: [Diagnostic]
    }

    func decode<Configuration: StageConfiguration>(_ type: Configuration.Type) throws -> Configuration {
        var collector = DiagnosticCollector(file: file)
        let known = Configuration.options.map(\.name)
        for (keyNode, _) in options.mapping ?? [:] {
            let key = keyNode.scalar?.string ?? ""
            if !known.contains(key) {
                let expected = known.isEmpty ? "'\(kind)' takes no options" : "options of '\(kind)' are \(known.joined(separator: ", "))"
                collector.add(keyNode.mark, "unknown option '\(key)' in stage '\(stageName)'\(DidYouMean.hint(for: key, among: known)); \(expected)")
            }
        }
        var decoded: Configuration?
        do {
            decoded = try YAMLDecoder().decode(Configuration.self, from: options)
        } catch DecodingError.dataCorrupted(let context) where context.underlyingError is ConfigurationError {
            collector.diagnostics.append(diagnostic(for: context.underlyingError as! ConfigurationError))
        } catch let error as DecodingError {
            collector.diagnostics.append(diagnostic(for: error, specs: Configuration.options))
        } catch let error as ConfigurationError {
            collector.diagnostics.append(diagnostic(for: error))
        } catch {
            collector.add(stageMark, "invalid options for stage '\(stageName)': \(error)")
        }
        if let decoded {
            do {
                try decoded.validate()
            } catch let error as ConfigurationError {
                collector.diagnostics.append(diagnostic(for: error))
            }
        }
        guard collector.diagnostics.isEmpty, let decoded else { throw Failure(diagnostics: collector.diagnostics) }
        return decoded
    }

    private func diagnostic(for error: ConfigurationError) -> Diagnostic {
        var line = stageMark?.line ?? 0
        var column = stageMark?.column ?? 0
        if let option = error.option, let value = options.mapping?[option], let mark = value.mark {
            line = mark.line
            column = mark.column
            if let offset = error.offset, let scalar = value.scalar, !scalar.string.prefix(offset).contains("\n"),
                scalar.style == .plain || scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            {
                column += offset + (scalar.style != .plain ? 1 : 0)
            }
        }
        let subject = error.option.map { "option '\($0)' of stage '\(stageName)'" } ?? "stage '\(stageName)'"
        return Diagnostic(file: file, line: line, column: column, message: "\(subject): \(error.message)")
    }

    private func diagnostic(for error: DecodingError, specs: [OptionSpec]) -> Diagnostic {
        func at(_ path: [any CodingKey], _ message: String) -> Diagnostic {
            let mark = node(at: path)?.mark ?? stageMark
            return Diagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message)
        }
        switch error {
        case .keyNotFound(let key, let context):
            let path = context.codingPath + [key]
            let doc = specs.first { $0.name == key.stringValue }.map { " (\($0.type): \($0.doc))" } ?? ""
            let place = node(at: context.codingPath)
            let mark = context.codingPath.isEmpty ? stageMark : place?.mark ?? stageMark
            return Diagnostic(
                file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
                message: "stage '\(stageName)' (\(kind)) is missing required option '\(Self.describe(path))'\(doc)")
        case .typeMismatch(let type, let context):
            let spec = specs.first { $0.name == context.codingPath.first?.stringValue }
            let expected = spec.flatMap { context.codingPath.count == 1 ? $0.type : nil } ?? Self.describe(type)
            return at(context.codingPath, "option '\(Self.describe(context.codingPath))' of stage '\(stageName)' expects \(expected)")
        case .valueNotFound(let type, let context):
            return at(context.codingPath, "option '\(Self.describe(context.codingPath))' of stage '\(stageName)' must not be empty; expected \(Self.describe(type))")
        case .dataCorrupted(let context):
            return at(context.codingPath, "option '\(Self.describe(context.codingPath))' of stage '\(stageName)': \(context.debugDescription)")
        @unknown default:
            return at([], "invalid options for stage '\(stageName)': \(error)")
        }
    }

    /// The node at a coding path below the options mapping.
    private func node(at path: [any CodingKey]) -> Node? {
        var current: Node? = options
        for key in path {
            if let index = key.intValue, let sequence = current?.sequence {
                current = index < sequence.count ? sequence[index] : nil
            } else {
                current = current?.mapping?[key.stringValue]
            }
            if current == nil { return nil }
        }
        return current
    }

    static func describe(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : "." + key.stringValue }
        }
        return text
    }

    static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Int") || name.hasPrefix("UInt") { return "an integer" }
        if name == "Double" || name == "Float" { return "a number" }
        if name == "String" { return "a string" }
        if name == "Bool" { return "a boolean (true or false)" }
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "a mapping" }
        return "a value of type \(name)"
    }
}
