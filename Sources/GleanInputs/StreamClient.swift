import CLibArchive
import GleanCore

/// Feeds libarchive from a `ByteStream` through its read callback (`archive_read_open`).
final class StreamClient {
    let stream: any ByteStream
    private let buffer: UnsafeMutableRawBufferPointer
    /// The stream's own error, when a read failed (libarchive only sees "read error").
    private(set) var failure: (any Error)?

    init(stream: any ByteStream, chunkSize: Int) {
        self.stream = stream
        buffer = .allocate(byteCount: chunkSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Opens `archive` on the stream; the client must outlive the reading.
    func open(_ archive: OpaquePointer) -> Int32 {
        archive_read_open(archive, Unmanaged.passUnretained(self).toOpaque(), nil, { _, data, output in
            guard let data, let output else { return -1 }
            let client = Unmanaged<StreamClient>.fromOpaque(data).takeUnretainedValue()
            do {
                let count = try client.stream.read(into: client.buffer)
                output.pointee = UnsafeRawPointer(client.buffer.baseAddress)
                return count
            } catch {
                client.failure = error
                return -1
            }
        }, nil)
    }
}
