import Foundation
import GleanCore
import GleanTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `OutputFile` in hostile places: planted links, devices, FIFOs, leftovers of killed runs.
@Suite("output files in shared directories")
struct OutputFileSafetyTests {
    private func writeAndCommit(_ path: String, _ text: String) throws {
        var file = try OutputFile(path: path)
        try file.write(Array(text.utf8))
        try file.commit()
    }

    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    @Test func aLinkPlantedUnderThePredictableTemporaryNameIsNotFollowed() throws {
        let work = TemporaryDirectory()
        let victim = work.write("victim.txt", "precious")
        // The names earlier versions used: `.NAME.glean-tmp-PID`.
        #expect(symlink(victim, work.path + "/.out.jsonl.glean-tmp-\(getpid())") == 0)
        try writeAndCommit(work.path + "/out.jsonl", "new\n")
        #expect(work.read("victim.txt") == "precious")
        #expect(work.read("out.jsonl") == "new\n")
    }

    @Test func theTemporaryFileIsPrivateUntilTheRename() throws {
        let work = TemporaryDirectory()
        var file = try OutputFile(path: work.path + "/out.jsonl")
        try file.write(Array("x".utf8))
        try file.flush()
        let temporary = try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasPrefix(".out.jsonl.glean-tmp-") }
        #expect(temporary.count == 1)
        var info = stat()
        #expect(stat(work.path + "/" + temporary[0], &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        try file.commit()
        #expect(stat(work.path + "/out.jsonl", &info) == 0)
        let mask = umask(0o022)
        umask(mask)
        #expect(info.st_mode & 0o777 == 0o666 & ~mask, "the committed file gets the usual mode")
    }

    @Test func aReplacedFileKeepsItsMode() throws {
        let work = TemporaryDirectory()
        let path = work.write("out.txt", "old")
        #expect(chmod(path, 0o640) == 0)
        try writeAndCommit(path, "new")
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o640)
        #expect(work.read("out.txt") == "new")
    }

    @Test func aFIFOIsWrittenDirectlyAndStaysAFIFO() async throws {
        let work = TemporaryDirectory()
        let fifo = work.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = try #require(openFIFOReader(fifo))
        try writeAndCommit(fifo, "through the pipe\n")
        #expect(String(decoding: await readToEnd(reader), as: UTF8.self) == "through the pipe\n")
        #expect(fileType(fifo) == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["pipe"])
    }

    @Test func aFIFOWithoutAReaderIsAnErrorNotAWait() throws {
        let work = TemporaryDirectory()
        #expect(mkfifo(work.path + "/pipe", 0o600) == 0)
        let error = try #require(throws: GleanError.self) { try OutputFile(path: work.path + "/pipe") }
        #expect(error.message.contains("no process is reading this FIFO"))
    }

    @Test func theProcesssOwnDescriptorsAreWrittenAsTheyAre() async throws {
        let pipe = Pipe()
        let path = "/dev/fd/\(pipe.fileHandleForWriting.fileDescriptor)"
        var file = try OutputFile(path: path)
        #expect(file.isDirect)
        try file.write(Array("inherited\n".utf8))
        try file.commit()
        try pipe.fileHandleForWriting.close()
        #expect(String(decoding: await readToEnd(pipe.fileHandleForReading), as: UTF8.self) == "inherited\n")
    }

    @Test func everyLinkOfAChainIsChecked() throws {
        guard geteuid() == 0 else { return }  // needs root to give a link away
        let work = TemporaryDirectory()
        let shared = work.path + "/spool"
        #expect(mkdir(shared, 0o777) == 0)
        #expect(chmod(shared, 0o777) == 0)  // writable by others, no sticky bit needed
        let victim = work.write("victim.txt", "precious")
        #expect(symlink(victim, shared + "/report.json") == 0)
        #expect(lchown(shared + "/report.json", 65534, 65534) == 0)
        #expect(symlink(shared + "/report.json", work.path + "/out.json") == 0)  // the user's own link
        let error = try #require(throws: GleanError.self) { try OutputFile(path: work.path + "/out.json") }
        #expect(error.message.contains("owned by another user"))
        #expect(work.read("victim.txt") == "precious")
    }

    @Test func aCharacterDeviceIsWrittenDirectlyAndNotReplaced() throws {
        let work = TemporaryDirectory()
        let device = work.path + "/null"
        // A null device node of our own (as root); elsewhere /dev/null itself, which is safe now.
        let path = mknod(device, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0 ? device : "/dev/null"
        var file = try OutputFile(path: path)
        #expect(file.isDirect)
        try file.write(Array("discarded".utf8))
        try file.commit()
        #expect(fileType(path) == S_IFCHR)
    }

    @Test func aLinkToAFileIsFollowedAndStaysALink() throws {
        let work = TemporaryDirectory()
        let target = work.write("real/out.txt", "old")
        #expect(symlink(target, work.path + "/link.txt") == 0)
        try writeAndCommit(work.path + "/link.txt", "new")
        #expect(fileType(work.path + "/link.txt") == S_IFLNK)
        #expect(work.read("real/out.txt") == "new")
    }

    @Test func aLinkThatPointsNowhereIsRefused() throws {
        let work = TemporaryDirectory()
        #expect(symlink(work.path + "/elsewhere/created.txt", work.path + "/out.txt") == 0)
        let error = try #require(throws: GleanError.self) { try OutputFile(path: work.path + "/out.txt") }
        #expect(error.message.contains("points to nothing"))
        #expect(!FileManager.default.fileExists(atPath: work.path + "/elsewhere"))
    }

    @Test func anotherUsersLinkInASharedStickyDirectoryIsRefused() throws {
        guard geteuid() == 0 else { return }  // needs root to give the link away
        let work = TemporaryDirectory()
        let shared = work.path + "/tmp"
        #expect(mkdir(shared, 0o777) == 0)
        #expect(chmod(shared, 0o1777) == 0)
        let victim = work.write("victim.txt", "precious")
        #expect(symlink(victim, shared + "/out.txt") == 0)
        #expect(lchown(shared + "/out.txt", 65534, 65534) == 0)
        let error = try #require(throws: GleanError.self) { try OutputFile(path: shared + "/out.txt") }
        #expect(error.message.contains("owned by another user"))
        #expect(work.read("victim.txt") == "precious")
    }

    @Test func temporaryFilesOfDeadRunsAreRemovedAndLiveOnesKept() throws {
        let work = TemporaryDirectory()
        // A PID that is not running: a child that has exited and been reaped.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = child.processIdentifier
        work.write(".out.jsonl.glean-tmp-\(dead)-0abc", "left by kill -9")
        work.write(".out.jsonl.glean-tmp-\(dead)", "left by an older version")
        work.write(".out.jsonl.glean-tmp-1-0abc", "pid 1 is alive")
        work.write(".other.jsonl.glean-tmp-\(dead)-0abc", "another output's")
        var file = try OutputFile(path: work.path + "/out.jsonl")
        #expect(Set(file.removedStaleFiles.map { URL(fileURLWithPath: $0).lastPathComponent })
            == [".out.jsonl.glean-tmp-\(dead)-0abc", ".out.jsonl.glean-tmp-\(dead)"])
        file.abort()
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: work.path))
        #expect(left == [".out.jsonl.glean-tmp-1-0abc", ".other.jsonl.glean-tmp-\(dead)-0abc"])
    }

    @Test func aDirectoryIsNotAnOutput() throws {
        let work = TemporaryDirectory()
        #expect(mkdir(work.path + "/out", 0o755) == 0)
        let error = try #require(throws: GleanError.self) { try OutputFile(path: work.path + "/out") }
        #expect(error.message.contains("a directory"))
    }
}

