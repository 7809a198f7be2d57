#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The writer's term → term-ID map for one field: open addressing (linear probing) over slots that hold the
/// term's hash tag and ID, with the term bytes themselves in one byte arena. No per-term object is allocated.
///
/// Invariants: IDs are dense (`0..<count`, in insertion order); `entries[id]` locates the term's bytes in
/// `arena`; `slots.count` is a power of two, at least twice `count`; a slot is 0 (empty) or
/// `hash >> 32 << 32 | (id + 1)`.
struct TermHashTable: ~Copyable {
    /// Where a term's bytes live in the arena.
    struct Entry {
        var offset: UInt32
        var length: UInt32
    }

    private var slots: _UnsafeGrowableArray<UInt64>
    private var mask: Int
    private(set) var arena = _UnsafeGrowableArray<UInt8>(capacity: 1 << 16)
    private(set) var entries = _UnsafeGrowableArray<Entry>(capacity: 1 << 10)

    init() {
        let capacity = 1 << 12
        slots = _UnsafeGrowableArray<UInt64>(capacity: capacity, zeroed: true)
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

    /// The ID of `term`, inserting it if absent; `isNew` tells which.
    @inline(__always)
    mutating func findOrInsert(_ term: UnsafeBufferPointer<UInt8>) -> (id: Int, isNew: Bool) {
        let hash = Self.hash(term)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = slots.base[slot]
            if value == 0 { break }
            if value & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(truncatingIfNeeded: value & 0xFFFF_FFFF) - 1
                let entry = entries.base[id]
                if Int(entry.length) == term.count
                    && (term.isEmpty || memcmp(arena.base + Int(entry.offset), term.baseAddress!, term.count) == 0)
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
        slots.base[slot] = tag | UInt64(id + 1)
        if entries.count * 2 > slots.count { grow() }
        return (id, true)
    }

    @inline(never)
    private mutating func grow() {
        let capacity = slots.count * 2
        var newSlots = _UnsafeGrowableArray<UInt64>(capacity: capacity, zeroed: true)
        _ = newSlots.extend(by: capacity)
        let newMask = capacity - 1
        for id in 0..<entries.count {
            let hash = Self.hash(term(id))
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while newSlots.base[slot] != 0 { slot = (slot &+ 1) & newMask }
            newSlots.base[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1)
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

    /// A 64-bit hash of the bytes: 8-byte words mixed by multiply-xorshift rounds, finished with the
    /// SplitMix64 finaliser so that both the low bits (slot) and the high bits (tag) are well distributed.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: n &+ 1)
        guard let base = bytes.baseAddress.map(UnsafeRawPointer.init) else { return h }
        var i = 0
        while i &+ 8 <= n {
            h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i &+= 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift &+= 8
                i &+= 1
            }
            h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
        }
        h ^= h >> 30
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 31
        return h
    }

    /// Forgets all terms, keeping the memory.
    mutating func removeAll() {
        slots.removeAll()
        _ = slots.extend(by: mask + 1)
        arena.removeAll()
        entries.removeAll()
    }
}
