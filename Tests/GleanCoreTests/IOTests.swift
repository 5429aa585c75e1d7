import Foundation
import GleanCore
import GleanTesting
import Testing

@Suite("Line reader, output file, input files")
struct IOTests {
    private func lines(of contents: String, chunkSize: Int = 4096, maximumLineBytes: Int = 1 << 20) throws -> [(Int, Int64, String, Bool)] {
        let directory = TemporaryDirectory()
        let path = directory.write("in.txt", contents)
        var reader = try LineReader(path: path, chunkSize: chunkSize, maximumLineBytes: maximumLineBytes)
        var result: [(Int, Int64, String, Bool)] = []
        while let line = try reader.nextLine({ ($0.number, $0.offset, String(decoding: $0.bytes, as: UTF8.self), $0.truncated) }) {
            result.append(line)
        }
        return result
    }

    @Test func readsLinesWithNumbersOffsetsAndCRLF() throws {
        let result = try lines(of: "a\r\nbb\n\nlast")
        #expect(result.map(\.0) == [1, 2, 3, 4])
        #expect(result.map(\.1) == [0, 3, 6, 7])
        #expect(result.map(\.2) == ["a", "bb", "", "last"])
    }

    @Test func linesSpanningChunksAreWhole() throws {
        let text = (0..<500).map { "line \($0) " + String(repeating: "中", count: $0 % 37) }.joined(separator: "\n") + "\n"
        let result = try lines(of: text, chunkSize: 4096)
        #expect(result.count == 500)
        #expect(result[499].2 == "line 499 " + String(repeating: "中", count: 499 % 37))
    }

    @Test func overlongLinesAreCutAndTheRestSkipped() throws {
        let text = "short\n" + String(repeating: "x", count: 10_000) + "\nafter\n"
        let result = try lines(of: text, chunkSize: 4096, maximumLineBytes: 4096)
        #expect(result.map(\.0) == [1, 2, 3])
        #expect(result[1].3 == true)
        #expect(result[1].2.count == 4096)
        #expect(result[2].2 == "after")
        #expect(result[2].1 == 10_007)
    }

    @Test func outputAppearsOnlyOnCommit() throws {
        let directory = TemporaryDirectory()
        var file = try OutputFile(path: directory.path + "/sub/out.txt")
        try file.write(Array("hello".utf8))
        try file.finish()
        #expect(directory.read("sub/out.txt") == nil)
        #expect(directory.list("sub").count == 1)  // the temporary file
        try file.commit()
        #expect(directory.read("sub/out.txt") == "hello")
        #expect(directory.list("sub") == ["out.txt"])
    }

    @Test func abortLeavesNothing() throws {
        let directory = TemporaryDirectory()
        var file = try OutputFile(path: directory.path + "/out.txt")
        try file.write(Array(repeating: 65, count: 3 << 20))
        file.abort()
        #expect(directory.list().isEmpty)
    }

    @Test func inputFilesExpandDirectoriesAndGlobs() throws {
        let directory = TemporaryDirectory()
        directory.write("a/1.jsonl", "")
        directory.write("a/b/2.jsonl", "")
        directory.write("a/b/3.txt", "")
        directory.write("a/.hidden.jsonl", "")
        let base = directory.path
        #expect(try InputFiles.expand(base + "/a") == [base + "/a/1.jsonl", base + "/a/b/2.jsonl", base + "/a/b/3.txt"])
        #expect(try InputFiles.expand(base + "/a/*.jsonl") == [base + "/a/1.jsonl"])
        #expect(try InputFiles.expand(base + "/a/**/*.jsonl") == [base + "/a/1.jsonl", base + "/a/b/2.jsonl"])
        #expect(throws: GleanError.self) { try InputFiles.expand(base + "/missing.jsonl") }
        #expect(throws: GleanError.self) { try InputFiles.expand(base + "/a/*.csv") }
    }
}
