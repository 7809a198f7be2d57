/// A direct-mapped cache of recent stems. Text repeats a few thousand words over and over, so most words are
/// found here rather than stemmed again (stemming was over half of the time spent cutting snippets).
///
/// Invariants: `storage` holds `slots` slots of `slotBytes` bytes, zeroed at creation. A slot is
/// `wordLength | stemLength | word (maximumWordBytes) | stem (maximumWordBytes)`; a word length of 0 marks an
/// empty slot (the stemmer never sees empty words). A stem is never longer than its word.
@usableFromInline
final class StemCache {
    /// Slots of a cache for running text (indexing, snippets).
    @inlinable static var manySlots: Int { 2048 }
    /// Slots of a cache for a few words (a query), cheap to create.
    @inlinable static var fewSlots: Int { 16 }
    @inlinable static var maximumWordBytes: Int { 23 }
    @inlinable static var slotBytes: Int { 2 + 2 * maximumWordBytes }

    @usableFromInline let storage: UnsafeMutablePointer<UInt8>
    /// The number of slots minus one (a power of two minus one).
    @usableFromInline let slotMask: Int

    /// An empty cache of `slots` slots, a power of two.
    @usableFromInline init(slots: Int) {
        precondition(slots > 0 && slots & (slots - 1) == 0, "stem cache slots must be a power of two")
        slotMask = slots - 1
        storage = .allocate(capacity: slots * Self.slotBytes)
        storage.initialize(repeating: 0, count: slots * Self.slotBytes)
    }

    deinit { storage.deallocate() }

    /// Stems the `count` bytes at `word` in place, as `EnglishStemmer.stem` does, and returns the stem's length.
    @inlinable
    func stem(_ word: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        guard count > 0, count <= Self.maximumWordBytes else { return EnglishStemmer.stem(word, count: count) }
        var hash: UInt32 = 2_166_136_261   // FNV-1a
        for i in 0..<count { hash = (hash ^ UInt32(word[i])) &* 16_777_619 }
        let slot = storage + (Int(hash) & slotMask) * Self.slotBytes
        let cachedWord = slot + 2
        let cachedStem = slot + 2 + Self.maximumWordBytes
        if Int(slot[0]) == count {
            var same = true
            for i in 0..<count where cachedWord[i] != word[i] {
                same = false
                break
            }
            if same {
                let length = Int(slot[1])
                word.update(from: cachedStem, count: length)
                return length
            }
        }
        cachedWord.update(from: word, count: count)
        let length = EnglishStemmer.stem(word, count: count)
        slot[0] = UInt8(count)
        slot[1] = UInt8(length)
        cachedStem.update(from: word, count: length)
        return length
    }
}
