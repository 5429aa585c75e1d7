import Foundation
import GleanCore
import GleanInputs
import GleanTesting
import Testing

/// Plain files, compressed streams and archives, told apart by content.
@Suite("Archive reader: detection and streaming")
struct ArchiveDetectionTests {
    @Test func plainFileIsOneInputAsItIs() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("a.json", #"{"a":1}"# + "\n")
        let read = Collected(.path(path), location: "a.json")
        #expect(read.error == nil)
        #expect(read.summary?.kind == .plain)
        #expect(read.locations == ["a.json"])
        #expect(read.text("a.json") == #"{"a":1}"# + "\n")
        #expect(read.inputs.first?.input.entryPath == nil)
    }

    @Test func emptyFileIsOneEmptyPlainInput() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("empty.csv", "")
        let read = Collected(.path(path), location: "empty.csv")
        #expect(read.error == nil)
        #expect(read.summary?.kind == .plain)
        #expect(read.locations == ["empty.csv"])
        #expect(read.inputs.first?.bytes == [])
    }

    @Test func gzipIsDetectedByContentWhateverTheName() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python("open('data.txt', 'wb').write(gzip.compress(b'line one\\nline two\\n' * 1000))", in: directory)
        let read = Collected(.path(directory.path + "/data.txt"), location: "data.txt")
        #expect(read.error == nil)
        #expect(read.summary?.kind == .compressed(filters: ["gzip"]))
        #expect(read.locations == ["data.txt"])
        #expect(read.text("data.txt") == String(repeating: "line one\nline two\n", count: 1000))
    }

    @Test(arguments: ["bz2", "xz", "zst"])
    func otherCompressionsAreDecompressed(suffix: String) throws {
        let directory = TemporaryDirectory()
        let body = String(repeating: "{\"n\": 12345}\n", count: 500)
        directory.write("data.jsonl", body)
        switch suffix {
        case "bz2": try Fixtures.python("open('data.bz2', 'wb').write(bz2.compress(open('data.jsonl', 'rb').read()))", in: directory)
        case "xz": try Fixtures.python("open('data.xz', 'wb').write(lzma.compress(open('data.jsonl', 'rb').read()))", in: directory)
        default: try Fixtures.shell("zstd -q data.jsonl -o data.zst", in: directory)
        }
        let read = Collected(.path(directory.path + "/data.\(suffix)"), location: "data.\(suffix)")
        #expect(read.error == nil)
        let expected = ["bz2": "bzip2", "xz": "xz", "zst": "zstd"][suffix]!
        #expect(read.summary?.kind == .compressed(filters: [expected]))
        #expect(read.text("data.\(suffix)") == body)
    }

    @Test func zipWithNestedFoldersGivesOneInputPerFile() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with zipfile.ZipFile('archive.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('2024/', '')
                z.writestr('2024/01/a.json', '{"a": 1}')
                z.writestr('2024/02/b.json', '{"b": 2}')
                z.writestr('readme.txt', 'hello')
            """, in: directory)
        let read = Collected(.path(directory.path + "/archive.zip"), location: "archive.zip")
        #expect(read.error == nil)
        #expect(read.locations == ["archive.zip!/2024/01/a.json", "archive.zip!/2024/02/b.json", "archive.zip!/readme.txt"])
        #expect(read.text("archive.zip!/2024/02/b.json") == #"{"b": 2}"#)
        #expect(read.inputs.first?.input.entryPath == "2024/01/a.json")
        #expect(read.summary?.skipped == 1, "the directory entry is skipped")
        guard case .archive(let format, let filters)? = read.summary?.kind else {
            Issue.record("not read as an archive: \(String(describing: read.summary?.kind))")
            return
        }
        #expect(format.contains("ZIP"))
        #expect(filters.isEmpty)
    }

    @Test func tarGzWithNestedFoldersFromBytesAndDescriptor() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with tarfile.open('archive.tgz', 'w:gz') as t:
                tar_add(t, 'top', kind=tarfile.DIRTYPE)
                tar_add(t, './top/one/a.json', b'{"a": 1}')
                tar_add(t, 'top/two/deeper/b.json', b'{"b": 2}' * 10000)
            """, in: directory)
        let path = directory.path + "/archive.tgz"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        for source in [ArchiveByteSource.path(path), .bytes(bytes), .fileDescriptor(descriptor)] {
            let read = Collected(source, location: "archive.tgz", reader: ArchiveReader(chunkSize: 4096))
            #expect(read.error == nil)
            #expect(read.locations == ["archive.tgz!/top/one/a.json", "archive.tgz!/top/two/deeper/b.json"])
            #expect(read.text("archive.tgz!/top/two/deeper/b.json") == String(repeating: #"{"b": 2}"#, count: 10000))
            #expect(read.inputs.last?.input.declaredSize == 80000)
            #expect(read.inputs.last?.input.modificationTime == Date(timeIntervalSince1970: 1_700_000_000))
            guard case .archive(_, let filters)? = read.summary?.kind else {
                Issue.record("not read as an archive")
                continue
            }
            #expect(filters == ["gzip"])
        }
    }

    @Test func tarZstIsAnArchive() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python("with tarfile.open('a.tar', 'w') as t:\n    tar_add(t, 'x/y.txt', b'zstd inside')", in: directory)
        try Fixtures.shell("zstd -q a.tar -o a.tar.zst", in: directory)
        let read = Collected(.path(directory.path + "/a.tar.zst"), location: "a.tar.zst")
        #expect(read.error == nil)
        #expect(read.text("a.tar.zst!/x/y.txt") == "zstd inside")
    }

    @Test func cpioIsAnArchive() throws {
        // SVR4 "newc" cpio, written by hand (python has no cpio module, Debian no cpio by default).
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            out = b''
            entries = [('dir/a.txt', b'cpio entry', 0o100644), ('dir/link', b'a.txt', 0o120777), ('TRAILER!!!', b'', 0)]
            for number, (name, data, mode) in enumerate(entries):
                encoded = name.encode() + b'\\0'
                fields = [number + 1, mode, 0, 0, 1, 1700000000, len(data), 0, 0, 0, 0, len(encoded), 0]
                out += b'070701' + b''.join(b'%08X' % field for field in fields) + encoded
                out += b'\\0' * (-len(out) % 4) + data
                out += b'\\0' * (-len(out) % 4)
            open('a.cpio', 'wb').write(out)
            """, in: directory)
        let read = Collected(.path(directory.path + "/a.cpio"), location: "a.cpio")
        #expect(read.error == nil)
        #expect(read.locations == ["a.cpio!/dir/a.txt"])
        #expect(read.text("a.cpio!/dir/a.txt") == "cpio entry")
        #expect(read.rejected == ["a.cpio!/dir/link": .unsafeEntry])
        guard case .archive(let format, _)? = read.summary?.kind else {
            Issue.record("not read as an archive")
            return
        }
        #expect(format.contains("cpio"), "\(format)")
    }

    @Test func chunksAreNeverLargerThanTheChunkSize() throws {
        let directory = TemporaryDirectory()
        // Random bytes: 1 MiB of a repeated pattern compresses past the ratio limit and is refused.
        try Fixtures.python("open('big.gz', 'wb').write(gzip.compress(random.Random(3).randbytes(1 << 20)))", in: directory)
        var largest = 0, total = 0, chunks = 0, rejections = 0
        let reader = ArchiveReader(chunkSize: 1000)
        try reader.read(.path(directory.path + "/big.gz"), location: "big.gz") { _ in rejections += 1 } input: { _, stream in
            while let chunk = try stream.next() {
                largest = max(largest, chunk.count)
                total += chunk.count
                chunks += 1
            }
        }
        #expect(rejections == 0)
        #expect(largest <= 1000)
        #expect(total == 1 << 20)
        #expect(chunks >= total / 1000)
    }

    @Test func entriesGlobSelectsEntries() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with zipfile.ZipFile('a.zip', 'w') as z:
                for name in ['a.json', 'd/b.json', 'd/c.csv', 'e/f/g.json', 'notes.txt']:
                    z.writestr(name, name)
            """, in: directory)
        let json = Collected(.path(directory.path + "/a.zip"), location: "a.zip", reader: ArchiveReader(entries: ["*.json"]))
        #expect(json.locations == ["a.zip!/a.json", "a.zip!/d/b.json", "a.zip!/e/f/g.json"])
        #expect(json.summary?.skipped == 2)
        let two = Collected(.path(directory.path + "/a.zip"), location: "a.zip", reader: ArchiveReader(entries: ["d/*", "notes.*"]))
        #expect(two.locations == ["a.zip!/d/b.json", "a.zip!/d/c.csv", "a.zip!/notes.txt"])
    }

    @Test func inputNotReadToTheEndIsSkipped() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with tarfile.open('a.tar.gz', 'w:gz') as t:
                tar_add(t, 'first', b'x' * 300000)
                tar_add(t, 'second', b'second entry')
            """, in: directory)
        var seen: [String: Int] = [:]
        try ArchiveReader().read(.path(directory.path + "/a.tar.gz"), location: "a.tar.gz") { _ in } input: { input, stream in
            seen[input.location] = try stream.next()?.count ?? 0
        }
        #expect(seen == ["a.tar.gz!/first": 65536, "a.tar.gz!/second": 12])
    }

    @Test func missingFileIsAnIOErrorNamingIt() throws {
        let read = Collected(.path("/nonexistent/glean/x.zip"), location: "x.zip")
        #expect(read.error?.code == .io)
        #expect(read.error?.description.hasPrefix("x.zip: cannot open") == true)
    }
}
