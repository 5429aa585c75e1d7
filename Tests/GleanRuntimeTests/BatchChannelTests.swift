import GleanCore
@testable import GleanRuntime
import Testing

@Suite("Batch channel")
struct BatchChannelTests {
    private func batch(_ count: Int, from start: Int = 0) -> [Record] {
        (start..<(start + count)).map { Record(fields: ["n": .int(Int64($0))], origin: RecordOrigin(stage: "t", index: $0)) }
    }

    @Test func deliversInOrderAndEndsWhenProducersFinish() async throws {
        let channel = BatchChannel(capacity: 8, producers: 1)
        let producer = Task {
            for i in 0..<50 { try await channel.send(batch(3, from: i * 3)) }
            channel.producerFinished()
        }
        var received: [Record] = []
        while let next = try await channel.receive() {
            received += next
            #expect(channel.bufferedRecords <= 8)
        }
        try await producer.value
        #expect(received.map { $0["n"] } == (0..<150).map { .int(Int64($0)) })
        #expect(channel.peakBufferedRecords <= 8)
    }

    @Test func oversizedBatchesAreSplitToTheCapacity() async throws {
        let channel = BatchChannel(capacity: 4, producers: 1)
        let producer = Task {
            try await channel.send(batch(10))
            channel.producerFinished()
        }
        var sizes: [Int] = []
        while let next = try await channel.receive() { sizes.append(next.count) }
        try await producer.value
        #expect(sizes.reduce(0, +) == 10)
        #expect(sizes.allSatisfy { $0 <= 4 })
        #expect(channel.peakBufferedRecords <= 4)
    }

    @Test func aFullChannelSuspendsTheSender() async throws {
        let channel = BatchChannel(capacity: 5, producers: 1)
        try await channel.send(batch(5))
        let blocked = Task { try await channel.send(batch(1, from: 5)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(channel.bufferedRecords == 5)  // the sixth record is still waiting
        _ = try await channel.receive()
        try await blocked.value
        #expect(channel.bufferedRecords == 1)
    }

    @Test func cancelFailsWaitingSendersAndReceivers() async throws {
        let channel = BatchChannel(capacity: 1, producers: 2)
        let receiver = Task { try await channel.receive() }
        try await Task.sleep(for: .milliseconds(20))
        channel.cancel()
        await #expect(throws: CancellationError.self) { try await receiver.value }
        await #expect(throws: CancellationError.self) { try await channel.send(batch(1)) }
    }
}
