import SearchIndex

/// Documents where the phrase's terms occur at consecutive positions (more exactly, at the relative
/// `offsets` analysis gave them). The terms' postings are first intersected by leap-frogging, and positions
/// are read only for documents containing every term. The score is BM25 with the phrase frequency (number
/// of start positions where the whole phrase occurs, overlaps included) as tf and the sum of the terms'
/// idfs as idf, as tantivy's `PhraseScorer` / `Bm25Weight::for_terms` and Lucene's `PhraseWeight` do.
final class PhraseScorer: Scorer {
    private let buffer: PostingsCursorBuffer
    private let count: Int
    /// Relative position of the term of each cursor (indexed like `buffer.cursors`).
    private let offsets: UnsafeMutablePointer<UInt32>
    /// One reusable position buffer per cursor.
    private let positions: UnsafeMutablePointer<[UInt32]>
    /// Candidate phrase starts, `candidateCapacity` slots, grown on demand.
    private var candidates: UnsafeMutablePointer<UInt32>
    private var candidateCapacity: Int
    private let weight: Float
    private let norms: UnsafePointer<UInt8>
    private let lengthFactors: UnsafeMutablePointer<Float>
    private let table: LengthFactorTable
    private(set) var doc: UInt32 = 0
    /// Phrase frequency in `doc`.
    private var frequency: UInt32 = 0

    /// Phrase term `i` is `terms[i]` (of `segment`), expected at relative position `offsets[i]`; requires two
    /// or more terms.
    init(
        segment: SegmentReader, terms: [TermInfo], offsets: [UInt32], weight: Float,
        norms: UnsafeBufferPointer<UInt8>, table: LengthFactorTable
    ) {
        precondition(terms.count >= 2 && terms.count == offsets.count)
        count = terms.count
        buffer = PostingsCursorBuffer(segment: segment, terms: terms)
        self.offsets = .allocate(capacity: count)
        for i in 0..<count { self.offsets[i] = offsets[buffer.order[i]] }
        positions = .allocate(capacity: count)
        positions.initialize(repeating: [], count: count)
        candidateCapacity = 64
        candidates = .allocate(capacity: candidateCapacity)
        self.weight = weight
        self.norms = norms.baseAddress!
        self.lengthFactors = table.factors
        self.table = table
        doc = find(buffer.align(buffer.cursors[0].doc))
    }

    deinit {
        offsets.deallocate()
        positions.deinitialize(count: count)
        positions.deallocate()
        candidates.deallocate()
    }

    var cost: UInt64 { buffer.cost }

    /// The first document from `candidate` on (a document containing every term, or `exhausted`) that
    /// contains the phrase.
    private func find(_ candidate: UInt32) -> UInt32 {
        var candidate = candidate
        while candidate != PostingsCursor.exhausted {
            frequency = phraseFrequency()
            if frequency > 0 { return candidate }
            candidate = buffer.next()
        }
        return candidate
    }

    /// Number of start positions in the current document where every term sits at its offset. Starts from
    /// the term with the fewest occurrences and reads each other term's positions only while candidates remain.
    private func phraseFrequency() -> UInt32 {
        let cursors = buffer.cursors
        var seed = 0
        for k in 1..<count where cursors[k].frequency < cursors[seed].frequency { seed = k }
        cursors[seed].positions(into: &positions[seed])
        if positions[seed].count > candidateCapacity {
            candidates.deallocate()
            candidateCapacity = max(positions[seed].count, 2 * candidateCapacity)
            candidates = .allocate(capacity: candidateCapacity)
        }
        let seedOffset = offsets[seed]
        var n = 0
        positions[seed].withUnsafeBufferPointer { seedPositions in
            for p in seedPositions where p >= seedOffset {
                candidates[n] = p &- seedOffset
                n &+= 1
            }
        }
        for k in 0..<count where k != seed {
            if n == 0 { return 0 }
            cursors[k].positions(into: &positions[k])
            n = Self.intersect(candidates, n, positions[k], offset: offsets[k])
        }
        return UInt32(n)
    }

    /// Keeps (in place, in order) the first `n` candidate starts `c` with `c + offset` in `positions`; returns
    /// how many remain.
    @inline(__always)
    private static func intersect(
        _ starts: UnsafeMutablePointer<UInt32>, _ n: Int, _ positions: [UInt32], offset: UInt32
    ) -> Int {
        positions.withUnsafeBufferPointer { positions in
            var kept = 0
            var j = 0
            let m = positions.count
            for i in 0..<n {
                let wanted = starts[i] &+ offset
                while j < m && positions[j] < wanted { j &+= 1 }
                if j == m { break }
                if positions[j] == wanted {
                    starts[kept] = starts[i]
                    kept &+= 1
                }
            }
            return kept
        }
    }

    /// Feeds `collector` every remaining phrase match that may enter its top k (at least all that do), with
    /// exact scores; reads positions only where the document's score bound — the phrase frequency is at most
    /// the smallest of its terms' frequencies — can beat the threshold. Leaves the scorer exhausted.
    func collectTop(into collector: inout TopScoreCollector) {
        guard doc != PostingsCursor.exhausted else { return }
        collector.collect(doc, score())
        var threshold = collector.threshold
        let cursors = buffer.cursors
        var candidate = buffer.next()
        while candidate != PostingsCursor.exhausted {
            var smallest = cursors[0].frequency
            for k in 1..<count { smallest = min(smallest, cursors[k].frequency) }
            let tf = Float(smallest)
            let bound = weight * (tf / (tf + lengthFactors[Int(norms[Int(candidate)])]))
            if !BlockMaxTerms.cannotBeat(bound, threshold) {
                frequency = phraseFrequency()
                if frequency > 0 {
                    doc = candidate
                    collector.collect(candidate, score())
                    threshold = collector.threshold
                }
            }
            candidate = buffer.next()
        }
        doc = PostingsCursor.exhausted
    }

    func next() -> UInt32 {
        if doc == PostingsCursor.exhausted { return doc }
        doc = find(buffer.next())
        return doc
    }

    func advance(to target: UInt32) -> UInt32 {
        if target <= doc { return doc }
        doc = find(buffer.align(target))
        return doc
    }

    func score() -> Float {
        let tf = Float(frequency)
        return weight * (tf / (tf + lengthFactors[Int(norms[Int(doc)])]))
    }
}
