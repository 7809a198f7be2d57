import SearchIndex

extension Searcher {
    /// The hits of `search(_:limit:offset:)` without the total: not counting every match lets block-max
    /// evaluation skip the documents that cannot rank (term, all-term OR and AND queries, phrases).
    public func topHits(_ query: Query, limit: Int, offset: Int = 0) -> [ScoredDocument] {
        topHits(makePlan(query), limit: limit, offset: offset)
    }

    /// `topHits(_:limit:offset:)` of a planned query.
    func topHits(_ plan: QueryPlan, limit: Int, offset: Int) -> [ScoredDocument] {
        guard let root = plan.root, limit > 0 else { return [] }
        let offset = max(0, offset)
        let proximity = termProximity(plan)
        let requested = UInt64(offset) &+ UInt64(limit)
        let capacity = collectionSize(requested: requested, proximity: proximity)
        guard capacity > 0 else { return [] }
        var collector = TopScoreCollector(capacity: capacity)
        for (index, segment) in segments.enumerated() where segment.documentCount > 0 {
            collector.segment = index
            collector.deleted = segment.deletedDocuments?.bits
            let builder = SegmentScorerBuilder(
                plan: plan, segment: segment, segmentIndex: index, tables: tables, fieldedTables: fieldedTables)
            if !collectTop(root, builder: builder, into: &collector) {
                evaluate(root, plan: plan, segment: segment, index: index, into: &collector)
            }
        }
        let hits = reranked(collector.sortedHits(), proximity)
        let end = Int(min(requested, UInt64(hits.count)))
        return offset < end ? Array(hits[offset..<end]) : []
    }

    /// Evaluates `root` on the builder's segment with a block-max evaluator if its shape has one; false if not
    /// (nothing was collected then).
    private func collectTop(
        _ root: PlanNode, builder: SegmentScorerBuilder, into collector: inout TopScoreCollector
    ) -> Bool {
        switch root {
        case .term:
            guard let terms = builder.plainTerms([root]) else {
                // A BM25F word.
                guard let scorer = builder.scorer(root) else { return true }
                guard let fielded = scorer as? FieldedTermScorer else { return false }
                fielded.collectTop(into: &collector)
                return true
            }
            if let term = terms[0] {
                BlockMaxTerms(segment: builder.segment, terms: [term]).collectFirstTerm(into: &collector)
            }
            return true
        case .boolean(let must, let should, let mustNot) where mustNot.isEmpty:
            if must.isEmpty && !should.isEmpty { return collectUnion(should, builder: builder, into: &collector) }
            guard should.isEmpty, must.count >= 2, let terms = builder.plainTerms(must) else { return false }
            var live: [TermConjunctionScorer.Term] = []
            for term in terms {
                guard let term else { return true }  // a required term absent from the segment: no match
                live.append(term)
            }
            BlockMaxConjunction(terms: BlockMaxTerms(segment: builder.segment, terms: live))
                .collect(into: &collector)
            return true
        case .phrase:
            guard let scorer = builder.scorer(root) else { return true }
            guard let phrase = scorer as? PhraseScorer else { return false }
            phrase.collectTop(into: &collector)
            return true
        default:
            return false
        }
    }

    private func collectUnion(
        _ nodes: [PlanNode], builder: SegmentScorerBuilder, into collector: inout TopScoreCollector
    ) -> Bool {
        guard let terms = builder.plainTerms(nodes) else { return false }
        let live = terms.compactMap { $0 }
        if live.isEmpty { return true }
        BlockMaxUnion(terms: BlockMaxTerms(segment: builder.segment, terms: live)).collect(into: &collector)
        return true
    }
}
