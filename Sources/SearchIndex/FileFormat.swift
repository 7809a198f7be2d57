/// The envelope shared by every index file: a header (magic, file kind, format version, segment identity) and
/// a footer (footer magic, CRC-32 of every byte before the CRC itself). All integers are little-endian.
///
///     header  (32 bytes): magic "SRCH" | kind (4 ASCII bytes) | version u32 | reserved u32 (0) | segment id 16 B
///     content (kind-specific)
///     footer  (8 bytes):  footer magic "HCRS" | crc32 u32
///
/// The footer's layout is fixed across format versions, so the checksum is verified before the version is
/// interpreted: damage is always reported as corruption, and a clean file of another version as unsupported.
enum FileFormat {
    /// The format version this build writes.
    static let version: UInt32 = 8
    /// The versions this build reads: version 6 added bitmap blocks to `.postings`, version 7 lets `.stored`
    /// blocks lie in any order, version 8 lets `.postings` blocks record positions lengths; otherwise they are
    /// version 5.
    static let readableVersions: ClosedRange<UInt32> = 5...8
    static let magic: UInt32 = 0x4843_5253  // "SRCH"
    static let footerMagic: UInt32 = 0x5352_4348  // "HCRS"
    static let headerSize = 32
    static let footerSize = 8
    /// Bytes checksummed at a time (a whole number of pages).
    static let checksumChunk = 4 << 20

    /// What a file holds; stored as four ASCII bytes after the magic.
    enum Kind: UInt32 {
        case terms = 0x4D52_4554  // "TERM"
        case postings = 0x5453_4F50  // "POST"
        case positions = 0x4E53_4F50  // "POSN"
        case norms = 0x4D52_4F4E  // "NORM"
        case stored = 0x524F_5453  // "STOR"
        case manifest = 0x494E_414D  // "MANI"
        case deletes = 0x534C_4544  // "DELS"
        case identities = 0x4E45_4449  // "IDEN"
    }

    /// Writes the header of a file of `kind`.
    static func writeHeader(_ output: FileOutput, kind: Kind, segment: SegmentID) {
        output.writeBytes(header(kind: kind, segment: segment))
    }

    /// The header of a file of `kind`.
    static func header(kind: Kind, segment: SegmentID) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize)
        for word in [magic, kind.rawValue, version, 0] { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
        for word in [segment.high, segment.low] { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
        return bytes
    }

    /// Checks the envelope of a whole file and returns the range of its content (between header and footer).
    /// Given the mapping `bytes` belong to, the checksum hands back its pages as it goes (see
    /// `MappedFileBuffer.releasePages`), so that verifying a large file does not make all of it resident.
    static func validate(
        _ bytes: UnsafeRawBufferPointer, path: String, kind: Kind, segment: SegmentID, verifyChecksum: Bool = true,
        releasingPagesOf file: MappedFileBuffer? = nil
    ) throws(IndexError) -> Range<Int> {
        let count = bytes.count
        guard count >= headerSize + footerSize, let base = bytes.baseAddress else {
            throw .corrupt("\(path): file is truncated (\(count) bytes)")
        }
        guard base.loadUnaligned(as: UInt32.self).littleEndian == magic else {
            throw .corrupt("\(path): not an index file (bad magic number)")
        }
        guard base.loadUnaligned(fromByteOffset: count - 8, as: UInt32.self).littleEndian == footerMagic else {
            throw .corrupt("\(path): file is truncated or its footer is damaged")
        }
        if verifyChecksum {
            let stored = base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self).littleEndian
            var actual = Checksum.initial
            var offset = 0
            while offset < count - 4 {
                let chunk = Swift.min(count - 4 - offset, checksumChunk)
                actual = Checksum.update(actual, UnsafeRawBufferPointer(start: base + offset, count: chunk))
                file?.releasePages(offset..<(offset + chunk))
                offset += chunk
            }
            guard stored == actual else { throw .corrupt("\(path): checksum mismatch") }
        }
        let fileVersion = base.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard readableVersions.contains(fileVersion) else {
            throw .unsupportedVersion(file: path, version: fileVersion, supported: version)
        }
        guard base.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian == kind.rawValue else {
            throw .corrupt("\(path): wrong kind of file")
        }
        let id = SegmentID(
            high: base.loadUnaligned(fromByteOffset: 16, as: UInt64.self).littleEndian,
            low: base.loadUnaligned(fromByteOffset: 24, as: UInt64.self).littleEndian)
        guard id == segment else { throw .corrupt("\(path): file belongs to another segment (\(id))") }
        return headerSize..<(count - footerSize)
    }
}
