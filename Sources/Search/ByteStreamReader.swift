#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lines and counted blocks read from a `ByteChunkSource` through one buffer, for the streaming readers (JSONL,
/// WARC). It tracks the output offset of the next unread byte, so records can be named by their position.
final class ByteStreamReader {
    /// A line, or the news that it was longer than allowed (it has been skipped).
    enum Line {
        /// The line's bytes, without the line feed (a carriage return before it is kept).
        case line(ArraySlice<UInt8>)
        /// The line was longer than the limit and was skipped up to its line feed.
        case tooLong
    }

    private let source: ByteChunkSource
    private var buffer: [UInt8] = []
    /// Index in `buffer` of the next unread byte.
    private var start = 0
    private var ended = false
    /// The output offset of `buffer[start]`.
    private(set) var offset = 0

    /// Reads from `source`.
    init(_ source: ByteChunkSource) {
        self.source = source
    }

    /// The position in the underlying file from which the next unread byte can be read again.
    var inputOffset: Int { source.inputOffset(ofOutputOffset: offset) }

    /// The next bytes, at least `minimum` unless the stream ends first, without consuming them.
    func peek(minimum: Int) throws -> ArraySlice<UInt8> {
        while buffer.count - start < minimum, try fill() {}
        return buffer[start...]
    }

    /// The next line, nil at the end of the stream. A line longer than `maximum` bytes is skipped.
    func readLine(maximum: Int) throws -> Line? {
        // Bytes after `start` already known to hold no line feed, so each byte is searched once.
        var searchedCount = 0
        while true {
            if let newline = Self.lineFeed(in: buffer, from: start + searchedCount) {
                let line = buffer[start..<newline]
                consume(newline + 1 - start)
                return .line(line)
            }
            searchedCount = buffer.count - start
            if searchedCount > maximum {
                consume(searchedCount)
                try skipPastLineFeed()
                return .tooLong
            }
            guard try fill() else {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                consume(buffer.count - start)
                return .line(line)
            }
        }
    }

    /// The index of the first line feed in `bytes[from...]`, found by `memchr` (a generic `firstIndex(of:)` spent
    /// several instructions per byte).
    private static func lineFeed(in bytes: [UInt8], from: Int) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard from < buffer.count, let base = buffer.baseAddress,
                let found = memchr(base + from, 0x0A, buffer.count - from)
            else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Up to `count` bytes; fewer only at the end of the stream.
    func read(_ count: Int) throws -> [UInt8] {
        while buffer.count - start < count, try fill() {}
        let taken = min(count, buffer.count - start)
        let bytes = Array(buffer[start..<start + taken])
        consume(taken)
        return bytes
    }

    /// Discards up to `count` bytes without keeping them; returns how many there were.
    @discardableResult
    func skip(_ count: Int) throws -> Int {
        var skipped = 0
        while skipped < count {
            if start == buffer.count { guard try fill() else { break } }
            let taken = min(count - skipped, buffer.count - start)
            consume(taken)
            skipped += taken
        }
        return skipped
    }

    /// After a read error: drops what is buffered and lets the source skip to where reading can go on; false when
    /// nothing more can be read.
    func recover() -> Bool {
        offset += buffer.count - start
        buffer.removeAll(keepingCapacity: true)
        start = 0
        guard source.resynchronize() else {
            ended = true
            return false
        }
        return true
    }

    private func skipPastLineFeed() throws {
        while true {
            if start == buffer.count { guard try fill() else { return } }
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                consume(newline + 1 - start)
                return
            }
            consume(buffer.count - start)
        }
    }

    private func consume(_ count: Int) {
        start += count
        offset += count
    }

    /// Appends the source's next chunk, compacting the buffer first; false at the end of the stream.
    private func fill() throws -> Bool {
        guard !ended else { return false }
        guard let chunk = try source.nextChunk() else {
            ended = true
            return false
        }
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer += chunk
        return true
    }
}
