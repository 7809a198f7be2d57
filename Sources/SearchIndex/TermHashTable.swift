import CPrefetch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The writer's term → term-ID map for one field: open addressing (linear probing) over 16-byte slots, with
/// the term bytes themselves in one byte arena. No per-term object is allocated.
///
/// A slot holds the term's first 8 bytes (zero-padded) and a check word (length and 24 hash bits) next to
/// the ID, so a term of at most 8 bytes — most words — is matched from the slot alone, with no access to the
/// arena: one cache miss per token instead of three.
///
/// Invariants: IDs are dense (`0..<count`, in insertion order); `entries[id]` locates the term's bytes in
/// `arena`; `slots.count` is a power of two, at least twice `count`; a slot's `meta` is 0 (empty) or
/// `check << 32 | (id + 1)`.
struct TermHashTable: ~Copyable {
    /// Where a term's bytes live in the arena.
    struct Entry {
        var offset: UInt32
        var length: UInt32
    }

    struct Slot {
        var prefix: UInt64
        var meta: UInt64
    }

    private var slots: _UnsafeGrowableArray<Slot>
    private var mask: Int
    private(set) var arena = _UnsafeGrowableArray<UInt8>(capacity: 1 << 16)
    private(set) var entries = _UnsafeGrowableArray<Entry>(capacity: 1 << 10)

    init() {
        let capacity = 1 << 12
        slots = _UnsafeGrowableArray<Slot>(capacity: capacity, zeroed: true)
        _ = slots.extend(by: capacity)
        mask = capacity - 1
    }

    /// The number of distinct terms.
    var count: Int { entries.count }

    /// The bytes allocated (for the writer's memory budget).
    var allocatedBytes: Int { slots.allocatedBytes + arena.allocatedBytes + entries.allocatedBytes }

    /// The bytes of term `id`, valid until the next insertion.
    @inline(__always)
    func term(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[id]
        return UnsafeBufferPointer(start: arena.base + Int(entry.offset), count: Int(entry.length))
    }

    /// The first 8 bytes of `term`, zero-padded, as a little-endian word.
    @inline(__always)
    static func prefix(_ term: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = term.baseAddress else { return 0 }
        if term.count >= 8 { return UnsafeRawPointer(base).loadUnaligned(as: UInt64.self) }
        var word: UInt64 = 0
        for i in 0..<term.count { word |= UInt64(base[i]) << UInt64(8 * i) }
        return word
    }

    /// The slot check word: the length's low byte and 24 bits of the hash.
    @inline(__always)
    static func check(length: Int, hash: UInt64) -> UInt64 {
        UInt64(truncatingIfNeeded: length & 0xFF) << 24 | (hash >> 40)
    }

    /// Hints the processor to fetch the slot where the lookup of a term with hash `hash` starts.
    @inline(__always)
    func prefetchSlot(hash: UInt64) {
        search_prefetch(slots.base + (Int(truncatingIfNeeded: hash) & mask))
    }

    /// The ID of the first slot whose prefix and check match the term's, or -1 if an empty slot comes first:
    /// the term's ID, or for a term longer than 8 bytes possibly another's (for hints, not answers).
    @inline(__always)
    func probableID(prefix: UInt64, hash: UInt64, length: Int) -> Int {
        let check = Self.check(length: length, hash: hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = slots.base[slot]
            if candidate.meta == 0 { return -1 }
            if candidate.prefix == prefix && candidate.meta >> 32 == check {
                return Int(truncatingIfNeeded: candidate.meta & 0xFFFF_FFFF) - 1
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// The ID of `term`, whose `prefix(term)` and `hash(term, prefix:)` are given, inserting it if absent;
    /// `isNew` tells which.
    @inline(__always)
    mutating func findOrInsert(
        _ term: UnsafeBufferPointer<UInt8>, prefix: UInt64, hash: UInt64
    ) -> (id: Int, isNew: Bool) {
        let check = Self.check(length: term.count, hash: hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = slots.base[slot]
            if candidate.meta == 0 { break }
            if candidate.prefix == prefix && candidate.meta >> 32 == check {
                let id = Int(truncatingIfNeeded: candidate.meta & 0xFFFF_FFFF) - 1
                if term.count <= 8 { return (id, false) }
                let entry = entries.base[id]
                if Int(entry.length) == term.count
                    && memcmp(arena.base + Int(entry.offset) + 8, term.baseAddress! + 8, term.count - 8) == 0
                {
                    return (id, false)
                }
            }
            slot = (slot &+ 1) & mask
        }
        let id = entries.count
        let offset = arena.count
        precondition(offset + term.count <= Int(UInt32.max), "term arena exceeds 4 GiB")
        arena.append(contentsOf: term)
        entries.append(Entry(offset: UInt32(offset), length: UInt32(term.count)))
        slots.base[slot] = Slot(prefix: prefix, meta: check << 32 | UInt64(id + 1))
        if entries.count * 2 > slots.count { grow() }
        return (id, true)
    }

    @inline(never)
    private mutating func grow() {
        let capacity = slots.count * 2
        var newSlots = _UnsafeGrowableArray<Slot>(capacity: capacity, zeroed: true)
        _ = newSlots.extend(by: capacity)
        let newMask = capacity - 1
        for id in 0..<entries.count {
            let bytes = term(id)
            let prefix = Self.prefix(bytes)
            let hash = Self.hash(bytes, prefix: prefix)
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while newSlots.base[slot].meta != 0 { slot = (slot &+ 1) & newMask }
            newSlots.base[slot] = Slot(
                prefix: prefix, meta: Self.check(length: bytes.count, hash: hash) << 32 | UInt64(id + 1))
        }
        slots = newSlots
        mask = newMask
    }

    /// The IDs of all terms, in ascending byte order of their terms (unsigned, shorter prefix first).
    func sortedIDs() -> [UInt32] {
        var ids = [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count { buffer[i] = UInt32(i) }
            initialized = count
        }
        let arena = self.arena.base
        let entries = self.entries.base
        ids.sort { a, b in
            let x = entries[Int(a)]
            let y = entries[Int(b)]
            let n = Int(Swift.min(x.length, y.length))
            let c = n == 0 ? 0 : memcmp(arena + Int(x.offset), arena + Int(y.offset), n)
            return c != 0 ? c < 0 : x.length < y.length
        }
        return ids
    }

    /// A 64-bit hash of the bytes (`prefix` = `prefix(bytes)`): 8-byte words mixed by multiply-xorshift rounds,
    /// finished with the SplitMix64 finaliser so that both the low bits (slot) and the high bits (check) are
    /// well distributed.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, prefix: UInt64) -> UInt64 {
        let n = bytes.count
        var h = (0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: n &+ 1)) ^ prefix
        if n > 8 {
            let base = UnsafeRawPointer(bytes.baseAddress!)
            h = h &* 0xBF58_476D_1CE4_E5B9
            var i = 8
            while i &+ 8 <= n {
                h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                i &+= 8
            }
            if i < n {
                // The last 8 bytes, overlapping already mixed ones (n > 8, so they are in bounds).
                h ^= base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            }
        }
        h ^= h >> 30
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return h
    }
}
