/// The first two bytes of a few terms (stems), and which words could stem to one of them.
///
/// The English stemmer keeps a word's first letter, and its second but for the `y` of `dying`, `lying` and
/// `tying` (stems `die`, `lie`, `tie`), and leaves at least two letters of a word of three or more (checked
/// against the whole Snowball vocabulary in the tests). So a word whose first two bytes fit no term's cannot
/// stem to any term, and need not be stemmed to find out.
public struct StemPrefixes: Sendable {
    /// Per term: its first byte in the low 8 bits, its second (or `anySecond`) in the next 8.
    @usableFromInline let prefixes: [UInt16]
    /// In place of a second byte: the term has one byte only.
    @usableFromInline static let anySecond: UInt16 = 0xFF00

    /// The prefixes of `terms` (empty terms ignored).
    public init(_ terms: [[UInt8]]) {
        var prefixes: [UInt16] = []
        for term in terms where !term.isEmpty {
            let prefix = UInt16(term[0]) | (term.count > 1 ? UInt16(term[1]) << 8 : Self.anySecond)
            if !prefixes.contains(prefix) { prefixes.append(prefix) }
        }
        self.prefixes = prefixes
    }

    /// Whether the word of two or more bytes at `bytes` may stem to one of the terms.
    @inlinable @inline(__always)
    public func admits(_ bytes: UnsafePointer<UInt8>) -> Bool {
        let first = bytes[0]
        let second = bytes[1]
        if first == UInt8(ascii: "'") { return true }  // the stemmer drops a leading apostrophe
        for prefix in prefixes where UInt8(truncatingIfNeeded: prefix) == first {
            let wanted = prefix & 0xFF00
            if wanted == Self.anySecond || wanted == UInt16(second) << 8 { return true }
            if second == UInt8(ascii: "y") && wanted == UInt16(UInt8(ascii: "i")) << 8 { return true }
        }
        return false
    }
}

/// The `standard` chain for finding given terms in text (snippets): as `EnglishFilterChain`, but words that
/// cannot stem to any of the terms pass unstemmed. They match no term either way, and stemming every word of
/// a long article was most of the time spent cutting its snippet.
@usableFromInline
struct HighlightFilterChain: TokenFilter {
    @usableFromInline let english: EnglishFilterChain
    @usableFromInline let prefixes: StemPrefixes

    /// A chain that stems, with `cache`, only words that may stem to one of `prefixes`' terms.
    @inlinable init(cache: StemCache, prefixes: StemPrefixes) {
        english = EnglishFilterChain(cache: cache)
        self.prefixes = prefixes
    }

    @inlinable static var removesPossessives: Bool { EnglishFilterChain.removesPossessives }

    @inlinable @inline(__always)
    func filter(_ term: inout TermSlice) -> Bool {
        if term.count > 2 && !prefixes.admits(term.bytes) { return true }
        return english.filter(&term)
    }
}
