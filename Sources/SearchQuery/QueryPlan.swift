import SearchIndex

/// A query after analysis and global statistics, before it is bound to a segment.
struct QueryPlan {
    /// The distinct (field, term) pairs of the query, referenced by index from `root`.
    var terms: [PlannedTerm]
    /// What to evaluate; nil when every word was dropped by analysis (the query matches nothing).
    var root: PlanNode?
}

/// One distinct analyzed term of a query with its statistics.
struct PlannedTerm {
    /// The field searched.
    var field: IndexedField
    /// Normalized term bytes.
    var bytes: [UInt8]
    /// The term's dictionary entry in each segment (nil where absent), indexed like `IndexReader.segments`.
    var infos: [TermInfo?]
    /// Documents containing the term, summed over all segments.
    var documentFrequency: UInt64
    /// BM25 idf from the global statistics.
    var idf: Float
    /// For a word of the default field scored with BM25F: the same term's entry in `.title` in each segment
    /// (nil where absent), while `infos` are its `.body` entries. nil for a classic BM25 term of `field`.
    var titleInfos: [TermInfo?]?
}

/// An analyzed query node. Equal term and phrase nodes of one boolean are merged into one with a
/// multiplicity, so a word repeated in the query counts twice.
indirect enum PlanNode: Equatable {
    /// A term (index into `QueryPlan.terms`); scores `multiplicity · idf · tf / (tf + K)` (BM25), or BM25F
    /// over title and body when the term has `titleInfos`.
    case term(Int, multiplicity: Int)
    /// Terms at fixed relative positions.
    case phrase(PhrasePlan)
    /// Lucene boolean semantics; each list keeps clause order, which fixes the order of score additions.
    case boolean(must: [PlanNode], should: [PlanNode], mustNot: [PlanNode])
    /// Matches no document.
    case nothing

    /// Whether two leaves are the same search and can be merged.
    func sameLeaf(as other: PlanNode) -> Bool {
        switch (self, other) {
        case (.term(let a, _), .term(let b, _)): return a == b
        case (.phrase(let a), .phrase(let b)): return a.terms == b.terms && a.offsets == b.offsets
        default: return false
        }
    }

    /// The same leaf counted `extra` more times.
    func adding(multiplicity extra: Int) -> PlanNode {
        switch self {
        case .term(let term, let multiplicity): return .term(term, multiplicity: multiplicity + extra)
        case .phrase(var phrase):
            phrase.multiplicity += extra
            return .phrase(phrase)
        default: return self
        }
    }
}

/// A phrase: term `terms[i]` must occur at position `start + offsets[i]`.
struct PhrasePlan: Equatable {
    /// Indexes into `QueryPlan.terms` (all of one field), in phrase order; a term may repeat.
    var terms: [Int]
    /// Position of each term relative to the first (0 for the first; gaps where analysis dropped a token).
    var offsets: [UInt32]
    /// How many times the phrase occurs in its boolean.
    var multiplicity: Int
}
