import Foundation
import GleanCore
import GleanHTTP
@testable import GleanInputs
import GleanTesting
import Synchronization
import Testing

/// A source that emits one record per input the layer hands it: location and text.
struct EchoSource: Source {
    let options: InputOptions
    let context: StageContext

    mutating func run(into output: SourceOutput) async throws {
        let inputs = InputReader(options: options, context: context)
        try await inputs.forEach(into: output) { input in
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try input.stream.read(into: $0) }
                if n == 0 { break }
                bytes += buffer[0..<n]
                input.reportProgress()
            }
            let fields: Fields = ["location": .string(input.location), "text": .string(String(decoding: bytes, as: UTF8.self))]
            try await output.send([Record(fields: fields, origin: RecordOrigin(stage: context.name, location: input.location))])
        }
    }
}

final class StateBox: Sendable {
    private let state = Mutex<Value?>(nil)
    var value: Value? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}

/// Runs the echo source over `paths` (relative to `directory`) and URLs.
func echo(
    _ paths: [String], urls: [String] = [], in directory: TemporaryDirectory, configure: (inout InputOptions) -> Void = { _ in },
    state: Value? = nil, shard: Shard = .whole, saved: StateBox = StateBox(),
    progress: @escaping @Sendable (Int64, Int64?) -> Void = { _, _ in }
) async throws -> (texts: [String: String], locations: [String], rejected: [DeadLetter]) {
    var options = InputOptions()
    options.paths = paths
    options.urls = urls
    configure(&options)
    let context = StageHarness.context(
        name: "in", baseDirectory: directory.path, previousState: state, shard: shard, saveState: { saved.value = $0 })
    let result = try await StageHarness.run(EchoSource(options: options, context: context), progress: progress)
    let prefix = directory.path + "/"
    func short(_ location: String) -> String { location.hasPrefix(prefix) ? String(location.dropFirst(prefix.count)) : location }
    var texts: [String: String] = [:]
    var locations: [String] = []
    for record in result.records {
        let location = short(record["location"]!.stringValue!)
        locations.append(location)
        texts[location] = record["text"]!.stringValue!
    }
    return (texts, locations, result.rejected)
}

@Suite("input layer")
struct InputReaderTests {
    @Test func zipsWithAWholeExtensionAreHandedOverWhole() async throws {
        let directory = TemporaryDirectory()
        try Fixtures.python("""
            with zipfile.ZipFile('report.docx', 'w') as z: z.writestr('word/document.xml', '<doc/>')
            with zipfile.ZipFile('bundle.zip', 'w') as z:
                z.writestr('inner.txt', 'inner')
                z.writestr('nested.DOCX', open('report.docx', 'rb').read())
            """, in: directory)
        let opened = try await echo(["report.docx", "bundle.zip"], in: directory)
        #expect(opened.locations == ["report.docx!/word/document.xml", "bundle.zip!/inner.txt", "bundle.zip!/nested.DOCX!/word/document.xml"])
        let whole = try await echo(["report.docx", "bundle.zip"], in: directory) { $0.wholeExtensions = ["docx"] }
        #expect(whole.locations == ["report.docx", "bundle.zip!/inner.txt", "bundle.zip!/nested.DOCX"])
        #expect(whole.texts["report.docx"]?.hasPrefix("PK") == true, "the zip's own bytes")
    }

    @Test func foldersGlobsExcludesAndCompressionByContent() async throws {
        let directory = TemporaryDirectory()
        directory.write("data/a.json", "a")
        directory.write("data/sub/b.json", "b")
        directory.write("data/.hidden/c.json", "hidden")
        directory.write("data/skip.tmp", "skipped")
        try Fixtures.python("open('data/blob.bin','wb').write(gzip.compress(b'gzipped, named .bin'))", in: directory)
        let result = try await echo(["data", "data/sub/*.json"], in: directory) { $0.exclude = ["*.tmp"] }
        #expect(result.locations == ["data/a.json", "data/blob.bin", "data/sub/b.json"])
        #expect(result.texts["data/blob.bin"] == "gzipped, named .bin")
        #expect(result.rejected.isEmpty)
    }

    @Test func archivesWithFoldersAndAnArchiveInside() async throws {
        let directory = TemporaryDirectory()
        try Fixtures.python("""
            inner = io.BytesIO()
            with tarfile.open(fileobj=inner, mode='w:gz') as t:
                tar_add(t, 'deep/y.json', b'inside the inner archive')
            with zipfile.ZipFile('a.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('d1/d2/x.json', 'x')
                z.writestr('inner.tar.gz', inner.getvalue())
                z.writestr('notes.txt', 'not selected')
            with tarfile.open('b.tar.gz', 'w:gz') as t:
                tar_add(t, 'p/q/r.json', b'r')
            """, in: directory)
        let result = try await echo(["a.zip", "b.tar.gz"], in: directory) { $0.entries = ["*.json", "*.tar.gz"] }
        #expect(result.locations == ["a.zip!/d1/d2/x.json", "a.zip!/inner.tar.gz!/deep/y.json", "b.tar.gz!/p/q/r.json"])
        #expect(result.texts["a.zip!/inner.tar.gz!/deep/y.json"] == "inside the inner archive", "\(result.rejected)")
        // One level only: the inner archive is handed over as its bytes.
        let shallow = try await echo(["a.zip"], in: directory) { $0.archiveDepth = 1 }
        #expect(shallow.locations == ["a.zip!/d1/d2/x.json", "a.zip!/inner.tar.gz", "a.zip!/notes.txt"])
    }

    @Test func hostileEntriesAreDeadLetteredAndTheRestIsRead() async throws {
        let directory = TemporaryDirectory()
        try Fixtures.python("""
            with tarfile.open('h.tar', 'w') as t:
                tar_add(t, 'good/one.json', b'1')
                tar_add(t, '../escape.json', b'x')
                tar_add(t, '/etc/absolute.json', b'x')
                tar_add(t, 'link.json', kind=tarfile.SYMTYPE, link='/etc/passwd')
                tar_add(t, 'hard.json', kind=tarfile.LNKTYPE, link='good/one.json')
                tar_add(t, 'big.json', b'y' * 5000)
                tar_add(t, 'good/two.json', b'2')
            data = io.BytesIO()
            with tarfile.open(fileobj=data, mode='w:gz') as t:
                tar_add(t, 'first.json', b'complete')
                tar_add(t, 'second.json', random.Random(1).randbytes(300000))
            open('cut.tar.gz', 'wb').write(data.getvalue()[:len(data.getvalue()) // 2])
            """, in: directory)
        let result = try await echo(["h.tar", "cut.tar.gz", "ok.json"], in: directory) {
            $0.limits.maximumEntryBytes = 4096
        }
        #expect(result.locations == ["h.tar!/good/one.json", "h.tar!/good/two.json", "cut.tar.gz!/first.json"])
        let letters = result.rejected.map { "\($0.origin.location ?? "?") \($0.code?.name ?? "?")" }
        let prefix = directory.path + "/"
        #expect(letters == [
            prefix + "ok.json io",
            prefix + "h.tar!/../escape.json unsafe_entry", prefix + "h.tar!//etc/absolute.json unsafe_entry",
            prefix + "h.tar!/link.json unsafe_entry", prefix + "h.tar!/hard.json unsafe_entry",
            prefix + "h.tar!/big.json limit_exceeded", prefix + "cut.tar.gz!/second.json limit_exceeded",
            prefix + "cut.tar.gz malformed_input",
        ], "\(letters)")
        // Without the small limit, the cut falls inside second.json: the entry is dead-lettered there.
        let cut = try await echo(["cut.tar.gz"], in: directory)
        #expect(cut.locations == ["cut.tar.gz!/first.json"])
        #expect(cut.rejected.map { "\($0.origin.location ?? "?") \($0.code?.name ?? "?")" } == [prefix + "cut.tar.gz malformed_input"])
        #expect(cut.rejected.first?.error.contains("cut.tar.gz!/second.json: the archive is corrupt or truncated here") == true, "\(cut.rejected)")
        #expect(result.rejected.contains { $0.error.contains("ok.json: no such file or directory") })
        #expect(result.rejected.contains { $0.error.contains("corrupt or truncated") }, "\(result.rejected)")
    }

    @Test func missingPathsAndEmptyGlobsAreDeadLettersAndTheOthersRun() async throws {
        let directory = TemporaryDirectory()
        directory.write("here.json", "here")
        let result = try await echo(["gone.json", "nothing/*.json", "here.json"], in: directory)
        #expect(result.locations == ["here.json"])
        #expect(result.rejected.map(\.error) == [
            directory.path + "/gone.json: no such file or directory",
            directory.path + "/nothing/*.json: no file matches the pattern",
        ])
    }

    @Test func incrementalRerunsSkipWhatWasReadAndReadWhatChanged() async throws {
        let directory = TemporaryDirectory()
        directory.write("f/a.json", "a")
        directory.write("f/b.json", "b")
        try Fixtures.python("""
            with zipfile.ZipFile('z.zip', 'w') as z:
                z.writestr('one.json', 'one')
                z.writestr('two.json', 'two')
            """, in: directory)
        let saved = StateBox()
        let first = try await echo(["f", "z.zip"], in: directory, configure: { $0.incremental = true }, saved: saved)
        #expect(first.texts == ["f/a.json": "a", "f/b.json": "b", "z.zip!/one.json": "one", "z.zip!/two.json": "two"])
        let again = try await echo(["f", "z.zip"], in: directory, configure: { $0.incremental = true }, state: saved.value, saved: saved)
        #expect(again.locations.isEmpty)
        // A changed file and a rebuilt archive with one entry changed: only those are read again.
        directory.write("f/b.json", "b, longer now")
        try Fixtures.python("""
            with zipfile.ZipFile('z.zip', 'w') as z:
                z.writestr('one.json', 'one')
                z.writestr('two.json', 'two, changed')
                z.writestr('three.json', 'three')
            """, in: directory)
        let changed = try await echo(["f", "z.zip"], in: directory, configure: { $0.incremental = true }, state: saved.value, saved: saved)
        #expect(changed.locations == ["f/b.json", "z.zip!/two.json", "z.zip!/three.json"])
        #expect(changed.texts == ["f/b.json": "b, longer now", "z.zip!/two.json": "two, changed", "z.zip!/three.json": "three"])
        let last = try await echo(["f", "z.zip"], in: directory, configure: { $0.incremental = true }, state: saved.value, saved: saved)
        #expect(last.locations.isEmpty)
        // Rewritten at once with the same size: the modification time's nanoseconds still tell.
        directory.write("f/a.json", "A")
        let rewritten = try await echo(["f"], in: directory, configure: { $0.incremental = true }, state: saved.value, saved: saved)
        #expect(rewritten.texts == ["f/a.json": "A"])
    }

    @Test func incrementalURLsUseConditionalGetAndContentHashes() async throws {
        let directory = TemporaryDirectory()
        directory.write("www/doc.json", "served")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/file_server.py").path
        let server = try ScriptServer(script: script, arguments: [directory.path + "/www"])
        let saved = StateBox()
        let urls = [server.url("/doc.json"), server.url("/missing.json")]
        let first = try await echo([], urls: urls, in: directory, configure: { $0.incremental = true; $0.http.retries = 0 }, saved: saved)
        #expect(first.texts[server.url("/doc.json")] == "served")
        #expect(first.rejected.map(\.error) == ["not fetched: \(server.url("/missing.json")): HTTP 404 Not Found"])
        let again = try await echo([], urls: urls, in: directory, configure: { $0.incremental = true; $0.http.retries = 0 }, state: saved.value, saved: saved)
        #expect(again.locations.isEmpty)
        #expect(try server.counts()["304 /doc.json"] == 1)
        directory.write("www/doc.json", "served, changed")
        let changed = try await echo([], urls: urls, in: directory, configure: { $0.incremental = true; $0.http.retries = 0 }, state: saved.value, saved: saved)
        #expect(changed.texts[server.url("/doc.json")] == "served, changed")
    }

    @Test func anArchiveCutShortByALimitIsNotRecordedAsRead() async throws {
        let directory = TemporaryDirectory()
        try Fixtures.python("""
            with zipfile.ZipFile('z.zip', 'w') as z:
                for i in range(4): z.writestr(f'{i}.json', str(i))
            """, in: directory)
        let saved = StateBox()
        let cut = try await echo(["z.zip"], in: directory, configure: { $0.incremental = true; $0.limits.maximumEntries = 2 }, saved: saved)
        #expect(cut.locations == ["z.zip!/0.json", "z.zip!/1.json"])
        #expect(cut.rejected.count == 1)
        // With the limit raised, the rest is read (and what was read is not read again).
        let rest = try await echo(["z.zip"], in: directory, configure: { $0.incremental = true }, state: saved.value, saved: saved)
        #expect(rest.locations == ["z.zip!/2.json", "z.zip!/3.json"])
    }

    @Test func eachShardReportsOnlyItsOwnRejections() async throws {
        let directory = TemporaryDirectory()
        try Fixtures.python("""
            with tarfile.open('h.tar', 'w') as t:
                for i in range(12): tar_add(t, f'../evil-{i}.json', b'x')
                for i in range(12): tar_add(t, f'ok-{i}.json', b'ok')
            """, in: directory)
        var letters: [String] = []
        var read: [String] = []
        for index in 0..<3 {
            let result = try await echo(["h.tar", "missing.json"], in: directory, shard: try Shard(index: index, count: 3))
            letters += result.rejected.compactMap(\.origin.location)
            read += result.locations
        }
        #expect(read.count == 12)
        #expect(letters.count == 12 + 1, "each hostile entry and the missing path once: \(letters)")
        #expect(Set(letters).count == letters.count)
    }

    @Test func shardsTogetherReadEveryInputExactlyOnce() async throws {
        let directory = TemporaryDirectory()
        for i in 0..<40 { directory.write("f/\(i).json", "\(i)") }
        try Fixtures.python("""
            with zipfile.ZipFile('z.zip', 'w') as z:
                for i in range(30): z.writestr(f'e/{i}.json', str(i))
            """, in: directory)
        let all = try await echo(["f", "z.zip"], in: directory).locations
        #expect(all.count == 70)
        for count in 1...7 {
            var seen: [String] = []
            for index in 0..<count {
                seen += try await echo(["f", "z.zip"], in: directory, shard: try Shard(index: index, count: count)).locations
            }
            #expect(seen.sorted() == all.sorted(), "\(count) shards")
        }
        // Adding an input moves no other input to another shard.
        var before: [String: Int] = [:]
        for index in 0..<5 {
            for location in try await echo(["f"], in: directory, shard: try Shard(index: index, count: 5)).locations { before[location] = index }
        }
        directory.write("f/new.json", "new")
        var after: [String: Int] = [:]
        for index in 0..<5 {
            for location in try await echo(["f"], in: directory, shard: try Shard(index: index, count: 5)).locations { after[location] = index }
        }
        #expect(after.count == before.count + 1)
        #expect(after.filter { $0.key != "f/new.json" } == before)
        #expect(Set(before.values).count == 5, "every shard gets some of 40 files")
    }

    @Test func progressCountsBytesOfATotalKnownBeforeReading() async throws {
        let directory = TemporaryDirectory()
        directory.write("p/a.json", String(repeating: "a", count: 10_000))
        directory.write("p/b.json", String(repeating: "b", count: 30_000))
        let reports = Mutex<[(Int64, Int64?)]>([])
        _ = try await echo(["p"], in: directory, progress: { done, total in reports.withLock { $0.append((done, total)) } })
        let seen = reports.withLock { $0 }
        #expect(!seen.isEmpty)
        #expect(seen.allSatisfy { $0.1 == 40_000 })
        #expect(seen.last?.0 == 40_000)
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.0 <= $1.0 }, "progress never goes back")
    }
}

@Suite("zip directory size")
struct ZipDirectoryTests {
    @Test func theEndRecordGivesTheCentralDirectorySize() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python("""
            with zipfile.ZipFile('z.zip', 'w') as z:
                z.comment = b'a comment with PK in it'
                for name in ['a.json', 'dir/b.json', 'c.txt']: z.writestr(name, 'x' * 100)
            """, in: directory)
        let path = directory.path + "/z.zip"
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var info = stat()
        fstat(fd, &info)
        // 46 bytes of fixed header per entry plus its name.
        let size = ZipDirectory.size(descriptor: fd, fileSize: Int64(info.st_size))
        let expected: Int64 = 3 * 46 + 6 + 10 + 5
        #expect(size == expected)
        directory.write("plain.json", "{\"not\": \"a zip\"}")
        let other = open(directory.path + "/plain.json", O_RDONLY)
        defer { close(other) }
        #expect(ZipDirectory.size(descriptor: other, fileSize: 16) == nil)
    }
}
