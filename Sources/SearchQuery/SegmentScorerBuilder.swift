import SearchIndex

/// Binds a `QueryPlan` to one segment: turns plan nodes into `Scorer`s over the segment's postings.
struct SegmentScorerBuilder {
    let plan: QueryPlan
    let segment: SegmentReader
    let segmentIndex: Int
    /// Length-factor tables indexed by `IndexedField.rawValue`.
    let tables: [LengthFactorTable]
    /// BM25F factor tables for title and body (used by terms with `titleInfos`).
    let fieldedTables: FieldedTables
    /// Whether scores are wanted; counting turns it off, and phrases then stop at their first occurrence.
    var scoring = true

    /// The scorer for `node`, or nil if it matches nothing in this segment.
    func scorer(_ node: PlanNode) -> (any Scorer)? {
        switch node {
        case .nothing:
            return nil
        case .term(let index, let multiplicity):
            let term = plan.terms[index]
            if let titleInfos = term.titleInfos {
                guard let info = term.infos[segmentIndex], let bodyNorms = norms(.body),
                      let titleNorms = norms(.title) else { return nil }
                return FieldedTermScorer(
                    segment: segment, body: info, title: titleInfos[segmentIndex],
                    weight: term.idf * Float(multiplicity), bodyNorms: bodyNorms, titleNorms: titleNorms,
                    tables: fieldedTables)
            }
            guard let info = term.infos[segmentIndex], let norms = norms(term.field) else { return nil }
            return TermScorer(
                segment: segment, term: info, weight: term.idf * Float(multiplicity), norms: norms,
                table: tables[Int(term.field.rawValue)])
        case .phrase(let phrase):
            var infos: [TermInfo] = []
            infos.reserveCapacity(phrase.terms.count)
            var idf: Float = 0
            for index in phrase.terms {
                let term = plan.terms[index]
                guard let info = term.infos[segmentIndex] else { return nil }
                infos.append(info)
                idf += term.idf
            }
            let field = plan.terms[phrase.terms[0]].field
            guard let norms = norms(field) else { return nil }
            return PhraseScorer(
                segment: segment, terms: infos, offsets: phrase.offsets, weight: idf * Float(phrase.multiplicity),
                norms: norms, table: tables[Int(field.rawValue)], scoring: scoring)
        case .boolean(let must, let should, let mustNot):
            let optional = scorers(should)
            let positive: any Scorer
            if must.isEmpty {
                guard let union = Self.union(optional) else { return nil }
                positive = union
            } else {
                guard let required = conjunction(must) else { return nil }
                if let union = Self.union(optional) {
                    positive = RequiredOptionalScorer(required: required, optional: union)
                } else {
                    positive = required
                }
            }
            guard let excluded = Self.union(scorers(mustNot)) else { return positive }
            return ExclusionScorer(positive: positive, excluded: excluded)
        }
    }

    /// The scorers of those of `nodes` that match something in this segment. A loop rather than
    /// `compactMap(scorer)`, whose closure would copy the builder for every boolean node.
    func scorers(_ nodes: [PlanNode]) -> [any Scorer] {
        if nodes.isEmpty { return [] }
        var result: [any Scorer] = []
        result.reserveCapacity(nodes.count)
        for node in nodes {
            if let scorer = scorer(node) { result.append(scorer) }
        }
        return result
    }

    /// The conjunction of required clauses, or nil if one matches nothing in this segment: a
    /// `TermConjunctionScorer` when they are all terms, else a `ConjunctionScorer` over their scorers.
    private func conjunction(_ must: [PlanNode]) -> (any Scorer)? {
        if must.count == 1 { return scorer(must[0]) }
        var terms: [TermConjunctionScorer.Term] = []
        terms.reserveCapacity(must.count)
        for node in must {
            guard case .term(let index, let multiplicity) = node, plan.terms[index].titleInfos == nil else { break }
            let term = plan.terms[index]
            guard let info = term.infos[segmentIndex], let norms = norms(term.field) else { return nil }
            terms.append(TermConjunctionScorer.Term(
                info: info, weight: term.idf * Float(multiplicity), norms: norms,
                table: tables[Int(term.field.rawValue)]))
        }
        if terms.count == must.count {
            return TermConjunctionScorer(segment: segment, terms: terms)
        }
        var required: [any Scorer] = []
        required.reserveCapacity(must.count)
        for node in must {
            guard let scorer = scorer(node) else { return nil }
            required.append(scorer)
        }
        let fielded = required.compactMap { $0 as? FieldedTermScorer }
        if fielded.count == required.count { return FieldedConjunctionScorer(fielded) }
        return ConjunctionScorer(required)
    }

    /// For the block-max evaluators: one entry per node when every node is a classic BM25 term (nil entries
    /// for terms absent from this segment); nil if some node is anything else (a BM25F term, a phrase, ...).
    func plainTerms(_ nodes: [PlanNode]) -> [TermConjunctionScorer.Term?]? {
        var terms: [TermConjunctionScorer.Term?] = []
        terms.reserveCapacity(nodes.count)
        for node in nodes {
            guard case .term(let index, let multiplicity) = node, plan.terms[index].titleInfos == nil else {
                return nil
            }
            let term = plan.terms[index]
            guard let info = term.infos[segmentIndex], let norms = norms(term.field) else {
                terms.append(nil)
                continue
            }
            terms.append(TermConjunctionScorer.Term(
                info: info, weight: term.idf * Float(multiplicity), norms: norms,
                table: tables[Int(term.field.rawValue)]))
        }
        return terms
    }

    /// The segment's norms for `field`; nil (the field then matches nothing) if they do not cover every
    /// document, so scorers can index them by document number unchecked.
    private func norms(_ field: IndexedField) -> UnsafeBufferPointer<UInt8>? {
        let norms = segment.norms(field)
        guard norms.baseAddress != nil, norms.count >= segment.documentCount else { return nil }
        return norms
    }

    /// One scorer for a list of alternatives; nil for none.
    static func union(_ scorers: [any Scorer]) -> (any Scorer)? {
        switch scorers.count {
        case 0: return nil
        case 1: return scorers[0]
        default: return DisjunctionScorer(scorers)
        }
    }
}
