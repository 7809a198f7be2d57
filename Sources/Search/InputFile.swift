#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file or standard input read in chunks, counting the bytes in an `InputMonitor`.
///
/// Pipes and terminals are polled, so that a reader waiting for slow input keeps calling the monitor's
/// `whileWaiting` (which can flush, commit or stop) instead of blocking in `read`.
final class InputFile: ByteChunkSource {
    /// Bytes asked of the system per read.
    static let chunkSize = 1 << 20

    private let handle: FileHandle
    private let ownsHandle: Bool
    private let isRegularFile: Bool
    private let monitor: InputMonitor?
    private let origin: String
    private var peeked: [UInt8] = []
    private var ended = false
    /// For a regular file, the bytes its size says are still to come (a read asks for no more, plus one byte to
    /// see the end); otherwise nil.
    private var remaining: Int?

    /// Opens `path` for reading; nil when it cannot be opened.
    convenience init?(path: String, monitor: InputMonitor?) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.init(handle: handle, owned: true, origin: path, monitor: monitor)
    }

    /// Reads from `handle` (standard input); the handle is not closed.
    init(handle: FileHandle, owned: Bool, origin: String, monitor: InputMonitor?) {
        self.handle = handle
        self.ownsHandle = owned
        self.origin = origin
        self.monitor = monitor
        var status = stat()
        isRegularFile = fstat(handle.fileDescriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        remaining = isRegularFile ? Int(status.st_size) : nil
    }

    deinit {
        if ownsHandle { try? handle.close() }
    }

    /// The first bytes of the file, at least `minimum` unless it is shorter; they are still returned by
    /// `nextChunk` afterwards.
    func peek(minimum: Int) throws -> [UInt8] {
        while peeked.count < minimum, let chunk = try readFromSystem() {
            peeked += chunk
        }
        return peeked
    }

    func nextChunk() throws -> [UInt8]? {
        if !peeked.isEmpty {
            defer { peeked = [] }
            return peeked
        }
        return try readFromSystem()
    }

    func inputOffset(ofOutputOffset outputOffset: Int) -> Int { outputOffset }

    func resynchronize() -> Bool { false }

    private func readFromSystem() throws -> [UInt8]? {
        guard !ended else { return nil }
        if !isRegularFile { try waitUntilReadable() }
        // The system's read returns what a pipe holds now; FileHandle's would wait for a full chunk. A small file
        // gets a buffer of its size, not a megabyte, and the buffer is not cleared before the read fills it.
        let capacity = min(Self.chunkSize, (remaining ?? Self.chunkSize) + 1)
        var count = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            repeat {
                count = read(handle.fileDescriptor, buffer.baseAddress, capacity)
            } while count < 0 && errno == EINTR
            initialized = max(count, 0)
        }
        if count < 0 {
            ended = true
            throw SourceError.unreadable("\(origin): \(String(cString: strerror(errno)))")
        }
        guard count > 0 else {
            ended = true
            return nil
        }
        remaining = remaining.map { max(0, $0 - count) }
        monitor?.bytesRead += count
        return chunk
    }

    /// Polls the descriptor, calling the monitor's `whileWaiting` between polls, until there is input or its end.
    private func waitUntilReadable() throws {
        guard let monitor else { return }
        let milliseconds = Int32(max(1, min(monitor.waitInterval * 1000, 60_000)))
        while true {
            var descriptor = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 || (ready < 0 && errno != EINTR) { return }
            try monitor.whileWaiting()
        }
    }
}
