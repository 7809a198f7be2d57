/// A fixed map from names of at most 8 bytes, packed little-endian into a `UInt64` (`HTMLTag.pack`), to small
/// values: open addressing over 256 slots with a multiplicative hash, so that a lookup per element or
/// attribute of a page is a multiply, a shift and usually one comparison (a `Dictionary` would hash with
/// SipHash).
///
/// Invariants: at most 128 keys, none of them 0 (0 marks an empty slot), so every probe sequence ends.
struct PackedNameTable<Value: Sendable>: Sendable {
    private var keys = [UInt64](repeating: 0, count: 256)
    private var values: [Value?] = Array(repeating: nil, count: 256)

    /// A table of `entries` (distinct non-zero keys, at most 128).
    init(_ entries: [(key: UInt64, value: Value)]) {
        precondition(entries.count <= 128, "too many names for the table")
        for (key, value) in entries {
            precondition(key != 0, "empty name")
            var slot = Self.slot(key)
            while keys[slot] != 0 { slot = (slot + 1) & 255 }
            keys[slot] = key
            values[slot] = value
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// The value of `key`, or nil.
    @inline(__always)
    func value(_ key: UInt64) -> Value? {
        var slot = Self.slot(key)
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == 0 { return nil }
            slot = (slot + 1) & 255
        }
    }
}

/// A set of `HTMLTag`s as a 128-bit mask (there are fewer than 128 tags), so that membership is a shift and a
/// mask rather than a hashed lookup.
struct TagSet: ExpressibleByArrayLiteral, Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// The set of `tags`.
    init(arrayLiteral tags: HTMLTag...) {
        self.init(tags)
    }

    /// The set of `tags`.
    init(_ tags: some Sequence<HTMLTag>) {
        for tag in tags {
            let bit = Int(tag.rawValue)
            precondition(bit < 128, "tag outside the set's range")
            if bit < 64 { low |= 1 << UInt64(bit) } else { high |= 1 << UInt64(bit - 64) }
        }
    }

    /// Whether `tag` is in the set.
    @inline(__always)
    func contains(_ tag: HTMLTag) -> Bool {
        let bit = UInt64(tag.rawValue)
        return bit < 64 ? low >> bit & 1 == 1 : high >> (bit &- 64) & 1 == 1
    }
}
