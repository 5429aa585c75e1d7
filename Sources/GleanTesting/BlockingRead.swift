import Foundation

/// Reads `handle` to its end on a thread of its own and returns the bytes.
///
/// Blocking reads (a child's pipe, a FIFO) must never run on Swift's cooperative pool: it has one
/// thread per core, so two tests waiting on pipes stall every other test on a 2-core machine.
public func readToEnd(_ handle: FileHandle) async -> Data {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(returning: handle.readDataToEndOfFile())
        }
    }
}

/// Opens `path` for reading and reads it to its end on a thread of its own (a FIFO's open blocks
/// until a writer comes, so the open happens there too).
public func readToEnd(path: String) async -> Data? {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(returning: FileHandle(forReadingAtPath: path)?.readDataToEndOfFile())
        }
    }
}

/// Opens a FIFO's reading end without waiting for a writer, then makes its reads block again: the
/// reader a FIFO output needs before anything writes to it.
public func openFIFOReader(_ path: String) -> FileHandle? {
    let fd = open(path, O_RDONLY | O_NONBLOCK)
    guard fd >= 0 else { return nil }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
}
