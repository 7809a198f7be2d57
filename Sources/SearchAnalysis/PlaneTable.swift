import Dispatch

/// The entries of one plane (65,536 scalars) in a two-level table.
///
/// Stage 1 maps bits 8–15 of a scalar to a block number; stage 2 holds the deduplicated 256-entry blocks. Most
/// blocks are alike (all unassigned, or all letters that map to themselves), so the basic multilingual plane
/// takes about 55 blocks (110 KB), of which text in one script touches a few. Outputs longer than 4 bytes live
/// in `pool`. Immutable after `init`, hence safe to share between threads; the storage is never freed
/// because the tables live as long as the process.
@usableFromInline
final class PlaneTable: @unchecked Sendable {
    @usableFromInline let stage1: UnsafeMutablePointer<UInt16>
    @usableFromInline let stage2: UnsafeMutablePointer<UInt64>
    @usableFromInline let pool: UnsafeMutablePointer<UInt8>
    /// Number of distinct stage-2 blocks (for diagnostics).
    let blockCount: Int

    /// Builds the table of `plane` by asking `role` about each of its scalars.
    ///
    /// Asking takes some 100–200 ns a scalar (Unicode property lookups), ~10 ms for a whole plane, which the
    /// first query of a process waits for: so the 256 blocks are classified on all cores, `chunkCount`
    /// consecutive runs of them each with its own pool, and then deduplicated in order, the pooled outputs'
    /// offsets moved to where each run's pool lands.
    init(plane: Int, role: ScalarTable.Role) {
        let chunkCount = 8
        let chunks = ConcurrentSlots<([UInt64], [UInt8])>(count: chunkCount, initial: ([], []))
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            var entries = [UInt64](repeating: 0, count: 256 * 256 / chunkCount)
            var poolBytes: [UInt8] = []
            var output: [Unicode.Scalar] = []
            output.reserveCapacity(32)
            let first = chunk * 256 / chunkCount
            for high in first..<first + 256 / chunkCount {
                let blockStart = plane << 16 | high << 8
                for offset in 0..<256 {
                    output.removeAll(keepingCapacity: true)
                    // Surrogate code points cannot be decoded from valid UTF-8: they stay separators (0).
                    guard let scalar = Unicode.Scalar(UInt32(blockStart + offset)) else { continue }
                    let kind = role(scalar, &output)
                    entries[(high - first) << 8 | offset] = Self.pack(kind, output, of: scalar, pool: &poolBytes)
                        .rawValue
                }
            }
            chunks.set(chunk, (entries, poolBytes))
        }
        var blocks: [[UInt64]] = [Array(repeating: 0, count: 256)]   // block 0: all separators
        // Deduplication by a cheap fingerprint, confirmed by comparing contents (hashing whole blocks with
        // `Hasher` took a noticeable share of the start-up time).
        var blocksByFingerprint: [UInt64: [UInt16]] = [Self.fingerprint(blocks[0]): [0]]
        var stage1 = [UInt16](repeating: 0, count: 256)
        var poolBytes: [UInt8] = []
        for (chunk, (entries, chunkPool)) in chunks.values.enumerated() {
            let poolBase = UInt64(poolBytes.count)
            poolBytes += chunkPool
            for index in 0..<256 / chunkCount {
                var block = Array(entries[index << 8..<(index + 1) << 8])
                if poolBase > 0 {
                    for i in 0..<256 where ScalarEntry(rawValue: block[i]).isPooled { block[i] += poolBase }
                }
                let high = chunk * 256 / chunkCount + index
                let fingerprint = Self.fingerprint(block)
                let candidates = blocksByFingerprint[fingerprint, default: []]
                if let number = candidates.first(where: { blocks[Int($0)] == block }) {
                    stage1[high] = number
                } else {
                    let number = UInt16(blocks.count)
                    blocks.append(block)
                    blocksByFingerprint[fingerprint] = candidates + [number]
                    stage1[high] = number
                }
            }
        }
        self.stage1 = .allocate(capacity: 256)
        self.stage1.initialize(from: stage1, count: 256)
        self.stage2 = .allocate(capacity: blocks.count * 256)
        for (index, block) in blocks.enumerated() {
            (self.stage2 + index * 256).initialize(from: block, count: 256)
        }
        self.pool = .allocate(capacity: max(poolBytes.count, 1))
        self.pool.initialize(from: poolBytes, count: poolBytes.count)
        self.blockCount = blocks.count
    }

    /// The entry for the scalar whose low 16 bits are `low` (the plane is implied).
    @inlinable @inline(__always)
    func entry(_ low: UInt32) -> ScalarEntry {
        Self.entry(low, stage1, stage2)
    }

    /// The entry for `low` in the given stages (the tokenizer keeps the basic plane's in registers).
    @inlinable @inline(__always)
    static func entry(_ low: UInt32, _ stage1: UnsafePointer<UInt16>, _ stage2: UnsafePointer<UInt64>) -> ScalarEntry {
        let block = UInt32(stage1[Int(truncatingIfNeeded: (low >> 8) & 0xFF)])
        return ScalarEntry(rawValue: stage2[Int(truncatingIfNeeded: block << 8 | (low & 0xFF))])
    }

    /// A 64-bit multiplicative fingerprint of a block's entries.
    static func fingerprint(_ block: [UInt64]) -> UInt64 {
        var hash: UInt64 = 0
        for entry in block { hash = (hash ^ entry) &* 0x9E37_79B9_7F4A_7C15 }
        return hash
    }

    /// Packs a role and the output scalars of `scalar` into an entry, spilling outputs over 4 bytes into `pool`.
    static func pack(
        _ role: ScalarRole, _ output: [Unicode.Scalar], of scalar: Unicode.Scalar, pool: inout [UInt8]
    ) -> ScalarEntry {
        var flags: UInt64
        switch role {
        case .separator: return .separator
        case .word: flags = ScalarEntry.startsTokenBit | ScalarEntry.continuesTokenBit
        case .joiner: flags = ScalarEntry.continuesTokenBit
        case .special: flags = ScalarEntry.specialBit
        case .bigram: flags = ScalarEntry.specialBit | ScalarEntry.bigramBit
        }
        var byteCount = 0
        for scalar in output { byteCount += UTF8.width(scalar) }
        precondition(byteCount <= 64 && output.count <= 64, "expansion too long for the term buffer slack")
        precondition(
            (role != .word && role != .bigram) || byteCount > 0, "a token must start with a scalar that has output")
        var payload: UInt64 = 0
        if role != .special && output == [scalar] {
            flags |= ScalarEntry.identityBit
        } else if byteCount <= 4 {
            var shift: UInt64 = 0
            for scalar in output {
                UTF8.encode(scalar) { byte in
                    payload |= UInt64(byte) << shift
                    shift += 8
                }
            }
        } else {
            payload = UInt64(pool.count)
            for scalar in output { UTF8.encode(scalar) { pool.append($0) } }
            flags |= ScalarEntry.pooledBit
        }
        let surplus = UInt64(byteCount - output.count)
        return ScalarEntry(rawValue: flags | UInt64(byteCount) << 32 | surplus << 40 | payload)
    }
}
