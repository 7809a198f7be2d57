/// The `standard` chain after tokenization and folding: English possessives are removed (by the tokenizer,
/// which sees the apostrophe) and terms made of ASCII bytes are stemmed with the Snowball English stemmer.
/// Terms with other scripts pass unchanged. Stop words are kept: the index holds every token, and queries
/// decide which to ignore (see `StopWords`).
@usableFromInline
struct EnglishFilterChain: TokenFilter {
    /// Recent stems (shared with the analyzer that owns the chain).
    @usableFromInline let cache: StemCache

    /// A chain that looks stems up in `cache` before computing them.
    @inlinable init(cache: StemCache) {
        self.cache = cache
    }

    @inlinable static var removesPossessives: Bool { true }

    @inlinable @inline(__always)
    func filter(_ term: inout TermSlice) -> Bool {
        // Words of one or two letters are never stemmed.
        if term.count <= 2 { return true }
        var high: UInt8 = 0
        for i in 0..<term.count { high |= term.bytes[i] }
        if high < 0x80 {
            if Self.isAbbreviationPlural(term) {
                term.count -= 1
            } else {
                term.count = cache.stem(term.bytes, count: term.count)
            }
        }
        return true
    }

    /// A plural `s` on a token without vowels: an abbreviation or a number (`DVDs`, `RXRs`, `1990s`, `mp3s`).
    /// The stemmer keeps an s unless a vowel precedes the letter before it (so that `gas` and `this` stay),
    /// a test meant for words; a token with no vowel at all is not an English word, and its final s after
    /// at least two characters is the plural (`dvds` → `dvd`, `rxrs` → `rxr`). Such a token has no other
    /// suffix to remove.
    @inlinable @inline(__always)
    static func isAbbreviationPlural(_ term: TermSlice) -> Bool {
        let last = term.count - 1
        guard term.bytes[last] == UInt8(ascii: "s"), term.bytes[last - 1] != UInt8(ascii: "s") else { return false }
        for i in 0..<last {
            switch term.bytes[i] {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"),
                 UInt8(ascii: "y"):
                return false
            default:
                continue
            }
        }
        return true
    }
}
