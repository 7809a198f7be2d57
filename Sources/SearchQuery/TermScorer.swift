import SearchIndex

/// Scores one term's postings with BM25: `weight · tf / (tf + K[norm])`, where `weight` is
/// idf × (times the term occurs in the query) and `K` is the field's 256-entry length-factor table.
final class TermScorer: Scorer {
    /// The postings cursor, in its own allocation so the hot loops mutate it without exclusivity checks on a
    /// class property; owned and deinitialized by this object.
    private let cursor: UnsafeMutablePointer<PostingsCursor>
    private let weight: Float
    private let norms: UnsafePointer<UInt8>
    private let lengthFactors: UnsafeMutablePointer<Float>
    /// Keeps `lengthFactors` alive.
    private let table: LengthFactorTable

    /// Scores `term`'s postings in `segment`, whose norms for the term's field are `norms`.
    init(
        segment: SegmentReader, term: TermInfo, weight: Float, norms: UnsafeBufferPointer<UInt8>,
        table: LengthFactorTable
    ) {
        // Created in place, so the cursor owns its decoding buffers without a copy-on-write copy.
        cursor = .allocate(capacity: 1)
        cursor.initialize(to: segment.postings(term))
        self.weight = weight
        // A segment with documents has a non-empty norms buffer; a term only exists in such a segment.
        self.norms = norms.baseAddress!
        self.lengthFactors = table.factors
        self.table = table
    }

    deinit {
        cursor.deinitialize(count: 1)
        cursor.deallocate()
    }

    var doc: UInt32 { cursor.pointee.doc }
    var cost: UInt64 { UInt64(cursor.pointee.documentFrequency) }

    func next() -> UInt32 { cursor.pointee.next() }

    func advance(to target: UInt32) -> UInt32 {
        let d = cursor.pointee.doc
        return d >= target ? d : cursor.pointee.advance(to: target)
    }

    @inline(__always)
    func score() -> Float {
        let tf = Float(cursor.pointee.frequency)
        return weight * (tf / (tf + lengthFactors[Int(norms[Int(cursor.pointee.doc)])]))
    }

    func fill(base: UInt32, end: UInt32, bits: UnsafeMutablePointer<UInt64>, scores: UnsafeMutablePointer<Float>?) {
        var d = cursor.pointee.doc
        if let scores {
            while d < end {
                let i = Int(d &- base)
                bits[i &>> 6] |= 1 &<< UInt64(i & 63)
                let tf = Float(cursor.pointee.frequency)
                scores[i] += weight * (tf / (tf + lengthFactors[Int(norms[Int(d)])]))
                d = cursor.pointee.next()
            }
        } else if d < end {
            cursor.pointee.setBits(base: base, end: end, into: bits)
        }
    }

    /// Feeds every remaining posting to `collector`: the whole evaluation of a single-term query, in one loop
    /// without dynamic dispatch.
    func collectAll<C: MatchCollector>(into collector: inout C) {
        var d = cursor.pointee.doc
        if collector.needsScores {
            while d != PostingsCursor.exhausted {
                let tf = Float(cursor.pointee.frequency)
                collector.collect(d, weight * (tf / (tf + lengthFactors[Int(norms[Int(d)])])))
                d = cursor.pointee.next()
            }
        } else {
            while d != PostingsCursor.exhausted {
                collector.collect(d, 0)
                d = cursor.pointee.next()
            }
        }
    }
}
