import Foundation
import GleanFuzzing
import Testing

/// Runs the archive fuzz target on deterministic byte mutations of the seeds in
/// `Fuzz/corpus/archive` (a zip, a tar.gz, a .gz).
@Suite("Fuzz targets, smoke run: archives")
struct ArchiveFuzzSmokeTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/corpus/archive").standardized

    @Test func archive() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).sorted()
        let seeds = try names.map { try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent($0))) }
        try #require(seeds.count >= 3, "seeds missing in \(Self.corpus.path)")
        for seed in seeds { #expect(seed.withUnsafeBytes(FuzzTargets.archive), "a seed is not accepted") }
        var generator = FuzzSmokeTests.Generator(state: 8)
        var accepted = 0
        let count = 1500
        for _ in 0..<count {
            var bytes = seeds.randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] ^= UInt8.random(in: 1...255, using: &generator)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                case 2 where bytes.count > 1: bytes.remove(at: position)
                default: bytes = Array(bytes[0..<max(position, 1)])
                }
            }
            if bytes.withUnsafeBytes(FuzzTargets.archive) { accepted += 1 }
        }
        #expect(accepted > 0, "no input was accepted: the mutations are too destructive")
        #expect(accepted < count, "every input was accepted: the error paths were not exercised")
    }
}
