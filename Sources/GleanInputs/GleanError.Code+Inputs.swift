import GleanCore

extension GleanError.Code {
    /// An archive entry whose name or type is unsafe to read: an absolute path, a `..` component,
    /// a symbolic or hard link, a device or FIFO.
    public static let unsafeEntry = GleanError.Code("unsafe_entry")
    /// An encrypted archive entry (Glean takes no passphrases).
    public static let encryptedEntry = GleanError.Code("encrypted_entry")
}
