import SearchAnalysis

/// The commit point: which segments make up the index. Stored as the file `manifest`, replaced atomically
/// (written as `manifest.tmp`, synced, renamed over `manifest`, directory synced) at every commit.
///
///     header (kind "MANI", segment id 0)
///     generation u64 | nextSegmentNumber u64 | analyzer: VByte length | UTF-8 name
///     segmentCount VByte, then per segment: name: VByte length | bytes | id 2 × u64 | documentCount u64 |
///         deleteGeneration u64 (0: no deletions) | deletedCount u64
///     footer
struct Manifest: Equatable {
    /// The file name of the commit point.
    static let fileName = "manifest"
    /// The name it is written under before the atomic rename.
    static let temporaryFileName = "manifest.tmp"

    /// Increases by one at every commit.
    var generation: UInt64
    /// The number the next new segment's name gets.
    var nextSegmentNumber: UInt64
    /// The analyzer every document and query of the index goes through.
    var analyzer: AnalyzerKind
    /// The live segments, oldest first.
    var segments: [SegmentInfo]

    /// Writes the manifest durably and atomically into `directory` (see the type's documentation).
    func publish(in directory: String) throws(IndexError) {
        let temporary = "\(directory)/\(Self.temporaryFileName)"
        let output = try FileOutput(path: temporary)
        FileFormat.writeHeader(output, kind: .manifest, segment: .none)
        output.writeUInt64(generation)
        output.writeUInt64(nextSegmentNumber)
        let analyzerName = Array(analyzer.rawValue.utf8)
        output.writeVByte(UInt64(analyzerName.count))
        output.writeBytes(analyzerName)
        output.writeVByte(UInt64(segments.count))
        for segment in segments {
            let name = Array(segment.name.utf8)
            output.writeVByte(UInt64(name.count))
            output.writeBytes(name)
            output.writeUInt64(segment.id.high)
            output.writeUInt64(segment.id.low)
            output.writeUInt64(UInt64(segment.documentCount))
            output.writeUInt64(segment.deleteGeneration)
            output.writeUInt64(UInt64(segment.deletedCount))
        }
        try output.finish()
        try FileSystem.renameItem(temporary, to: "\(directory)/\(Self.fileName)")
        try FileSystem.syncDirectory(directory)
    }

    /// Reads the manifest of the index in `directory`; `IndexError.missing` if there is none.
    static func read(from directory: String, verifyChecksum: Bool = true) throws(IndexError) -> Manifest {
        let path = "\(directory)/\(fileName)"
        guard FileSystem.isDirectory(directory), let bytes = try FileSystem.readFile(path) else {
            throw .missing(directory)
        }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(IndexError) in try decode(raw, path: path, verifyChecksum: verifyChecksum) }
        }
        return try result.get()
    }

    /// Parses and validates manifest bytes.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, path: String, verifyChecksum: Bool = true
    )
        throws(IndexError) -> Manifest
    {
        let content = try FileFormat.validate(
            bytes, path: path, kind: .manifest, segment: .none, verifyChecksum: verifyChecksum)
        var reader = ByteReader(bytes, range: content, path: path)
        let generation = try reader.readUInt64()
        let nextSegmentNumber = try reader.readUInt64()
        let analyzerName = try reader.readBytes(reader.readCount(max: 64, "analyzer name length"))
        let name = String(decoding: analyzerName, as: UTF8.self)
        guard let analyzer = AnalyzerKind(rawValue: name) else {
            throw .corrupt("\(path): unknown analyzer '\(name)'")
        }
        let count = try reader.readCount(max: content.count, "segment count")
        var segments: [SegmentInfo] = []
        var names = Set<String>()
        for _ in 0..<count {
            let name = String(
                decoding: try reader.readBytes(reader.readCount(max: 64, "segment name length")), as: UTF8.self)
            guard SegmentFiles.isValidName(name), names.insert(name).inserted else {
                throw .corrupt("\(path): invalid segment name '\(name)'")
            }
            let id = SegmentID(high: try reader.readUInt64(), low: try reader.readUInt64())
            let documentCount = try reader.readOffset(max: SegmentWriter.maximumDocumentCount, "document count")
            let deleteGeneration = try reader.readUInt64()
            let deletedCount = try reader.readOffset(max: documentCount, "deleted count")
            guard deleteGeneration <= generation, (deleteGeneration == 0) == (deletedCount == 0) else {
                throw .corrupt(
                    "\(path): segment \(name) has \(deletedCount) deletions of generation \(deleteGeneration)")
            }
            segments.append(
                SegmentInfo(
                    name: name, id: id, documentCount: documentCount, deleteGeneration: deleteGeneration,
                    deletedCount: deletedCount))
        }
        guard reader.offset == content.upperBound else {
            throw .corrupt("\(path): unexpected bytes after the segment list")
        }
        return Manifest(
            generation: generation, nextSegmentNumber: nextSegmentNumber, analyzer: analyzer, segments: segments)
    }
}
