import CLibArchive

/// The members of an in-memory zip (office documents and EPUB are zips of XML), read through
/// libarchive with limits against zip bombs: at most `maximumBytes` uncompressed in all, at most
/// 10,000 entries.
struct ZipMembers {
    /// Member name → bytes, for the names `wanted` accepts.
    private(set) var members: [String: [UInt8]] = [:]

    struct Problem: Error {
        let message: String
    }

    init(_ bytes: [UInt8], maximumBytes: Int, wanted: (String) -> Bool) throws(Problem) {
        guard let archive = archive_read_new() else { throw Problem(message: "libarchive could not allocate a reader") }
        defer { archive_read_free(archive) }
        archive_read_support_format_zip(archive)
        var total = 0
        var failure: Problem?
        bytes.withUnsafeBytes { buffer in
            guard archive_read_open_memory(archive, buffer.baseAddress, buffer.count) == ARCHIVE_OK else {
                failure = Problem(message: "not a readable zip container: \(Self.message(archive))")
                return
            }
            var entry: OpaquePointer?
            var entries = 0
            while true {
                let status = archive_read_next_header(archive, &entry)
                if status == ARCHIVE_EOF { return }
                guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                    failure = Problem(message: "a damaged zip container: \(Self.message(archive))")
                    return
                }
                entries += 1
                if entries > 10_000 {
                    failure = Problem(message: "more than 10,000 members in the container")
                    return
                }
                guard let raw = archive_entry_pathname(entry) else { continue }
                let name = String(cString: raw)
                guard wanted(name) else { continue }
                if archive_entry_is_encrypted(entry) != 0 {
                    failure = Problem(message: "the document is encrypted (password-protected); it is skipped")
                    return
                }
                var data: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 64 << 10)
                while true {
                    let n = chunk.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                    if n == 0 { break }
                    guard n > 0 else {
                        failure = Problem(message: "\(name) cannot be read: \(Self.message(archive))")
                        return
                    }
                    total += n
                    if total > maximumBytes {
                        failure = Problem(message: "the container unpacks to more than \(maximumBytes) bytes (a zip bomb?)")
                        return
                    }
                    data += chunk[0..<n]
                }
                members[name] = data
            }
        }
        if let failure { throw failure }
    }

    subscript(name: String) -> [UInt8]? { members[name] }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
    }
}
