import Foundation

/// Standard output for the `glean extract` commands.
///
/// `FileHandle.write(_:)` traps when the write fails, so `glean extract figures --jsonl | head`
/// crashed with a backtrace once `head` had read enough. A failed write here ends the command with
/// one line on standard error that says why (EPIPE when the reader went away) and exit code 1, as
/// `glean run` reports a sink whose reader left.
enum StandardOutput {
    static func write(_ bytes: some Collection<UInt8>) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(bytes))
        } catch {
            let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let reason = posix?.domain == NSPOSIXErrorDomain && posix?.code == Int(EPIPE)
                ? "the reader closed the pipe (EPIPE)" : "\(posix?.localizedDescription ?? error.localizedDescription)"
            printError("error: writing standard output: \(reason)")
            exit(1)
        }
    }
}
