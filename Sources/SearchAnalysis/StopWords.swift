/// The English stop words of Lucene's `EnglishAnalyzer` and `StopAnalyzer` (`ENGLISH_STOP_WORDS_SET`, the
/// classic 33). The index keeps them, with their positions; queries on `standard` indexes leave them out of
/// clauses that are not phrases, so `"state of the art"` still matches as a phrase.
public enum StopWords {
    /// The words, lowercase.
    public static let english: [String] = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
        "will", "with",
    ]

    /// Whether the token spelled by `bytes` (as it appears in the text, in any letter case) is one of them.
    /// Compares the source spelling, not the stem, as Lucene filters stop words before stemming: `ins` and
    /// `wills` stem to `in` and `will` but are not stop words.
    public static func isEnglish(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (1...5).contains(bytes.count) else { return false }
        var lowered: UInt64 = 0
        for (i, byte) in bytes.enumerated() {
            guard byte < 0x80 else { return false }
            let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
            lowered |= UInt64(lower) << (8 * UInt64(i))
        }
        return englishKeys.contains(lowered)
    }

    /// The words packed little-endian into integers, for a lookup without allocation.
    private static let englishKeys: Set<UInt64> = Set(english.map { word in
        word.utf8.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
    })
}
