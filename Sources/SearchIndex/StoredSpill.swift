import Synchronization

/// The file that compressed stored text moves to while a segment is built, shared by the writers whose
/// documents are flushed together, so that stored text (the bulk of a segment) does not stay in memory.
///
/// Pieces are appended one after the other behind room for a file header. At the flush, when every piece
/// belongs to the documents flushed, the file becomes the segment's `.stored` file where it is (`seal`): the
/// block index and trailer go after the pieces, the header before them, the footer last, and the file, made
/// without a name, gets the segment file's; the stored text is written once. Otherwise the writer copies the
/// pieces it needs into a new file.
///
/// Invariants: bytes `FileFormat.headerSize..<end` of the file are the pieces appended, in order, and
/// `checksum` is their CRC-32; once `closed` (the file was named, or could not be made or written), nothing
/// more is appended.
final class StoredSpill: @unchecked Sendable {
    private struct State {
        /// The file, once made (-1 before, or if it could not be).
        var fd: Int32 = -1
        /// Whether the file can be given a name.
        var linkable = false
        /// Whether appending is over: the file could not be made or written, or it became a segment's file.
        var closed = false
        var end = FileFormat.headerSize
        var checksum = Checksum.initial
    }

    /// The directory the file is made in (the index's).
    let directory: String
    private let state = Mutex(State())

    /// A spill whose file will be made in `directory` on the first append.
    init(directory: String) {
        self.directory = directory
    }

    deinit {
        let fd = state.withLock { $0.fd }
        if fd >= 0 { FileSystem.closeQuietly(fd) }
    }

    /// The name of the file in messages (and the prefix that tests inject faults at).
    private var path: String { "\(directory)/.scratch (stored text)" }

    /// Appends `bytes` and returns where they start in the file; nil if they could not be written (then the
    /// caller keeps them, and no more is appended).
    func append(_ bytes: UnsafeRawBufferPointer) -> Int? {
        state.withLock { state -> Int? in
            guard !state.closed else { return nil }
            if state.fd < 0 {
                guard let (fd, linkable) = FileSystem.createUnnamedFile(in: directory) else {
                    state.closed = true
                    return nil
                }
                (state.fd, state.linkable) = (fd, linkable)
            }
            do {
                try FileSystem.writeAll(state.fd, bytes, at: state.end, path: path)
            } catch {
                state.closed = true
                return nil
            }
            let start = state.end
            state.end += bytes.count
            state.checksum = Checksum.update(state.checksum, bytes)
            return start
        }
    }

    /// How many bytes the appended pieces take.
    var pieceBytes: Int { state.withLock { $0.end - FileFormat.headerSize } }

    /// Makes the file the `.stored` file of `segment` at `path`: `tail` (block index and trailer) after the
    /// pieces, then the header and the footer, synced, then named. False, with nothing named, if the file cannot
    /// be named on this system; it can then still be copied. After a failure it can be called again.
    func seal(path: String, segment: SegmentID, tail: [UInt8]) throws(IndexError) -> Bool {
        try state.withLock { state throws(IndexError) -> Bool in
            guard state.fd >= 0, state.linkable else { return false }
            let header = FileFormat.header(kind: .stored, segment: segment)
            var footer = tail
            withUnsafeBytes(of: FileFormat.footerMagic.littleEndian) { footer += $0 }
            var crc = header.withUnsafeBytes { Checksum.of($0) }
            crc = Checksum.combine(crc, state.checksum, secondCount: state.end - FileFormat.headerSize)
            crc = footer.withUnsafeBytes { Checksum.update(crc, $0) }
            withUnsafeBytes(of: crc.littleEndian) { footer += $0 }
            try Self.write(footer, to: state.fd, at: state.end, path: path)
            try Self.write(header, to: state.fd, at: 0, path: path)
            try FileSystem.truncate(state.fd, to: state.end + footer.count, path: path)
            try FileSystem.syncFile(state.fd, path: path)
            guard try FileSystem.link(state.fd, to: path) else {
                state.linkable = false
                return false
            }
            state.closed = true
            return true
        }
    }

    private static func write(_ bytes: [UInt8], to fd: Int32, at offset: Int, path: String) throws(IndexError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(IndexError) in try FileSystem.writeAll(fd, raw, at: offset, path: path) }
        }
        try result.get()
    }

    /// Appends the `count` bytes at `offset` of the file to `output`.
    func copy(_ offset: Int, count: Int, to output: FileOutput) throws(IndexError) {
        try state.withLock { state throws(IndexError) in
            precondition(
                state.fd >= 0 && offset >= FileFormat.headerSize && offset + count <= state.end,
                "copying bytes the spill does not hold")
            try output.append(count, bytesOf: state.fd, at: offset, path: path)
        }
    }
}
