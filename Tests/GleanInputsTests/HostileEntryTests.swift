import Foundation
import GleanCore
import GleanInputs
import GleanTesting
import Testing

/// Hostile archives: every bad entry is rejected with a code and a reason, and the good entries
/// around it are still read.
@Suite("Archive reader: hostile entries")
struct HostileEntryTests {
    @Test func unsafeNamesAndLinksInTarAreRejected() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with tarfile.open('bad.tar', 'w') as t:
                tar_add(t, 'good/before.txt', b'before')
                tar_add(t, '/etc/absolute', b'x')
                tar_add(t, '../escape.txt', b'x')
                tar_add(t, 'a/../../escape2.txt', b'x')
                tar_add(t, 'link', kind=tarfile.SYMTYPE, link='/etc/passwd')
                tar_add(t, 'hard', kind=tarfile.LNKTYPE, link='good/before.txt')
                tar_add(t, 'device', kind=tarfile.CHRTYPE)
                tar_add(t, 'good/after.txt', b'after')
            """, in: directory)
        let read = Collected(.path(directory.path + "/bad.tar"), location: "bad.tar")
        #expect(read.error == nil)
        #expect(read.locations == ["bad.tar!/good/before.txt", "bad.tar!/good/after.txt"])
        #expect(
            read.rejected == [
                "bad.tar!//etc/absolute": .unsafeEntry, "bad.tar!/../escape.txt": .unsafeEntry,
                "bad.tar!/a/../../escape2.txt": .unsafeEntry, "bad.tar!/link": .unsafeEntry, "bad.tar!/hard": .unsafeEntry,
                "bad.tar!/device": .unsafeEntry,
            ])
        let reasons = Dictionary(uniqueKeysWithValues: read.rejections.map { ($0.location, $0.reason) })
        #expect(reasons["bad.tar!//etc/absolute"]?.contains("absolute") == true)
        #expect(reasons["bad.tar!/../escape.txt"]?.contains("'..'") == true)
        #expect(reasons["bad.tar!/link"]?.contains("symbolic link") == true)
        #expect(reasons["bad.tar!/hard"]?.contains("hard link") == true)
        #expect(read.summary?.rejected == 6)
        #expect(read.rejections.allSatisfy { !$0.stoppedArchive })
        #expect(read.rejections.first?.error.description == "bad.tar!//etc/absolute: the entry's name is an absolute path")
    }

    @Test func unsafeNamesAndSymlinksInZipAreRejected() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with zipfile.ZipFile('bad.zip', 'w') as z:
                z.writestr('ok.txt', 'ok')
                z.writestr('/abs.txt', 'x')
                z.writestr('../up.txt', 'x')
                z.writestr('dir\\\\..\\\\..\\\\win.txt', 'x')
                link = zipfile.ZipInfo('link')
                link.create_system = 3
                link.external_attr = 0o120777 << 16
                z.writestr(link, '/etc/passwd')
                z.writestr('ok2.txt', 'ok2')
            """, in: directory)
        let read = Collected(.path(directory.path + "/bad.zip"), location: "bad.zip")
        #expect(read.error == nil)
        #expect(read.locations == ["bad.zip!/ok.txt", "bad.zip!/ok2.txt"])
        #expect(read.rejections.count == 4)
        #expect(read.rejections.allSatisfy { $0.code == .unsafeEntry })
        #expect(read.rejected["bad.zip!/link"] == .unsafeEntry)
    }

    @Test func encryptedZipEntryIsRejectedAndTheOthersRead() throws {
        let directory = TemporaryDirectory()
        directory.write("secret.txt", "the secret")
        directory.write("open.txt", "not secret")
        try Fixtures.shell("zip -q -P password enc.zip secret.txt && zip -q enc.zip open.txt", in: directory)
        let read = Collected(.path(directory.path + "/enc.zip"), location: "enc.zip")
        #expect(read.error == nil)
        #expect(read.locations == ["enc.zip!/open.txt"])
        #expect(read.text("enc.zip!/open.txt") == "not secret")
        #expect(read.rejected == ["enc.zip!/secret.txt": .encryptedEntry])
    }

    @Test func entryOverTheDeclaredSizeLimitIsRejectedBeforeReading() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with tarfile.open('big.tar.gz', 'w:gz') as t:
                tar_add(t, 'small.txt', b'small')
                tar_add(t, 'big.bin', b'\\0' * 200000)
                tar_add(t, 'after.txt', b'after')
            """, in: directory)
        let reader = ArchiveReader(limits: ArchiveLimits(maximumEntryBytes: 100_000))
        let read = Collected(.path(directory.path + "/big.tar.gz"), location: "big.tar.gz", reader: reader)
        #expect(read.error == nil)
        #expect(read.locations == ["big.tar.gz!/small.txt", "big.tar.gz!/after.txt"])
        #expect(read.rejected == ["big.tar.gz!/big.bin": .limitExceeded])
        #expect(read.rejections.first?.reason.contains("200000 bytes") == true)
    }

    @Test func streamOverTheSizeLimitIsCutOffWhileStreaming() throws {
        // A gzip stream declares no size: the limit is found while reading.
        let directory = TemporaryDirectory()
        try Fixtures.python("open('big.gz', 'wb').write(gzip.compress(os.urandom(300000)))", in: directory)
        var handed: Int64 = 0
        var rejections: [RejectedEntry] = []
        var thrown: (any Error)?
        try ArchiveReader(limits: ArchiveLimits(maximumEntryBytes: 100_000)).read(.path(directory.path + "/big.gz"), location: "big.gz") {
            rejections.append($0)
        } input: { _, stream in
            do { try stream.forEachChunk { handed += Int64($0.count) } } catch {
                thrown = error
                throw error
            }
        }
        #expect(rejections.map(\.location) == ["big.gz"])
        #expect(rejections.first?.code == .limitExceeded)
        #expect((thrown as? GleanError)?.code == .limitExceeded, "the stream tells the caller to drop the partial input")
        #expect(handed <= 100_000, "no chunk past the limit is handed over: \(handed)")
    }

    @Test func zipBombIsStoppedByTheCompressionRatio() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with zipfile.ZipFile('bomb.zip', 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
                z.writestr('readme.txt', 'hello')
                z.writestr('zeros.bin', b'\\0' * (64 << 20))
                z.writestr('more.bin', b'\\0' * (64 << 20))
            """, in: directory)
        let compressed = try FileManager.default.attributesOfItem(atPath: directory.path + "/bomb.zip")[.size] as! Int
        var handed: Int64 = 0
        var rejections: [RejectedEntry] = []
        let summary = try ArchiveReader().read(.path(directory.path + "/bomb.zip"), location: "bomb.zip") {
            rejections.append($0)
        } input: { _, stream in
            try stream.forEachChunk { handed += Int64($0.count) }
        }
        #expect(rejections.map(\.location) == ["bomb.zip!/zeros.bin"])
        #expect(rejections.first?.code == .limitExceeded)
        #expect(rejections.first?.stoppedArchive == true)
        #expect(rejections.first?.reason.contains("compression ratio") == true)
        #expect(summary.inputs == 1, "readme.txt only; more.bin is not read")
        #expect(handed <= 200 * Int64(compressed), "stopped within the ratio: \(handed) bytes from \(compressed)")
        #expect(handed < 16 << 20, "stopped soon after the grace bytes, not at 128 MiB: \(handed) bytes")
    }

    @Test func gzipBombIsStoppedByTheCompressionRatio() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python("open('bomb.json.gz', 'wb').write(gzip.compress(b' ' * (64 << 20), 9))", in: directory)
        let read = Collected(.path(directory.path + "/bomb.json.gz"), location: "bomb.json.gz")
        #expect(read.inputs.isEmpty)
        #expect(read.rejected == ["bomb.json.gz": .limitExceeded])
    }

    @Test func totalBytesLimitStopsTheArchive() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with tarfile.open('many.tar', 'w') as t:
                for i in range(10):
                    tar_add(t, 'f%d' % i, os.urandom(10000))
            """, in: directory)
        let reader = ArchiveReader(limits: ArchiveLimits(maximumTotalBytes: 35_000))
        let read = Collected(.path(directory.path + "/many.tar"), location: "many.tar", reader: reader)
        #expect(read.error == nil)
        #expect(read.locations == ["many.tar!/f0", "many.tar!/f1", "many.tar!/f2"])
        #expect(read.rejected == ["many.tar!/f3": .limitExceeded])
        #expect(read.rejections.first?.stoppedArchive == true)
    }

    @Test func hundredThousandTinyEntriesHitTheCountLimit() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            # ustar headers written directly: tarfile takes ~20 s for 100,000 entries on a busy machine.
            def header(name):
                h = bytearray(512)
                h[0:len(name)] = name
                h[100:108] = b'0000644\\0'; h[108:116] = b'0000000\\0'; h[116:124] = b'0000000\\0'
                h[124:136] = b'00000000002\\0'; h[136:148] = b'14524770400\\0'; h[148:156] = b' ' * 8
                h[156:157] = b'0'; h[257:263] = b'ustar\\0'; h[263:265] = b'00'
                h[148:156] = b'%06o\\0 ' % sum(h)
                return bytes(h)
            data = b'{}' + b'\\0' * 510
            with gzip.open('tiny.tar.gz', 'wb', compresslevel=1) as f:
                for i in range(100000):
                    f.write(header(b'd%d/%d.json' % (i % 100, i)) + data)
                f.write(b'\\0' * 1024)
            """, in: directory)
        let path = directory.path + "/tiny.tar.gz"
        let limited = ArchiveReader(limits: ArchiveLimits(maximumEntries: 50_000))
        var inputs = 0
        var rejections: [RejectedEntry] = []
        try limited.read(.path(path), location: "tiny.tar.gz") { rejections.append($0) } input: { _, stream in
            try stream.forEachChunk { _ in }
            inputs += 1
        }
        #expect(inputs == 50_000)
        #expect(rejections.count == 1)
        #expect(rejections.first?.location == "tiny.tar.gz!/d0/50000.json")
        #expect(rejections.first?.stoppedArchive == true)

        // With the default limit every entry is read, streamed: nothing is kept per entry.
        let started = ContinuousClock.now
        let summary = try ArchiveReader().read(.path(path), location: "tiny.tar.gz") { _ in } input: { _, stream in
            try stream.forEachChunk { _ in }
        }
        #expect(summary.inputs == 100_000)
        #expect(summary.uncompressedBytes == 200_000)
        print("100,000 tiny tar.gz entries read in \(ContinuousClock.now - started)")
    }

    @Test func truncatedTarGzKeepsTheEntriesBeforeAndNamesTheBrokenOne() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            data = random.Random(7).randbytes(400000)
            with tarfile.open('whole.tar.gz', 'w:gz') as t:
                tar_add(t, 'docs/first.txt', b'first entry')
                tar_add(t, 'docs/second.bin', data)
                tar_add(t, 'docs/third.txt', b'third entry')
            whole = open('whole.tar.gz', 'rb').read()
            open('cut.tar.gz', 'wb').write(whole[:len(whole) // 2])
            """, in: directory)
        let read = Collected(.path(directory.path + "/cut.tar.gz"), location: "cut.tar.gz")
        #expect(read.locations == ["cut.tar.gz!/docs/first.txt"])
        #expect(read.text("cut.tar.gz!/docs/first.txt") == "first entry")
        let error = try #require(read.error)
        #expect(error.code == .malformedInput)
        #expect(error.location == .file(path: "cut.tar.gz!/docs/second.bin", line: nil, column: nil))
        #expect(error.message.contains("truncated gzip input"), "libarchive's own words are kept: \(error.message)")
    }

    @Test func truncatedGzipStreamIsAnErrorAtTheSource() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            "whole = gzip.compress(random.Random(5).randbytes(300000)); open('cut.gz', 'wb').write(whole[:len(whole) // 2])",
            in: directory)
        var handed = 0
        let reader = ArchiveReader()
        #expect {
            try reader.read(.path(directory.path + "/cut.gz"), location: "cut.gz") { _ in } input: { _, stream in
                try stream.forEachChunk { handed += $0.count }
            }
        } throws: { error in
            guard let error = error as? GleanError else { return false }
            return error.code == .malformedInput && error.location == .file(path: "cut.gz", line: nil, column: nil)
        }
        #expect(handed > 0 && handed < 300_000, "the bytes before the cut were streamed: \(handed)")
    }

    @Test func corruptZipIsAMalformedInputError() throws {
        let directory = TemporaryDirectory()
        try Fixtures.python(
            """
            with zipfile.ZipFile('a.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('one.txt', 'one ' * 1000)
                z.writestr('two.txt', 'two ' * 1000)
            raw = bytearray(open('a.zip', 'rb').read())
            start = raw.find(b'two.txt') + 7
            for i in range(start, start + 20):
                raw[i] ^= 0x55
            open('bad.zip', 'wb').write(raw)
            """, in: directory)
        let read = Collected(.path(directory.path + "/bad.zip"), location: "bad.zip")
        #expect(read.locations == ["bad.zip!/one.txt"])
        #expect(read.error?.code == .malformedInput)
        #expect(read.error?.location == .file(path: "bad.zip!/two.txt", line: nil, column: nil))
    }
}
