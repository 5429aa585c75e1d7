import Synchronization

/// The option names an ``OptionReader`` looked up, collected when the decoder's `userInfo` holds
/// a log under ``userInfoKey``: the registry-wide test checks that every declared option is read.
package final class OptionReadLog: Sendable {
    /// The `userInfo` key under which a decoder carries the log.
    package static let userInfoKey = CodingUserInfoKey(rawValue: "glean.optionReadLog")!

    private let names = Mutex<[String]>([])

    package init() {}

    func record(_ name: String) {
        names.withLock { $0.append(name) }
    }

    /// The names read, in order (repeats kept).
    package var read: [String] { names.withLock { $0 } }
}
