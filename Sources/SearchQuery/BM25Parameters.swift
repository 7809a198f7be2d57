import SearchAnalysis
import SearchIndex

/// The free parameters of ranking (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
/// Beyond", 2009): `k1` saturates term frequency, `b` scales length normalisation (0 = none, 1 = full), and
/// BM25F adds a weight and a `b` per field.
///
/// `plain` indexes use classic BM25 with `k1` and `b`, Lucene's and tantivy's defaults (1.2, 0.75), which the
/// comparison harness expects. `standard` indexes use `standardK1` and the per-field `bodyB` (body and url)
/// and `titleB`: an unqualified word is scored with BM25F over `.body` (weight 1) and `.title` (weight
/// `titleWeight`), field-qualified words and phrases with BM25 on their field, and the best hits of a query of
/// several words gain a term-proximity score (`proximityWeight`, see `Searcher.proximityDepth`). The body
/// already holds the title's words, so the title weight is the extra credit a word earns by being in the
/// headline; 0 gives classic BM25 on the body. Scaling every field weight by c is the same as dividing k1 by c,
/// so the body's weight stays 1.
///
/// The `standard` defaults are Anserini's BM25 values (k1 0.9, b 0.4; Lin et al., "Toward Reproducible Baselines:
/// The Open-Source IR Reproducibility Challenge", 2016), the same b for both fields, a title worth twice the body,
/// and BM25TP's proximity score unweighted, as published. Measured with `search run` on SciFact and Cranfield
/// (nDCG@10 0.6923 and 0.3454; Lucene's 1.2 / 0.75 without title or proximity: 0.6847 and 0.3397).
public struct BM25Parameters: Sendable, Equatable {
    /// Term-frequency saturation on `plain` indexes; Lucene's and tantivy's default is 1.2.
    public var k1: Float
    /// Length normalisation on `plain` indexes; Lucene's and tantivy's default is 0.75.
    public var b: Float
    /// Term-frequency saturation on `standard` indexes (BM25F's k1, and BM25's for qualified words and phrases).
    public var standardK1: Float
    /// Length normalisation of `.body` (and `.url`) on `standard` indexes.
    public var bodyB: Float
    /// Length normalisation of `.title` on `standard` indexes.
    public var titleB: Float
    /// BM25F weight of `.title` relative to `.body` on `standard` indexes.
    public var titleWeight: Float
    /// Weight of the term-proximity score on `standard` indexes (0 turns it off).
    public var proximityWeight: Float

    /// Creates parameters; every default is described above.
    public init(
        k1: Float = 1.2, b: Float = 0.75, standardK1: Float = 0.9, bodyB: Float = 0.4, titleB: Float = 0.4,
        titleWeight: Float = 2, proximityWeight: Float = 1
    ) {
        self.k1 = k1
        self.b = b
        self.standardK1 = standardK1
        self.bodyB = bodyB
        self.titleB = titleB
        self.titleWeight = titleWeight
        self.proximityWeight = proximityWeight
    }

    /// The term-frequency saturation of an index analyzed with `analyzer`.
    public func k1(for analyzer: AnalyzerKind) -> Float {
        analyzer == .standard ? standardK1 : k1
    }

    /// The length normalisation of `field` on an index analyzed with `analyzer`.
    public func b(for field: IndexedField, analyzer: AnalyzerKind) -> Float {
        guard analyzer == .standard else { return b }
        return field == .title ? titleB : bodyB
    }

    /// Classic BM25 parameters (`k1`, `b`) for `field` of an index analyzed with `analyzer`.
    func classic(for field: IndexedField, analyzer: AnalyzerKind) -> BM25Parameters {
        var parameters = self
        parameters.k1 = k1(for: analyzer)
        parameters.b = b(for: field, analyzer: analyzer)
        return parameters
    }
}
