import SearchIndex

/// Scores one word over title and body with BM25F (see `BM25F`): `weight · tf~ / (tf~ + k1)` with
/// `tf~ = tf_body · F_body[norm] + tf_title · F_title[norm]`, where the F are 256-entry tables of
/// `BM25F.fieldFactor` and `weight` is idf × (times the word occurs in the query).
///
/// The documents are those of the body postings: the body holds the title's words too, so every title posting
/// has a body posting for the same document. The title cursor follows the body cursor and is read only where
/// it lands on the current document.
final class FieldedTermScorer: Scorer {
    /// The body and title cursors, in one allocation owned by this object (`[0]` body, `[1]` title if any).
    private let cursors: UnsafeMutablePointer<PostingsCursor>
    private let hasTitle: Bool
    private let weight: Float
    private let k1: Float
    private let bodyNorms: UnsafePointer<UInt8>
    private let titleNorms: UnsafePointer<UInt8>
    private let bodyFactors: UnsafeMutablePointer<Float>
    private let titleFactors: UnsafeMutablePointer<Float>
    /// Keeps the factor tables alive.
    private let tables: FieldedTables

    /// Scores `body` (and, where it occurs, `title`: the same word's title postings) in `segment`.
    init(
        segment: SegmentReader, body: TermInfo, title: TermInfo?, weight: Float,
        bodyNorms: UnsafeBufferPointer<UInt8>, titleNorms: UnsafeBufferPointer<UInt8>, tables: FieldedTables
    ) {
        cursors = .allocate(capacity: 2)
        cursors.initialize(to: segment.postings(body))
        hasTitle = title != nil
        if let title { (cursors + 1).initialize(to: segment.postings(title)) }
        self.weight = weight
        self.k1 = tables.k1
        self.bodyNorms = bodyNorms.baseAddress!
        self.titleNorms = titleNorms.baseAddress!
        bodyFactors = tables.body.factors
        titleFactors = tables.title.factors
        self.tables = tables
    }

    deinit {
        cursors.deinitialize(count: hasTitle ? 2 : 1)
        cursors.deallocate()
    }

    var doc: UInt32 { cursors[0].doc }
    var cost: UInt64 { UInt64(cursors[0].documentFrequency) }

    func next() -> UInt32 { cursors[0].next() }

    func advance(to target: UInt32) -> UInt32 {
        let d = cursors[0].doc
        return d >= target ? d : cursors[0].advance(to: target)
    }

    /// The term frequency in the title of `d` (moving the title cursor up to `d`; `d` never decreases).
    @inline(__always)
    private func titleFrequency(_ d: UInt32) -> UInt32 {
        guard hasTitle else { return 0 }
        var t = cursors[1].doc
        if t < d { t = cursors[1].advance(to: d) }
        return t == d ? cursors[1].frequency : 0
    }

    /// BM25F of the current body posting, document `d`.
    @inline(__always)
    private func score(_ d: UInt32) -> Float {
        let body = Float(cursors[0].frequency) * bodyFactors[Int(bodyNorms[Int(d)])]
        let title = Float(titleFrequency(d)) * titleFactors[Int(titleNorms[Int(d)])]
        let pseudo = body + title
        return weight * (pseudo / (pseudo + k1))
    }

    func score() -> Float { score(cursors[0].doc) }

    /// The body and title term frequencies on the current document (for explanations).
    func frequencies() -> (body: UInt32, title: UInt32) {
        (cursors[0].frequency, titleFrequency(cursors[0].doc))
    }

    func fill(base: UInt32, end: UInt32, bits: UnsafeMutablePointer<UInt64>, scores: UnsafeMutablePointer<Float>?) {
        var d = cursors[0].doc
        while d < end {
            let i = Int(d &- base)
            bits[i &>> 6] |= 1 &<< UInt64(i & 63)
            if let scores { scores[i] += score(d) }
            d = cursors[0].next()
        }
    }

    /// Top-k of this word alone (a one-word query): feeds `collector` every document that may enter its top k
    /// (at least all that do), with exact scores. A body block is passed over, undecoded, when its bound
    /// cannot beat the threshold: the body's largest pseudo-frequency over the block (from its skip entry) plus
    /// the title's largest over the whole segment if the title has a document in the block's range, saturated.
    /// Leaves the scorer exhausted.
    func collectTop(into collector: inout TopScoreCollector) {
        var titleBound: Float = 0
        if hasTitle {
            let table = tables.title
            cursors[1].forEachBlockBound { maxFrequency, minLengthRatio in
                titleBound = max(
                    titleBound, table.pseudoFrequencyBound(maxFrequency: maxFrequency, minLengthRatio: minLengthRatio))
            }
        }
        BlockMaxTerms.collectBlocks(
            of: cursors, into: &collector, bound: { blockBound(from: $0, titleBound: titleBound) },
            score: { score($0) })
    }

    /// A bound of the scores of the body cursor's current block from document `start` on (0 past the end).
    @inline(__always)
    private func blockBound(from start: UInt32, titleBound: Float) -> Float {
        let last = cursors[0].blockLastDoc
        if last == PostingsCursor.exhausted { return 0 }
        var pseudo = tables.body.pseudoFrequencyBound(
            maxFrequency: cursors[0].blockMaxFrequency, minLengthRatio: cursors[0].blockMinLengthRatio)
        if titleBound > 0 {
            var t = cursors[1].doc
            if t < start { t = cursors[1].advance(to: start) }
            if t <= last { pseudo += titleBound }
        }
        return weight * (pseudo / (pseudo + k1))
    }

    /// Feeds every remaining posting to `collector` (a single-word query) without dynamic dispatch.
    func collectAll<C: MatchCollector>(into collector: inout C) {
        var d = cursors[0].doc
        let scoring = collector.needsScores
        while d != PostingsCursor.exhausted {
            collector.collect(d, scoring ? score(d) : 0)
            d = cursors[0].next()
        }
    }
}
