import CZlib

/// CRC-32 (zlib's polynomial), the checksum in every index file's footer.
enum Checksum {
    /// The CRC-32 of nothing.
    static let initial: UInt32 = 0

    /// Extends `crc` with `bytes`.
    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        let result = crc32_z(UInt(crc), base.assumingMemoryBound(to: UInt8.self), bytes.count)
        return UInt32(truncatingIfNeeded: result)
    }

    /// The CRC-32 of `bytes`.
    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt32 { update(initial, bytes) }

    /// The CRC-32 of `a` followed by `b`, from their CRCs (`second` that of `b`, `secondCount` bytes long).
    static func combine(_ first: UInt32, _ second: UInt32, secondCount: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: crc32_combine(UInt(first), UInt(second), off_t(secondCount)))
    }
}
