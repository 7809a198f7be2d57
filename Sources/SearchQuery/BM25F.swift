import SearchIndex

/// BM25F, the field-weighted BM25 of Robertson & Zaragoza ("The Probabilistic Relevance Framework: BM25 and
/// Beyond", 2009, section 3.5; Robertson, Zaragoza & Taylor, "Simple BM25 extension to multiple weighted
/// fields", CIKM 2004). Each field's term frequency is length-normalised with its own `b` and weighted, the
/// results are added into one pseudo-frequency, and that is saturated once:
///
///     tf~   = Σ_f  weight_f · tf_f / (1 - b_f + b_f · len_f / avgLen_f)
///     score = idf · tf~ / (tf~ + k1)
///
/// With one field of weight 1 this is exactly `BM25` (divide numerator and denominator by the length
/// part). Saturating the sum, not each field, is what distinguishes BM25F from adding per-field BM25 scores:
/// a word in both title and body cannot score twice its best. idf comes from the documents holding the word
/// anywhere; the body field holds the title too, so its document frequency is that of the union.
public enum BM25F {
    /// `weight / (1 - b + b · len / avgLen)`: what one occurrence in a field of decoded length `length` adds
    /// to the pseudo-frequency.
    @inlinable
    public static func fieldFactor(length: UInt32, averageLength: Float, b: Float, weight: Float) -> Float {
        // An empty field (average 0) has no postings, so the value is never used; avoid a NaN anyway.
        let relative = averageLength > 0 ? b * Float(length) / averageLength : 0
        return weight / (1 - b + relative)
    }

    /// `tf~ / (tf~ + k1)` for a pseudo-frequency `tf~` (without idf and query multiplicity).
    @inlinable
    public static func saturation(pseudoFrequency: Float, k1: Float) -> Float {
        pseudoFrequency / (pseudoFrequency + k1)
    }
}

/// `BM25F.fieldFactor` for each of the 256 norm codes of one field, with a stable address for scorers.
final class FieldFactorTable: @unchecked Sendable {
    /// 256 entries, indexed by norm code; immutable after init.
    let factors: UnsafeMutablePointer<Float>
    /// `tf · factor` is `1 / (c / tf + d · len / tf)` with `c = (1 - b) / weight` and `d = b / (weight · avgLen)`:
    /// at most `1 / (c / maxTf + d · min(len / tf))` over a block (see `pseudoFrequencyBound`).
    let constant: Float
    let perLength: Float

    init(averageLength: Float, b: Float, weight: Float) {
        constant = (1 - b) / weight
        perLength = averageLength > 0 ? b / (weight * averageLength) : 0
        factors = .allocate(capacity: 256)
        for code in 0..<256 {
            let length = FieldNorm.decode(UInt8(code))
            factors[code] = BM25F.fieldFactor(length: length, averageLength: averageLength, b: b, weight: weight)
        }
    }

    deinit { factors.deallocate() }

    /// A bound of what a word adds to the pseudo-frequency over documents whose largest frequency is
    /// `maxFrequency` and smallest length / frequency ratio `minLengthRatio` (a block's skip entry); 0 for none.
    @inline(__always)
    func pseudoFrequencyBound(maxFrequency: UInt32, minLengthRatio: Float) -> Float {
        guard maxFrequency > 0 else { return 0 }
        return 1 / (constant / Float(maxFrequency) + perLength * minLengthRatio)
    }
}

/// The statistics BM25F needs for the title + body pair, computed once per `Searcher`.
struct FieldedTables: @unchecked Sendable {
    /// Factors of `.body`, weight 1.
    let body: FieldFactorTable
    /// Factors of `.title`, weight `titleWeight`.
    let title: FieldFactorTable
    /// Saturation constant.
    let k1: Float
}
