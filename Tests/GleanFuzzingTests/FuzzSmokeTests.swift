import GleanFuzzing
import Testing

/// Runs every fuzz target on deterministic pseudo-random mutations of seed inputs, so the targets
/// keep compiling and their properties keep holding between real fuzzing sessions.
@Suite("Fuzz targets, smoke run")
struct FuzzSmokeTests {
    /// A small deterministic generator (SplitMix64).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [String] = [
        #"{"a":[1,2.5,-3e4,"\u4e2d",{"b":null}],"c":true,"d":"市场规模达504.4亿元"}"#,
        #"[{"a":1},{"b":"]},{"}, 7, "x", [[]], {"c":{"d":[false]}}]"#,
        "price > 10 and not exists(discount) or title matches '(?i)x' and tags contains 'a' and id in [1, 2]",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T &amp; &nbsp;</title><item><guid>1</guid><title>微短剧</title><pubDate>Mon, 21 Jul 2025 07:01:00 +0800</pubDate><description>&lt;p&gt;x&lt;/p&gt;</description></item></channel></rss>",
        "近日，国家广播电视总局发布通知。记者王晓明报道，《家里家外》由快手出品; The National Radio and Television Administration met President Lee in Beijing on July 21, 2025 (AB-12).\nLONDON 1996-12-06\n张伟、李娜和刘洋",
        "市场规模达504.4亿元，同比增长34.9%; the market grew from 368 million yuan in 2021 to over 37.39 billion yuan in 2023 [3], 647,000 jobs, 一百零五万, two-thirds",
        "id,name,note\r\n1,\"a, \"\"b\"\"\",\"two\nlines\"\n2,市场,\n\"open,3\n",
        "sources:\n  a: {type: json, path: '${SET}'}\ntransforms:\n  f: {type: filter, inputs: [a], where: 'x > 1'}\nsinks:\n  o: {type: json, inputs: [f], path: out.jsonl}\n",
    ]

    static func mutations(count: Int, seed: UInt64) -> [[UInt8]] {
        var generator = Generator(state: seed)
        let alphabet = Array("{}[]\",:\\ \n0123456789.eE-+truefalsnul'()<>=!andornot${}中".utf8)
        return (0..<count).map { _ in
            var bytes = Array(seeds.randomElement(using: &generator)!.utf8)
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let position = Int.random(in: 0...bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0 where !bytes.isEmpty: bytes.remove(at: min(position, bytes.count - 1))
                case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
                case 2 where !bytes.isEmpty: bytes[min(position, bytes.count - 1)] = UInt8.random(in: 0...255, using: &generator)
                default: bytes = Array(bytes[0..<min(position, bytes.count)])
                }
            }
            return bytes
        }
    }

    /// Runs `target` on `count` mutations; both accepted and rejected inputs must occur.
    private func exercise(_ target: (UnsafeRawBufferPointer) -> Bool, count: Int, seed: UInt64) {
        var accepted = 0
        for input in Self.mutations(count: count, seed: seed) where input.withUnsafeBytes(target) { accepted += 1 }
        #expect(accepted > 0, "no input was accepted: the mutations are too destructive")
        #expect(accepted < count, "every input was accepted: the error paths were not exercised")
    }

    @Test func jsonReader() { exercise(FuzzTargets.jsonReader, count: 3000, seed: 1) }
    @Test func jsonSplitter() { exercise(FuzzTargets.jsonSplitter, count: 2000, seed: 2) }
    @Test func condition() { exercise(FuzzTargets.condition, count: 3000, seed: 3) }
    @Test func pipelineFile() { exercise(FuzzTargets.pipelineFile, count: 400, seed: 4) }
    @Test func feed() { exercise(FuzzTargets.feed, count: 2000, seed: 5) }
    @Test func htmlAndDates() { exercise(FuzzTargets.htmlAndDates, count: 2000, seed: 6) }
    @Test func figures() { exercise(FuzzTargets.figures, count: 3000, seed: 7) }
    @Test func entities() { exercise(FuzzTargets.entities, count: 2000, seed: 11) }
    @Test func csv() { exercise(FuzzTargets.csv, count: 1500, seed: 9) }
    @Test func mainText() { exercise(FuzzTargets.mainText, count: 800, seed: 10) }
    @Test func document() { exercise(FuzzTargets.document, count: 600, seed: 11) }
}
