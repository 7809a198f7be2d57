#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SearchIndex

/// Okapi BM25 as Lucene's `BM25Similarity` has computed it since Lucene 8 (without the constant (k1 + 1)
/// numerator factor), with tantivy's statistics and Float arithmetic (`src/query/bm25.rs`): for a term with
/// document frequency df among N documents,
///
///     idf   = ln(1 + (N - df + 0.5) / (df + 0.5))
///     score = idf · tf / (tf + k1 · (1 - b + b · len / avgLen))
///
/// (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009, eq. 3.13 with the
/// non-negative "+1" idf that Lucene adopted). A constant factor never changes a ranking. `len` is the field
/// length decoded from its one-byte norm, so the length part takes only 256 values: `LengthFactorTable`
/// tabulates it once per field and scoring a posting is a table lookup, one add and one divide. Everything is
/// `Float`, with tantivy's order of operations.
public enum BM25 {
    /// Inverse document frequency of a term found in `documentFrequency` of `documentCount` documents.
    @inlinable
    public static func idf(documentFrequency: UInt64, documentCount: UInt64) -> Float {
        let df = min(documentFrequency, documentCount)
        let x = (Float(documentCount - df) + 0.5) / (Float(df) + 0.5)
        return logf(1 + x)
    }

    /// `k1 · (1 - b + b · len / avgLen)` for a decoded field length.
    @inlinable
    public static func lengthFactor(length: UInt32, averageLength: Float, parameters: BM25Parameters) -> Float {
        // An empty field (average 0) has no postings, so the value is never used; avoid a NaN anyway.
        let relative = averageLength > 0 ? parameters.b * Float(length) / averageLength : 0
        return parameters.k1 * (1 - parameters.b + relative)
    }

    /// The term-frequency part: `tf / (tf + lengthFactor)`.
    @inlinable
    public static func frequencyFactor(frequency: UInt32, lengthFactor: Float) -> Float {
        let tf = Float(frequency)
        return tf / (tf + lengthFactor)
    }
}

/// `BM25.lengthFactor` for each of the 256 norm codes of one field, in memory with a stable address so
/// scorers can index it without bounds checks or retain traffic.
final class LengthFactorTable: @unchecked Sendable {
    /// 256 entries, indexed by norm code; immutable after init.
    let factors: UnsafeMutablePointer<Float>
    /// The factor as `constant + perLength · length`: `k1 · (1 - b)` and `k1 · b / avgLen` (0 for an empty
    /// field), for bounds over documents known only by their length / frequency ratios.
    let constant: Float
    let perLength: Float

    init(averageLength: Float, parameters: BM25Parameters) {
        constant = parameters.k1 * (1 - parameters.b)
        perLength = averageLength > 0 ? parameters.k1 * parameters.b / averageLength : 0
        factors = .allocate(capacity: 256)
        for code in 0..<256 {
            let length = FieldNorm.decode(UInt8(code))
            factors[code] = BM25.lengthFactor(length: length, averageLength: averageLength, parameters: parameters)
        }
    }

    deinit { factors.deallocate() }
}
