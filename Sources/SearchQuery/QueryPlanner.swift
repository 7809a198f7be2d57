import SearchAnalysis
import SearchIndex

/// Turns a parsed `Query` into a `QueryPlan`: analyzes words with the index's analyzer, looks terms up in
/// every segment, sums their document frequencies (global statistics, so a score does not depend on how the
/// index is split into segments) and simplifies the tree.
///
/// On indexes whose analyzer ignores stop words in queries (`standard`), a word that is one stop word is
/// dropped like a word without terms, unless the whole query would then match nothing: a query of stop words
/// only (`the who`, `to be or not to be`) searches for them after all. Phrases, and words that analyze to
/// several terms (searched as phrases), keep every term. Unqualified words on `standard` indexes are scored
/// with BM25F over title and body.
struct QueryPlanner {
    /// Hard cap on distinct terms, for queries built in code rather than parsed (the parser caps earlier).
    static let maximumTerms = 4 * QueryParser.maximumTerms
    /// Deeper nodes match nothing, for queries built in code (the parser caps earlier).
    static let maximumDepth = 2 * QueryParser.maximumDepth

    private var analyzer: Analyzer
    private let segments: [SegmentReader]
    private let documentCount: UInt64
    /// Whether unqualified words are scored with BM25F over title and body.
    private let fielded: Bool
    /// Whether words that are stop words are being dropped (cleared for a query of stop words only).
    private var ignoresStopWords: Bool
    /// Whether planning dropped a stop word.
    private var droppedStopWord = false
    /// The query's distinct terms, found again by a linear search: a query has few, and hashing them into a
    /// table built for each query costs more.
    private var terms: [PlannedTerm] = []
    private var scratch: [AnalyzedTerm] = []

    /// One analyzed term of a word or phrase.
    struct AnalyzedTerm {
        /// Normalized term bytes.
        var term: [UInt8]
        /// Position relative to the first term.
        var position: UInt32
        /// Whether the source token is a stop word of the analyzer's language (when it ignores them).
        var isStopWord: Bool
    }

    init(analyzer: AnalyzerKind, segments: [SegmentReader], documentCount: UInt64) {
        self.analyzer = Analyzer(analyzer, fewWords: true)
        self.segments = segments
        self.documentCount = documentCount
        terms.reserveCapacity(8)
        fielded = analyzer == .standard
        ignoresStopWords = analyzer.ignoresStopWordsInQueries
    }

    /// The plan for `query`.
    mutating func plan(_ query: Query) -> QueryPlan {
        var root = node(query, depth: 0)
        if droppedStopWord && (root == nil || root == .nothing) {
            ignoresStopWords = false
            terms.removeAll(keepingCapacity: true)
            root = node(query, depth: 0)
        }
        return QueryPlan(terms: terms, root: root)
    }

    /// The analyzed terms of `text` with their positions relative to the first.
    mutating func analyze(_ text: String) -> [AnalyzedTerm] {
        scratch.removeAll(keepingCapacity: true)
        let checkStopWords = ignoresStopWords
        var text = text
        text.withUTF8 { bytes in
            _ = analyzer.analyze(bytes) { term, position, start, end in
                let source = UnsafeBufferPointer(rebasing: bytes[start..<end])
                let isStopWord = checkStopWords && StopWords.isEnglish(source)
                scratch.append(AnalyzedTerm(term: Array(term), position: position, isStopWord: isStopWord))
            }
        }
        guard let first = scratch.first?.position else { return [] }
        if first != 0 {
            for i in scratch.indices { scratch[i].position -= first }
        }
        // Shares the scratch array's storage; the caller lets go of it before the next call, which then
        // reuses it.
        return scratch
    }

    /// Whether a word analyzed to `terms` is left out of the query as a stop word.
    private mutating func isDroppedStopWord(_ terms: [AnalyzedTerm]) -> Bool {
        guard ignoresStopWords, terms.count == 1, terms[0].isStopWord else { return false }
        droppedStopWord = true
        return true
    }

    private mutating func node(_ query: Query, depth: Int) -> PlanNode? {
        if depth > Self.maximumDepth { return .nothing }
        switch query {
        case .word(let text, let field):
            return leaf(text, field: field, isPhrase: false)
        case .phrase(let text, let field):
            return leaf(text, field: field, isPhrase: true)
        case .boolean(let clauses):
            var must: [PlanNode] = []
            var should: [PlanNode] = []
            var mustNot: [PlanNode] = []
            var kept = false
            for clause in clauses {
                guard let child = node(clause.query, depth: depth + 1) else { continue }
                kept = true
                switch clause.occur {
                case .must: Self.append(child, to: &must)
                case .should: Self.append(child, to: &should)
                case .mustNot: Self.append(child, to: &mustNot)
                }
            }
            if !kept { return nil }
            if must.contains(.nothing) { return .nothing }
            should.removeAll { $0 == .nothing }
            mustNot.removeAll { $0 == .nothing }
            if must.isEmpty && should.isEmpty { return .nothing }
            if mustNot.isEmpty && must.count + should.count == 1 { return must.first ?? should[0] }
            return .boolean(must: must, should: should, mustNot: mustNot)
        }
    }

    /// Adds `child` to a clause list, merging it into an equal leaf already there.
    private static func append(_ child: PlanNode, to list: inout [PlanNode]) {
        let multiplicity: Int
        switch child {
        case .term(_, let m): multiplicity = m
        case .phrase(let phrase): multiplicity = phrase.multiplicity
        default:
            list.append(child)
            return
        }
        if let same = list.firstIndex(where: { $0.sameLeaf(as: child) }) {
            list[same] = list[same].adding(multiplicity: multiplicity)
        } else {
            list.append(child)
        }
    }

    /// A word or phrase (`field` nil: the default field): no term → dropped (nil); a word that is a stop word
    /// → dropped; one term → term (BM25F over title and body when unqualified on a `standard` index); several
    /// → phrase (on the body when unqualified).
    private mutating func leaf(_ text: String, field: IndexedField?, isPhrase: Bool) -> PlanNode? {
        let analyzed = analyze(text)
        if analyzed.isEmpty { return nil }
        if !isPhrase && isDroppedStopWord(analyzed) { return nil }
        let fieldedTerm = field == nil && fielded && analyzed.count == 1
        let field = field ?? .body
        var indexes: [Int] = []
        indexes.reserveCapacity(analyzed.count)
        for term in analyzed {
            guard let index = termIndex(field, term.term, fielded: fieldedTerm) else { return .nothing }
            if terms[index].documentFrequency == 0 { return .nothing }
            indexes.append(index)
        }
        if indexes.count == 1 { return .term(indexes[0], multiplicity: 1) }
        return .phrase(PhrasePlan(terms: indexes, offsets: analyzed.map(\.position), multiplicity: 1))
    }

    /// The index of (field, term) in `terms`, looking it up in every segment the first time (and, for a BM25F
    /// term, in every segment's title); nil past the cap.
    private mutating func termIndex(_ field: IndexedField, _ bytes: [UInt8], fielded: Bool) -> Int? {
        if let index = terms.firstIndex(where: {
            $0.field == field && ($0.titleInfos != nil) == fielded && $0.bytes == bytes
        }) {
            return index
        }
        if terms.count >= Self.maximumTerms { return nil }
        var infos: [TermInfo?] = []
        infos.reserveCapacity(segments.count)
        var documentFrequency: UInt64 = 0
        for segment in segments {
            let info = segment.termInfo(field, bytes)
            documentFrequency += UInt64(info?.documentFrequency ?? 0)
            infos.append(info)
        }
        let idf = BM25.idf(documentFrequency: documentFrequency, documentCount: documentCount)
        let titleInfos = fielded ? segments.map { $0.termInfo(.title, bytes) } : nil
        terms.append(PlannedTerm(field: field, bytes: bytes, infos: infos, documentFrequency: documentFrequency,
                                 idf: idf, titleInfos: titleInfos))
        return terms.count - 1
    }

    /// The distinct analyzed terms of the clauses that are not excluded, in query order, except `url:` ones.
    /// Stop words are left out as in `plan`, unless the query has nothing else.
    mutating func positiveTerms(_ query: Query) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var seen: Set<[UInt8]> = []
        collectPositiveTerms(query, depth: 0, into: &result, seen: &seen)
        if result.isEmpty && droppedStopWord {
            ignoresStopWords = false
            collectPositiveTerms(query, depth: 0, into: &result, seen: &seen)
        }
        return result
    }

    private mutating func collectPositiveTerms(
        _ query: Query, depth: Int, into result: inout [[UInt8]], seen: inout Set<[UInt8]>
    ) {
        guard depth <= Self.maximumDepth else { return }
        switch query {
        case .word(let text, let field), .phrase(let text, let field):
            // Snippets show the body (which holds the title); address terms would light up unrelated words.
            guard field != .url else { return }
            let analyzed = analyze(text)
            if case .word = query, isDroppedStopWord(analyzed) { return }
            for term in analyzed where seen.insert(term.term).inserted { result.append(term.term) }
        case .boolean(let clauses):
            for clause in clauses where clause.occur != .mustNot {
                collectPositiveTerms(clause.query, depth: depth + 1, into: &result, seen: &seen)
            }
        }
    }
}
