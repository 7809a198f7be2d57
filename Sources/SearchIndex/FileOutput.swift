/// A buffered, append-only file writer that tracks its position and the running CRC-32 of everything written.
/// Made with `init(inMemory:)`, it keeps the bytes in memory instead, until `copy(to:)` appends them to a file.
///
/// Writes never throw: the first failed system call is remembered, later writes are dropped, and `finish()`
/// (footer, fsync, close) reports it. Invariant: `buffer[0..<used]` holds bytes not yet handed to the kernel
/// (or to `memory`), `flushed` counts bytes already handed over, and `checksum` covers exactly the flushed bytes
/// of a file (an output in memory keeps none).
final class FileOutput {
    /// The file's path.
    let path: String
    private var fd: Int32
    private let buffer: UnsafeMutableRawPointer
    private static let capacity = 1 << 16
    private var used = 0
    private var flushed = 0
    private var checksum = Checksum.initial
    private var failure: IndexError?
    /// Whether the bytes go to `memory` rather than to a file.
    private let inMemory: Bool
    /// The flushed bytes of an output in memory.
    private var memory = _UnsafeGrowableArray<UInt8>(capacity: 1)

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws(IndexError) {
        self.path = path
        self.fd = try FileSystem.openForWriting(path)
        self.buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.capacity, alignment: 16)
        inMemory = false
    }

    /// An output that keeps its bytes in memory, to be appended to a file with `copy(to:)`; `name` is for
    /// messages.
    init(inMemory name: String) {
        path = name
        fd = -1
        buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.capacity, alignment: 16)
        inMemory = true
    }

    /// Every byte written so far (an output in memory only).
    func takeBytes() -> [UInt8] {
        precondition(inMemory, "only an output in memory hands over its bytes")
        drain()
        return Array(memory.buffer)
    }

    /// Appends every byte written so far to `output` and lets go of them (an output in memory only).
    func copy(to output: FileOutput) {
        precondition(inMemory, "only an output in memory is copied")
        drain()
        output.writeBytes(UnsafeRawBufferPointer(memory.buffer))
        memory = _UnsafeGrowableArray<UInt8>(capacity: 1)
    }

    /// Appends the `count` bytes at `start` of the file open as `source` (named `path` in errors), read 1 MB at
    /// a time.
    func append(_ count: Int, bytesOf source: Int32, at start: Int, path: String) throws(IndexError) {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        var offset = 0
        while offset < count {
            let part = UnsafeMutableRawBufferPointer(rebasing: chunk[0..<min(chunk.count, count - offset)])
            try FileSystem.readAll(source, at: start + offset, into: part, path: path)
            writeBytes(UnsafeRawBufferPointer(part))
            offset += part.count
        }
    }

    deinit {
        if fd >= 0 { FileSystem.closeQuietly(fd) }
        buffer.deallocate()
    }

    /// The number of bytes written so far (the offset of the next byte).
    var position: Int { flushed + used }

    @inline(__always)
    func writeByte(_ byte: UInt8) {
        if used == Self.capacity { drain() }
        buffer.storeBytes(of: byte, toByteOffset: used, as: UInt8.self)
        used += 1
    }

    @inline(__always)
    func writeUInt32(_ value: UInt32) {
        if used + 4 > Self.capacity { drain() }
        buffer.storeBytes(of: value.littleEndian, toByteOffset: used, as: UInt32.self)
        used += 4
    }

    @inline(__always)
    func writeUInt64(_ value: UInt64) {
        if used + 8 > Self.capacity { drain() }
        buffer.storeBytes(of: value.littleEndian, toByteOffset: used, as: UInt64.self)
        used += 8
    }

    @inline(__always)
    func writeVByte(_ value: UInt64) {
        if used + VByte.maximumLength > Self.capacity { drain() }
        used += VByte.encode(value, into: (buffer + used).assumingMemoryBound(to: UInt8.self))
    }

    func writeBytes(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        if bytes.count > Self.capacity {
            drain()
            commit(bytes)
            return
        }
        if used + bytes.count > Self.capacity { drain() }
        (buffer + used).copyMemory(from: source, byteCount: bytes.count)
        used += bytes.count
    }

    func writeBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeBytes($0) }
    }

    /// Reserves `count` contiguous bytes (at most 1 KiB) in the buffer and returns where to store them.
    @inline(__always)
    func reserve(_ count: Int) -> UnsafeMutableRawPointer {
        assert(count <= 1024)
        if used + count > Self.capacity { drain() }
        let pointer = buffer + used
        used += count
        return pointer
    }

    /// Appends the footer (magic and CRC-32), then flushes, fsyncs and closes the file.
    func finish() throws(IndexError) {
        writeUInt32(FileFormat.footerMagic)
        drain()
        let crc = checksum
        var tail = crc.littleEndian
        withUnsafeBytes(of: &tail) { commit($0) }
        if let failure {
            close()
            throw failure
        }
        do throws(IndexError) {
            try FileSystem.syncFile(fd, path: path)
        } catch {
            close()
            throw error
        }
        let descriptor = fd
        fd = -1
        try FileSystem.closeFile(descriptor, path: path)
    }

    /// Closes the file without a footer (after a failure elsewhere); the partial file is garbage.
    func close() {
        if fd >= 0 { FileSystem.closeQuietly(fd) }
        fd = -1
    }

    private func drain() {
        if used == 0 { return }
        commit(UnsafeRawBufferPointer(start: buffer, count: used))
        used = 0
    }

    private func commit(_ bytes: UnsafeRawBufferPointer) {
        if inMemory {
            memory.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
            flushed += bytes.count
            return
        }
        guard failure == nil else {
            flushed += bytes.count
            return
        }
        do throws(IndexError) {
            try FileSystem.writeAll(fd, bytes, path: path)
        } catch {
            failure = error
        }
        checksum = Checksum.update(checksum, bytes)
        flushed += bytes.count
    }
}
