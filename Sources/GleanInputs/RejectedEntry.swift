import GleanCore

/// An archive entry that was skipped (a hostile name, a link, an encrypted entry, a limit), for the
/// caller to dead-letter before it goes on.
public struct RejectedEntry: Sendable, CustomStringConvertible {
    /// `archive.zip!/path` of the entry (its name as decoded, or as far as it could be decoded).
    public var location: String
    /// Why it was skipped, in words that say what to change ("raise maximumEntryBytes").
    public var reason: String
    /// The kind of problem: `.unsafeEntry`, `.encryptedEntry`, `.limitExceeded`.
    public var code: GleanError.Code
    /// Whether the rest of the archive was left unread because of it (an archive-wide limit).
    public var stoppedArchive: Bool

    /// A rejection.
    public init(location: String, reason: String, code: GleanError.Code, stoppedArchive: Bool = false) {
        self.location = location
        self.reason = reason
        self.code = code
        self.stoppedArchive = stoppedArchive
    }

    /// The rejection as an error, for a dead letter (it keeps the code).
    public var error: GleanError {
        GleanError(code, reason, at: .file(path: location, line: nil, column: nil))
    }

    public var description: String { "\(location): \(reason)" }
}
