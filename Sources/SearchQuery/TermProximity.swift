import SearchIndex

/// Term proximity after BM25TP (Büttcher, Clarke & Lushman, "Term proximity scoring for ad-hoc retrieval on
/// very large text collections", SIGIR 2006): documents where the query's words occur close together rank
/// higher. Walking the document's occurrences of the query words in position order, each pair of neighbouring
/// occurrences of two different words t and u at distance d adds idf(u) / d² to t's accumulator and idf(t) / d²
/// to u's. Each word then contributes like a BM25 term whose frequency is its accumulator:
///
///     tp = Σ_t  min(1, idf(t)) · m(t) · acc(t) / (acc(t) + K),   K = k1 · (1 - b + b · len / avgLen)
///
/// with m(t) the times t occurs in the query and the body's length and parameters, and, as everywhere here,
/// without the constant (k1 + 1) factor. The method adds no parameter of its own to tune.
///
/// It runs on the body (which holds the title) for the unqualified words of a query's top level, once at
/// least two distinct words remain, and only over the best `Searcher.proximityDepth` hits: the first stage
/// ranks by BM25F, the proximity score reorders its best hits (adding a non-negative score, so the reordered
/// hits still rank above the rest).
struct TermProximity {
    /// One query word.
    struct Term {
        /// The analyzed word.
        var bytes: [UInt8]
        /// The word's body entry in each segment (nil where absent).
        var infos: [TermInfo?]
        var idf: Float
        var multiplicity: Int
    }

    /// The accumulator and contribution of each word for one document (for explanations).
    struct Detail {
        var accumulators: [Float]
        var contributions: [Float]
        var lengthFactor: Float
        var score: Float
    }

    /// At most this many words take part, the rarest ones (to bound the work per document).
    static let maximumTerms = 32

    let terms: [Term]
    let weight: Float
    /// K for each body norm code.
    let lengthFactors: LengthFactorTable

    /// The proximity component of `plan`, or nil when its top level has fewer than two unqualified words or
    /// `weight` is 0.
    init?(plan: QueryPlan, weight: Float, lengthFactors: LengthFactorTable) {
        guard weight > 0, let root = plan.root, case .boolean(let must, let should, _) = root else { return nil }
        var terms: [Term] = []
        var seen: [Int: Int] = [:]  // plan term index → position in `terms`
        for node in must + should {
            guard case .term(let index, let multiplicity) = node, plan.terms[index].titleInfos != nil else { continue }
            // A word both required and optional (`india +india`) is one word occurring twice in the query: two
            // entries would sit at the same positions, at distance 0.
            if let known = seen[index] {
                terms[known].multiplicity += multiplicity
                continue
            }
            seen[index] = terms.count
            let term = plan.terms[index]
            terms.append(Term(bytes: term.bytes, infos: term.infos, idf: term.idf, multiplicity: multiplicity))
        }
        guard terms.count >= 2 else { return nil }
        if terms.count > Self.maximumTerms {
            terms = Array(terms.sorted { $0.idf > $1.idf }.prefix(Self.maximumTerms))
        }
        self.terms = terms
        self.weight = weight
        self.lengthFactors = lengthFactors
    }

    /// `hits` with their proximity scores added and reordered (best first, ties by segment then document).
    func rerank(_ hits: [ScoredDocument], segments: [SegmentReader]) -> [ScoredDocument] {
        var result = hits
        let order = hits.indices.sorted { (hits[$0].segment, hits[$0].doc) < (hits[$1].segment, hits[$1].doc) }
        var start = 0
        while start < order.count {
            let segmentIndex = hits[order[start]].segment
            var end = start
            while end < order.count && hits[order[end]].segment == segmentIndex { end += 1 }
            var walker = Walker(self, segment: segments[segmentIndex], segmentIndex: segmentIndex)
            for i in order[start..<end] {
                result[i].score += weight * walker.detail(hits[i].doc).score
            }
            start = end
        }
        return result.sorted { TopScoreCollector.worse($1, $0) }
    }

    /// The proximity detail of one document (for explanations; `score` is before `weight`).
    func detail(segment: SegmentReader, segmentIndex: Int, doc: UInt32) -> Detail {
        var walker = Walker(self, segment: segment, segmentIndex: segmentIndex)
        return walker.detail(doc)
    }

    /// Reads the words' positions document after document (ascending) within one segment.
    private struct Walker {
        let proximity: TermProximity
        let norms: UnsafeBufferPointer<UInt8>
        /// A cursor per word (nil where the segment lacks it).
        var cursors: [PostingsCursor?]
        var positions: [UInt32] = []
        /// Occurrences of the query words in the current document: position << 8 | word.
        var occurrences: [UInt64] = []

        init(_ proximity: TermProximity, segment: SegmentReader, segmentIndex: Int) {
            self.proximity = proximity
            norms = segment.norms(.body)
            cursors = proximity.terms.map { term in term.infos[segmentIndex].map { segment.postings($0) } }
        }

        mutating func detail(_ doc: UInt32) -> Detail {
            let terms = proximity.terms
            occurrences.removeAll(keepingCapacity: true)
            for t in cursors.indices {
                // Mutated in place: a copied cursor would copy its decoding buffers.
                guard let current = cursors[t]?.doc else { continue }
                if current < doc { cursors[t]!.advance(to: doc) }
                guard cursors[t]!.doc == doc else { continue }
                cursors[t]!.positions(into: &positions)
                for p in positions { occurrences.append(UInt64(p) << 8 | UInt64(t)) }
            }
            occurrences.sort()
            var accumulators = [Float](repeating: 0, count: terms.count)
            var previous: UInt64?
            for occurrence in occurrences {
                if let last = previous, last & 0xFF != occurrence & 0xFF {
                    let t = Int(occurrence & 0xFF), u = Int(last & 0xFF)
                    let distance = Float((occurrence >> 8) - (last >> 8))
                    let squared = distance * distance
                    accumulators[t] += terms[u].idf / squared
                    accumulators[u] += terms[t].idf / squared
                }
                previous = occurrence
            }
            let code = Int(doc) < norms.count ? Int(norms[Int(doc)]) : 0
            let k = proximity.lengthFactors.factors[code]
            var contributions = [Float](repeating: 0, count: terms.count)
            var score: Float = 0
            for t in terms.indices where accumulators[t] > 0 {
                let a = accumulators[t]
                contributions[t] = min(1, terms[t].idf) * Float(terms[t].multiplicity) * (a / (a + k))
                score += contributions[t]
            }
            return Detail(accumulators: accumulators, contributions: contributions, lengthFactor: k, score: score)
        }
    }
}
