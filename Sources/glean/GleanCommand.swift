import ArgumentParser
import Foundation
import GleanRuntime

/// `glean`: the command-line interface.
struct GleanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glean",
        abstract: "Plugin-driven data ingestion and ETL: feeds, files and archives into clean JSON and SQL.",
        discussion: """
            Exit codes: 0 success; 1 the run failed; 2 invalid pipeline or arguments; \
            3 finished but records were dead-lettered; 130/143 stopped by SIGINT/SIGTERM after a clean drain.
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, ValidateCommand.self, StagesCommand.self, GraphCommand.self, ExtractCommand.self]
    )
}

@main
enum Main {
    static func main() async {
        // A reader that goes away (a FIFO's, `glean run … | head`) must be an error that says so
        // (EPIPE, with the output's name), not a silent death by SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        pinTimeZone()
        do {
            var command = try GleanCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = GleanCommand.exitCode(for: error)
            let message = GleanCommand.fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data(("error: " + message + "\n").utf8)) }
            // Argument errors are exit code 2, as documented (ArgumentParser's default is 64).
            Foundation.exit(GleanExitCode.invalid)
        }
    }
}

extension ExitCode {
    static let invalid = GleanExitCode.invalid
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Sets `TZ` to the zone `/etc/localtime` names, when `TZ` is unset, before any thread starts.
///
/// Without `TZ`, glibc's `mktime` and `localtime` stat `/etc/localtime` on every call, and
/// libarchive calls `mktime` for every zip entry's DOS time: 50,000 entries cost 100,000 system
/// calls (measured with strace by `Benchmarks/inputs.sh`). The zone is the same, only looked up once.
private func pinTimeZone() {
    guard getenv("TZ") == nil,
          let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime"),
          let range = target.range(of: "zoneinfo/")
    else { return }
    let zone = String(target[range.upperBound...])
    if !zone.isEmpty { setenv("TZ", zone, 0) }
}
