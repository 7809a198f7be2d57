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
                result[i].score += weight * walker.score(hits[i].doc)
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
        /// Per word, its positions in the current document (empty if it is not there); reused.
        var positions: [[UInt32]]
        /// Per word, how many of its positions the merge has passed, and the next one.
        var heads: [Int]
        var nexts: [UInt32]
        var accumulators: [Float]

        init(_ proximity: TermProximity, segment: SegmentReader, segmentIndex: Int) {
            self.proximity = proximity
            norms = segment.norms(.body)
            cursors = proximity.terms.map { term in term.infos[segmentIndex].map { segment.postings($0) } }
            positions = Array(repeating: [], count: proximity.terms.count)
            heads = Array(repeating: 0, count: proximity.terms.count)
            nexts = Array(repeating: 0, count: proximity.terms.count)
            accumulators = Array(repeating: 0, count: proximity.terms.count)
        }

        /// The proximity score of `doc` (before `weight`).
        mutating func score(_ doc: UInt32) -> Float {
            let k = accumulate(doc)
            var score: Float = 0
            for t in accumulators.indices where accumulators[t] > 0 { score += contribution(t, k) }
            return score
        }

        mutating func detail(_ doc: UInt32) -> Detail {
            let k = accumulate(doc)
            var contributions = [Float](repeating: 0, count: accumulators.count)
            var score: Float = 0
            for t in accumulators.indices where accumulators[t] > 0 {
                contributions[t] = contribution(t, k)
                score += contributions[t]
            }
            return Detail(accumulators: accumulators, contributions: contributions, lengthFactor: k, score: score)
        }

        /// What word `t` adds to the score, given its accumulator and the document's length factor `k`.
        @inline(__always)
        private func contribution(_ t: Int, _ k: Float) -> Float {
            let term = proximity.terms[t]
            let a = accumulators[t]
            return min(1, term.idf) * Float(term.multiplicity) * (a / (a + k))
        }

        /// Fills `accumulators` for `doc` and returns its length factor K. The words' occurrences are visited in
        /// position order by merging the words' ascending position lists (the word with the smallest next
        /// position goes first; words are few), ties in word order.
        private mutating func accumulate(_ doc: UInt32) -> Float {
            let terms = proximity.terms
            let n = terms.count
            for t in 0..<n {
                accumulators[t] = 0
                heads[t] = 0
                positions[t].removeAll(keepingCapacity: true)
                // Mutated in place: a copied cursor would copy its decoding buffers.
                guard let current = cursors[t]?.doc else { continue }
                if current < doc { cursors[t]!.advance(to: doc) }
                guard cursors[t]!.doc == doc else { continue }
                cursors[t]!.positions(into: &positions[t])
            }
            // Each word's next position, UInt32.max once its list is done: the merge then reads no array.
            for t in 0..<n { nexts[t] = positions[t].first ?? UInt32.max }
            var previousWord = -1
            var previousPosition: UInt32 = 0
            while true {
                var word = 0
                var position = nexts[0]
                for t in 1..<n where nexts[t] < position {
                    word = t
                    position = nexts[t]
                }
                if position == UInt32.max { break }
                heads[word] += 1
                nexts[word] = heads[word] < positions[word].count ? positions[word][heads[word]] : UInt32.max
                if previousWord >= 0 && previousWord != word {
                    let distance = Float(position - previousPosition)
                    let squared = distance * distance
                    accumulators[word] += terms[previousWord].idf / squared
                    accumulators[previousWord] += terms[word].idf / squared
                }
                previousWord = word
                previousPosition = position
            }
            let code = Int(doc) < norms.count ? Int(norms[Int(doc)]) : 0
            return proximity.lengthFactors.factors[code]
        }
    }
}
