/// A 128-bit hash of a byte string: the key under which a document's identity (its URL, or its id when it has
/// none) and its id are looked up. 128 bits make a collision between two different strings of an index
/// practically impossible (about n² / 2¹²⁹ for n strings), so a match needs no confirming read.
public struct DocumentKey: Hashable, Comparable, Sendable {
    /// The high 64 bits (compared first).
    public var high: UInt64
    /// The low 64 bits.
    public var low: UInt64

    /// The key of `text`'s UTF-8 bytes.
    public init(_ text: String) {
        var hasher = ContentHasher()
        hasher.combine(text)
        (high, low) = hasher.finish()
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The key of `document`'s identity: its URL, or its id when it has no URL.
    public init(identityOf document: StoredDocument) {
        self.init(document.url.isEmpty ? document.id : document.url)
    }

    /// Orders keys by their high, then their low 64 bits (the order of the `.ids` tables).
    public static func < (a: DocumentKey, b: DocumentKey) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }
}

/// A 128-bit hash over a sequence of byte strings, eight bytes at a time in two independent lanes, each string
/// preceded by its length so that field boundaries count ("ab" + "c" differs from "a" + "bc").
///
/// Each lane step, `x = rotate(x ^ w, r) · m` with an odd multiplier, is a bijection of the lane for a given
/// word, so two inputs differ after a step whenever they differed before it; the lanes use different
/// multipliers and rotations, and `finish` mixes each with the other and with the length (the finaliser of
/// SplitMix64) so that every input bit reaches every output bit.
struct ContentHasher {
    private var a: UInt64 = 0x243F_6A88_85A3_08D3  // the fractional digits of π, as nothing-up-my-sleeve numbers
    private var b: UInt64 = 0x1319_8A2E_0370_7344
    private var length: UInt64 = 0

    @inline(__always)
    private mutating func mix(_ word: UInt64) {
        a = ((a ^ word) << 29 | (a ^ word) >> 35) &* 0x9E37_79B9_7F4A_7C15
        b = ((b &+ word) << 41 | (b &+ word) >> 23) &* 0xC2B2_AE3D_27D4_EB4F
    }

    /// Adds one string: its length, then its bytes.
    mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        mix(UInt64(bytes.count))
        var offset = 0
        let count = bytes.count
        while offset + 8 <= count {
            mix(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
            offset += 8
        }
        if offset < count {
            var word: UInt64 = 0
            for i in offset..<count { word |= UInt64(bytes[i]) << UInt64(8 * (i - offset)) }
            mix(word)
        }
        length &+= UInt64(count) &+ 1
    }

    /// Adds one string's UTF-8 bytes.
    mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
    }

    /// The 128-bit hash.
    func finish() -> (UInt64, UInt64) {
        (Self.finalize((a ^ length) &+ b), Self.finalize(b ^ (a << 17 | a >> 47)))
    }

    /// SplitMix64's output function (Steele, Lea & Flood, "Fast splittable pseudorandom number generators").
    private static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The 64-bit hash of everything a document stores (id, url, title, author, published, body): equal for
    /// a document indexed again unchanged, different (but for a 2⁻⁶⁴ chance) when anything in it changed.
    static func contentHash(of document: StoredDocument) -> UInt64 {
        var hasher = ContentHasher()
        for field in [document.id, document.url, document.title, document.author, document.published, document.body] {
            hasher.combine(field)
        }
        return hasher.finish().0
    }
}
