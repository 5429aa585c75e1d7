import Foundation

/// Expands `${VAR}`, `${VAR:-default}` and `${VAR:?message}` in pipeline-file values.
///
/// `$$` is a literal `$`. A `$` not followed by `{` or `$` is kept as is. An unset variable without
/// a default is an error (`${VAR:?message}` chooses the message). An empty variable counts as set
/// for `${VAR}` but as unset for `:-` and `:?`, as in POSIX shells. Interpolation happens on
/// parsed YAML values, never on the file text, so a variable's value cannot change the file's structure.
public struct EnvironmentInterpolation: Sendable {
    public let environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }

    /// A problem in one value: the 0-based character offset of the `${` and what is wrong.
    public struct Failure: Error, Sendable, Equatable {
        public var offset: Int
        public var message: String
    }

    /// The expanded text, or the first failure.
    public func expand(_ text: String) -> Result<String, Failure> {
        guard text.contains("$") else { return .success(text) }
        var output = ""
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            guard c == "$", i + 1 < characters.count else {
                output.append(c)
                i += 1
                continue
            }
            if characters[i + 1] == "$" {
                output.append("$")
                i += 2
                continue
            }
            guard characters[i + 1] == "{" else {
                output.append(c)
                i += 1
                continue
            }
            guard let close = characters[(i + 2)...].firstIndex(of: "}") else {
                return .failure(Failure(offset: i, message: "unterminated '${': expected '}'"))
            }
            let body = String(characters[(i + 2)..<close])
            switch resolve(body) {
            case .success(let value): output += value
            case .failure(let message): return .failure(Failure(offset: i, message: message.text))
            }
            i = close + 1
        }
        return .success(output)
    }

    private struct Message: Error { var text: String }

    private func resolve(_ body: String) -> Result<String, Message> {
        var name = body
        var fallback: String?
        var required: String?
        if let range = body.range(of: ":-") {
            name = String(body[..<range.lowerBound])
            fallback = String(body[range.upperBound...])
        } else if let range = body.range(of: ":?") {
            name = String(body[..<range.lowerBound])
            required = String(body[range.upperBound...])
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !name.first!.isNumber else {
            return .failure(Message(text: "invalid variable name '\(name)' in '${\(body)}'"))
        }
        let value = environment[name]
        if let fallback {
            return .success((value?.isEmpty ?? true) ? fallback : value!)
        }
        if let required {
            guard let value, !value.isEmpty else {
                return .failure(Message(text: "environment variable \(name) is not set: \(required.isEmpty ? "it is required" : required)"))
            }
            return .success(value)
        }
        guard let value else {
            return .failure(Message(text: "environment variable \(name) is not set (write ${\(name):-default} to give a default)"))
        }
        return .success(value)
    }
}
