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
}
