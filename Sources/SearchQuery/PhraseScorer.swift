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
    /// Candidate phrase starts, `candidateCapacity` slots, grown on demand.
    private var candidates: UnsafeMutablePointer<UInt32>
    private var candidateCapacity: Int
    private let weight: Float
    private let norms: UnsafePointer<UInt8>
    private let lengthFactors: UnsafeMutablePointer<Float>
    private let table: LengthFactorTable
    private(set) var doc: UInt32 = 0
    /// Phrase frequency in `doc` (with `scoring` false, just 1).
    private var frequency: UInt32 = 0
    /// Whether scores are wanted; if not (counting), a document's positions are read only up to the phrase's
    /// first occurrence, and `score()` is meaningless.
    private let scoring: Bool

    /// Phrase term `i` is `terms[i]` (of `segment`), expected at relative position `offsets[i]`; requires two
    /// or more terms.
    init(
        segment: SegmentReader, terms: [TermInfo], offsets: [UInt32], weight: Float,
        norms: UnsafeBufferPointer<UInt8>, table: LengthFactorTable, scoring: Bool = true
    ) {
        self.scoring = scoring
        precondition(terms.count >= 2 && terms.count == offsets.count)
        count = terms.count
        buffer = PostingsCursorBuffer(segment: segment, terms: terms)
        self.offsets = .allocate(capacity: count)
        for i in 0..<count { self.offsets[i] = offsets[buffer.order[i]] }
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
        candidates.deallocate()
    }

    var cost: UInt64 { buffer.cost }

    /// The first document from `candidate` on (a document containing every term, or `exhausted`) that
    /// contains the phrase.
    private func find(_ candidate: UInt32) -> UInt32 {
        var candidate = candidate
        while candidate != PostingsCursor.exhausted {
            frequency = phraseFrequency(existence: !scoring)
            if frequency > 0 { return candidate }
            candidate = buffer.next()
        }
        return candidate
    }

    /// Number of start positions in the current document where every term sits at its offset (with
    /// `existence`, 1 as soon as one is found). Starts from the term with the fewest occurrences, and streams
    /// each other term's positions only while candidates remain.
    private func phraseFrequency(existence: Bool = false) -> UInt32 {
        let cursors = buffer.cursors
        var seed = 0
        var seedFrequency = cursors[0].frequency
        for k in 1..<count {
            let frequency = cursors[k].frequency
            if frequency < seedFrequency {
                seed = k
                seedFrequency = frequency
            }
        }
        reserveCandidates(Int(seedFrequency))
        // A local, so the loops below read no class property (and pay no exclusivity check).
        let candidates = self.candidates
        let decoded = cursors[seed].positions(writingTo: candidates)
        let seedOffset = offsets[seed]
        var n = 0
        for i in 0..<decoded where candidates[i] >= seedOffset {
            candidates[n] = candidates[i] &- seedOffset
            n &+= 1
        }
        let last = seed == count - 1 ? count - 2 : count - 1
        for k in 0..<count where k != seed {
            if n == 0 { return 0 }
            var reader = cursors[k].positionReader()
            n = Self.intersect(candidates, n, &reader, offset: offsets[k], firstOnly: existence && k == last)
        }
        return UInt32(n)
    }

    /// Keeps (in place, in order) the first `n` candidate starts `c` whose `c + offset` is among the reader's
    /// positions, reading them only up to the last candidate's; returns how many remain (with `firstOnly`, 1 at
    /// the first one found).
    @inline(__always)
    private static func intersect(
        _ starts: UnsafeMutablePointer<UInt32>, _ n: Int, _ reader: inout PositionReader, offset: UInt32,
        firstOnly: Bool
    ) -> Int {
        guard var position = reader.next() else { return 0 }
        var kept = 0
        for i in 0..<n {
            let wanted = starts[i] &+ offset
            if position < wanted {
                guard let next = reader.advance(to: wanted) else { return kept }
                position = next
            }
            if position == wanted {
                if firstOnly { return 1 }
                starts[kept] = starts[i]
                kept &+= 1
            }
        }
        return kept
    }

    /// Grows `candidates` (contents not kept) to hold at least `needed` values.
    private func reserveCandidates(_ needed: Int) {
        guard needed > candidateCapacity else { return }
        candidates.deallocate()
        candidateCapacity = max(needed, 2 * candidateCapacity)
        candidates = .allocate(capacity: candidateCapacity)
    }

    /// Feeds `collector` every remaining phrase match that may enter its top k (at least all that do), with
    /// exact scores. The phrase frequency is at most each of its terms' frequencies, so a document's score is
    /// bounded first by the rarest term's frequency alone, before the other cursors move to it, then by the
    /// smallest of them all; positions are read only where both bounds can beat the threshold. Leaves the
    /// scorer exhausted.
    func collectTop(into collector: inout TopScoreCollector) {
        guard doc != PostingsCursor.exhausted else { return }
        collector.collect(doc, score())
        var threshold = collector.threshold
        let cursors = buffer.cursors
        var lead = cursors[0].next()
        while lead != PostingsCursor.exhausted {
            if threshold > -.infinity && BlockMaxTerms.cannotBeat(score(cursors[0].frequency, lead), threshold) {
                lead = cursors[0].next()
                continue
            }
            let candidate = buffer.align(lead)
            if candidate == PostingsCursor.exhausted { break }
            var smallest = cursors[0].frequency
            for k in 1..<count { smallest = min(smallest, cursors[k].frequency) }
            if !BlockMaxTerms.cannotBeat(score(smallest, candidate), threshold) {
                frequency = phraseFrequency()
                if frequency > 0 {
                    doc = candidate
                    collector.collect(candidate, score())
                    threshold = collector.threshold
                }
            }
            lead = cursors[0].next()
        }
        doc = PostingsCursor.exhausted
    }

    /// The score of a phrase frequency of `frequency` in `doc` (so also the bound of any lower one).
    @inline(__always)
    private func score(_ frequency: UInt32, _ doc: UInt32) -> Float {
        let tf = Float(frequency)
        return weight * (tf / (tf + lengthFactors[Int(norms[Int(doc)])]))
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

    func score() -> Float { score(frequency, doc) }
}
