import Foundation
import GleanCore
import GleanInputs
import GleanTesting
import Testing

/// Archives built at test time (python3's zipfile, tarfile and gzip; the `zip` and `zstd`
/// commands), so no binary fixtures are committed.
enum Fixtures {
    /// Python run before every script: the modules and a `tar_add` helper; the working directory is
    /// the test's temporary directory.
    static let prelude = """
        import os, sys, io, zipfile, tarfile, gzip, bz2, lzma, random
        os.chdir(sys.argv[1])
        def tar_add(t, name, data=b'', kind=tarfile.REGTYPE, link=''):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = link
            info.size = len(data) if kind == tarfile.REGTYPE else 0
            info.mtime = 1700000000
            t.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)

        """

    /// Runs `script` (after `prelude`) with python3 in `directory`.
    static func python(_ script: String, in directory: TemporaryDirectory) throws {
        let result = try runProgram("/usr/bin/python3", ["-c", prelude + script, directory.path])
        try #require(result.status == 0, "fixture script failed: \(result.error)")
    }

    /// Runs a command (`zip`, `zstd`) in `directory` through the shell.
    static func shell(_ command: String, in directory: TemporaryDirectory) throws {
        let result = try runProgram("/bin/sh", ["-c", "cd '\(directory.path)' && \(command)"])
        try #require(result.status == 0, "fixture command failed: \(command): \(result.error)")
    }
}

/// Everything one `ArchiveReader.read` handed over.
struct Collected {
    var inputs: [(input: ArchiveInput, bytes: [UInt8])] = []
    var rejections: [RejectedEntry] = []
    var summary: ArchiveSummary?
    var error: GleanError?

    var locations: [String] { inputs.map(\.input.location) }
    var rejected: [String: GleanError.Code] {
        Dictionary(rejections.map { ($0.location, $0.code) }, uniquingKeysWith: { first, _ in first })
    }

    func text(_ location: String) -> String? {
        inputs.first { $0.input.location == location }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// Reads `source` with `reader`, keeping every byte (fixtures are small) and the error, if any.
    init(_ source: ArchiveByteSource, location: String, reader: ArchiveReader = ArchiveReader()) {
        var inputs: [(input: ArchiveInput, bytes: [UInt8])] = [], rejections: [RejectedEntry] = []
        do {
            summary = try reader.read(source, location: location) { rejections.append($0) } input: { input, stream in
                var bytes: [UInt8] = []
                try stream.forEachChunk { bytes += $0 }
                inputs.append((input, bytes))
            }
        } catch let failure as GleanError {
            error = failure
        } catch {
            Issue.record("an error that is not a GleanError: \(error)")
        }
        self.inputs = inputs
        self.rejections = rejections
    }
}
