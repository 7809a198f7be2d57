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
        // The system's read returns what a pipe holds now; FileHandle's would wait for a full chunk.
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        var count: Int
        repeat {
            count = chunk.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        if count < 0 {
            ended = true
            throw SourceError.unreadable("\(origin): \(String(cString: strerror(errno)))")
        }
        guard count > 0 else {
            ended = true
            return nil
        }
        chunk.removeLast(chunk.count - count)
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
