import SearchAnalysis
import SearchIndex

/// Runs queries over an IndexReader with global (cross-segment) statistics.
///
/// Per query: analyze and look terms up in every segment (summing document frequencies so scores do not
/// depend on segmentation), then evaluate segment by segment into one top-k heap. A `Searcher` holds no
/// per-query state, so one instance may serve several threads.
public final class Searcher: @unchecked Sendable {
    /// The index view searched.
    public let reader: IndexReader
    /// BM25 parameters.
    public let parameters: BM25Parameters
    let segments: [SegmentReader]
    /// Documents in the index (BM25's N).
    let documentCount: UInt64
    /// Per field (by `rawValue`): BM25 length factor for each norm code, from the global average length.
    let tables: [LengthFactorTable]
    /// BM25F factors of title and body for unqualified words on `standard` indexes.
    let fieldedTables: FieldedTables
    /// Per field (by `rawValue`): the average length, total tokens / documents.
    let averageLengths: [Float]

    /// Creates a searcher over `reader`'s segments, computing global field statistics once.
    public init(reader: IndexReader, parameters: BM25Parameters = .init()) {
        self.reader = reader
        self.parameters = parameters
        segments = reader.segments
        let documents = segments.reduce(UInt64(0)) { $0 + UInt64($1.documentCount) }
        documentCount = documents
        averageLengths = IndexedField.allCases.map { field in
            let tokens = reader.segments.reduce(UInt64(0)) { $0 + $1.statistics(field).totalTermCount }
            // tantivy: average fieldnorm = total tokens / total documents (documents without the field count).
            return documents > 0 ? Float(tokens) / Float(documents) : 0
        }
        let analyzer = reader.analyzer
        tables = IndexedField.allCases.map { [averageLengths] field in
            LengthFactorTable(
                averageLength: averageLengths[Int(field.rawValue)],
                parameters: parameters.classic(for: field, analyzer: analyzer))
        }
        fieldedTables = FieldedTables(
            body: FieldFactorTable(
                averageLength: averageLengths[Int(IndexedField.body.rawValue)],
                b: parameters.b(for: .body, analyzer: analyzer), weight: 1),
            title: FieldFactorTable(
                averageLength: averageLengths[Int(IndexedField.title.rawValue)],
                b: parameters.b(for: .title, analyzer: analyzer), weight: parameters.titleWeight),
            k1: parameters.k1(for: analyzer))
    }

    /// How many of the best hits the term-proximity score reorders (on `standard` indexes, for queries of
    /// two or more words). Fixed, so a hit's rank never depends on how many hits were asked for.
    public static let proximityDepth = 100

    /// Top `limit` hits after skipping `offset`, best first, with the exact total number of matches.
    public func search(_ query: Query, limit: Int, offset: Int = 0) -> TopDocs {
        let plan = makePlan(query)
        guard let root = plan.root else { return TopDocs(total: 0, hits: []) }
        if isCountedApart(root, plan) {
            return TopDocs(total: count(plan), hits: topHits(plan, limit: limit, offset: offset))
        }
        let offset = max(0, offset)
        let wanted = max(0, limit)
        let proximity = wanted == 0 ? nil : termProximity(plan)
        let requested = UInt64(offset) &+ UInt64(wanted)
        let capacity = wanted == 0 ? 0 : collectionSize(requested: requested, proximity: proximity)
        var collector = TopScoreCollector(capacity: capacity)
        for (index, segment) in segments.enumerated() where segment.documentCount > 0 {
            collector.segment = index
            collector.deleted = segment.deletedDocuments?.bits
            evaluate(root, plan: plan, segment: segment, index: index, into: &collector)
        }
        let hits = reranked(collector.sortedHits(), proximity)
        let end = Int(min(requested, UInt64(hits.count)))
        return TopDocs(total: collector.total, hits: offset < end ? Array(hits[offset..<end]) : [])
    }

    /// Whether `root`'s hits and total take less as block-max hits plus a count that scores nothing than as one
    /// pass scoring every match: one word without deletions (its total is its document frequency), and a
    /// disjunction of BM25 words (on the `large` corpus, median 71 against 102 µs).
    private func isCountedApart(_ root: PlanNode, _ plan: QueryPlan) -> Bool {
        switch root {
        case .term:
            return !hasDeletions
        case .boolean(let must, let should, let mustNot) where must.isEmpty && mustNot.isEmpty && should.count >= 2:
            return should.allSatisfy {
                if case .term(let index, _) = $0 { plan.terms[index].titleInfos == nil } else { false }
            }
        default:
            return false
        }
    }

    /// Whether some segment has deleted documents (so a word's document frequency may overcount its matches).
    private var hasDeletions: Bool { segments.contains { $0.deletedDocuments != nil } }

    /// The proximity stage for `plan`, if it has one.
    func termProximity(_ plan: QueryPlan) -> TermProximity? {
        guard reader.analyzer == .standard else { return nil }
        return TermProximity(
            plan: plan, weight: parameters.proximityWeight, lengthFactors: tables[Int(IndexedField.body.rawValue)])
    }

    /// How many hits the first stage keeps for a page ending at `requested`: at least the proximity stage's
    /// depth when there is one, never more than the index holds.
    func collectionSize(requested: UInt64, proximity: TermProximity?) -> Int {
        let kept = proximity == nil ? requested : max(requested, UInt64(Self.proximityDepth))
        return Int(min(kept, documentCount))
    }

    /// First-stage hits (best first) with the proximity stage applied to the best `proximityDepth`.
    func reranked(_ hits: [ScoredDocument], _ proximity: TermProximity?) -> [ScoredDocument] {
        guard let proximity, !hits.isEmpty else { return hits }
        var hits = hits
        let depth = min(Self.proximityDepth, hits.count)
        hits.replaceSubrange(0..<depth, with: proximity.rerank(Array(hits[0..<depth]), segments: segments))
        return hits
    }

    /// Exact number of matching documents.
    public func count(_ query: Query) -> Int {
        count(makePlan(query))
    }

    /// `count(_:)` of a planned query.
    func count(_ plan: QueryPlan) -> Int {
        guard let root = plan.root else { return 0 }
        // A single term matches exactly its document frequency, unless some of those documents are deleted.
        if case .term(let index, _) = root, !hasDeletions {
            return Int(plan.terms[index].documentFrequency)
        }
        var total = 0
        for (index, segment) in segments.enumerated() where segment.documentCount > 0 {
            var builder = SegmentScorerBuilder(
                plan: plan, segment: segment, segmentIndex: index, tables: tables, fieldedTables: fieldedTables)
            builder.scoring = false
            let deleted = segment.deletedDocuments
            if let union = windowedUnion(root, builder: builder) {
                total += union.count(deleted: deleted)
                continue
            }
            guard let scorer = builder.scorer(root) else { continue }
            if let conjunction = scorer as? TermConjunctionScorer {
                total += conjunction.countRemaining(deleted: deleted?.bits)
                continue
            }
            let bits = deleted?.bits
            var d = scorer.doc
            while d != PostingsCursor.exhausted {
                if bits == nil || !DeletedDocuments.isDeleted(d, in: bits!) { total += 1 }
                d = scorer.next()
            }
        }
        return total
    }

    /// The analyzed positive terms of `query` (for highlighting).
    ///
    /// Distinct, in query order, without excluded clauses and without `url:` clauses (snippets show the body).
    public func highlightTerms(_ query: Query) -> [[UInt8]] {
        var planner = QueryPlanner(analyzer: reader.analyzer, segments: [], documentCount: documentCount)
        return planner.positiveTerms(query)
    }

    func makePlan(_ query: Query) -> QueryPlan {
        var planner = QueryPlanner(analyzer: reader.analyzer, segments: segments, documentCount: documentCount)
        return planner.plan(query)
    }

    /// Feeds one segment's matches to `collector`.
    func evaluate<C: MatchCollector>(
        _ root: PlanNode, plan: QueryPlan, segment: SegmentReader, index: Int, into collector: inout C
    ) {
        let builder = SegmentScorerBuilder(
            plan: plan, segment: segment, segmentIndex: index, tables: tables, fieldedTables: fieldedTables)
        if let union = windowedUnion(root, builder: builder) {
            union.collect(into: &collector)
            return
        }
        guard let scorer = builder.scorer(root) else { return }
        if let term = scorer as? TermScorer {
            term.collectAll(into: &collector)
            return
        }
        if let term = scorer as? FieldedTermScorer {
            term.collectAll(into: &collector)
            return
        }
        if let conjunction = scorer as? TermConjunctionScorer {
            conjunction.collectAll(into: &collector)
            return
        }
        var d = scorer.doc
        if collector.needsScores {
            while d != PostingsCursor.exhausted {
                collector.collect(d, scorer.score())
                d = scorer.next()
            }
        } else {
            while d != PostingsCursor.exhausted {
                collector.collect(d, 0)
                d = scorer.next()
            }
        }
    }

    /// A windowed evaluator when `root` is a disjunction of two or more live clauses without required ones.
    private func windowedUnion(_ root: PlanNode, builder: SegmentScorerBuilder) -> WindowedUnion? {
        guard case .boolean(let must, let should, let mustNot) = root, must.isEmpty, should.count >= 2 else {
            return nil
        }
        let children = builder.scorers(should)
        guard children.count >= 2 else { return nil }
        return WindowedUnion(children: children, excluded: builder.scorers(mustNot))
    }
}
