#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SearchAnalysis
import SearchIndex
import SearchQuery

/// A deliberately naive searcher for tests: re-analyzes the stored documents of every segment and evaluates a
/// query against each document from its raw tokens, with BM25 written out again from its definition (global
/// statistics, FieldNorm-quantised lengths), and BM25F over title and body for unqualified words of `standard`
/// indexes. It shares no code with `Searcher`, only the documented semantics: dropped words, stop words left out
/// of non-phrase words unless the query then matches nothing, merged repeated leaves, and the order in which
/// scores are added (required clauses, then optional ones, each in clause order; phrase idf = sum of its terms'
/// idfs).
struct BruteForceSearcher {
    private struct Document {
        var segment: Int
        var doc: UInt32
        /// Per field (by raw value): the term at each position (nil for a gap), and the field length.
        var positions: [[[UInt8]?]]
        var lengths: [UInt32]
    }

    /// A query after analysis. `fielded` leaves are single terms scored with BM25F over title and body.
    private indirect enum Node {
        case leaf(
            field: IndexedField, terms: [[UInt8]], offsets: [Int], idfs: [Float], multiplicity: Int, fielded: Bool)
        case boolean(must: [Node], should: [Node], mustNot: [Node])
        case nothing
    }

    private var analyzer: Analyzer
    private let kind: AnalyzerKind
    private let parameters: BM25Parameters
    /// Whether stop words are being left out, and whether one was.
    private var ignoringStopWords = false
    private var droppedStopWord = false
    private var documents: [Document] = []
    private var averageLengths: [Float] = []
    /// Deleted documents as [segment, doc]: they count in the statistics but never match.
    private var deleted: Set<[Int]> = []

    init(reader: IndexReader, parameters: BM25Parameters = .init()) throws {
        analyzer = Analyzer(reader.analyzer)
        kind = reader.analyzer
        self.parameters = parameters
        var totals = [UInt64](repeating: 0, count: IndexedField.allCases.count)
        for (s, segment) in reader.segments.enumerated() {
            for d in 0..<segment.documentCount {
                let stored = try segment.document(UInt32(d))
                if segment.isDeleted(UInt32(d)) { deleted.insert([s, d]) }
                var document = Document(segment: s, doc: UInt32(d), positions: [], lengths: [])
                for field in IndexedField.allCases {
                    let text: String
                    switch field {
                    case .title: text = stored.title
                    case .body: text = stored.title + "\n" + stored.body
                    case .url: text = stored.url
                    }
                    let tokens = analyze(text)
                    var slots = [[UInt8]?](repeating: nil, count: (tokens.map(\.position).max() ?? -1) + 1)
                    for token in tokens { slots[token.position] = token.term }
                    document.positions.append(slots)
                    document.lengths.append(UInt32(tokens.count))
                    totals[Int(field.rawValue)] += UInt64(tokens.count)
                }
                documents.append(document)
            }
        }
        let n = documents.count
        averageLengths = totals.map { n > 0 ? Float($0) / Float(n) : 0 }
    }

    private mutating func analyze(_ text: String) -> [(term: [UInt8], position: Int)] {
        analyzeWithSource(text).map { ($0.term, $0.position) }
    }

    /// Tokens with the source text each came from.
    private mutating func analyzeWithSource(_ text: String) -> [(term: [UInt8], position: Int, source: String)] {
        var result: [(term: [UInt8], position: Int, source: String)] = []
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            _ = analyzer.analyze(buffer) { term, position, start, end in
                result.append((Array(term), Int(position), String(decoding: bytes[start..<end], as: UTF8.self)))
            }
        }
        return result
    }

    /// Every matching document with its score, best first, ties by (segment, doc).
    mutating func search(_ query: Query) -> [ScoredDocument] {
        ignoringStopWords = kind == .standard
        droppedStopWord = false
        var built = build(query)
        if droppedStopWord && (built == nil || built.map(Self.isNothing) == true) {
            ignoringStopWords = false
            built = build(query)
        }
        guard let node = built else { return [] }
        var hits: [(document: Document, hit: ScoredDocument)] = []
        for document in documents where !deleted.contains([document.segment, Int(document.doc)]) {
            if let score = score(node, document) {
                hits.append((document, ScoredDocument(segment: document.segment, doc: document.doc, score: score)))
            }
        }
        func better(_ a: ScoredDocument, _ b: ScoredDocument) -> Bool {
            if a.score != b.score { return a.score > b.score }
            return (a.segment, a.doc) < (b.segment, b.doc)
        }
        hits.sort { better($0.hit, $1.hit) }
        // Term proximity (standard indexes): the best hits gain it and are ordered again.
        let words = proximityWords(node)
        if kind == .standard && parameters.proximityWeight > 0 && words.count >= 2 {
            let depth = min(Searcher.proximityDepth, hits.count)
            for i in 0..<depth {
                hits[i].hit.score += parameters.proximityWeight * proximity(words, hits[i].document)
            }
            hits[0..<depth].sort { better($0.hit, $1.hit) }
        }
        return hits.map(\.hit)
    }

    /// The words the proximity stage uses: the unqualified single-term leaves of the top-level boolean, after
    /// clauses that match nothing are left out of optional and excluded lists and booleans of one remaining
    /// clause are replaced by that clause (`(absentword OR whiskey)` is the word `whiskey`).
    private func proximityWords(_ root: Node) -> [(term: [UInt8], idf: Float, multiplicity: Int)] {
        guard case .boolean(let must, let should, _) = Self.unwrapped(root) else { return [] }
        var words: [(term: [UInt8], idf: Float, multiplicity: Int)] = []
        for clause in (must + should).map(Self.unwrapped) {
            guard case .leaf(_, let terms, _, let idfs, let multiplicity, true) = clause else { continue }
            // A word both required and optional is one word that occurs twice in the query.
            if let known = words.firstIndex(where: { $0.term == terms[0] }) {
                words[known].multiplicity += multiplicity
            } else {
                words.append((terms[0], idfs[0], multiplicity))
            }
        }
        return words
    }

    /// BM25TP from its definition (Büttcher, Clarke & Lushman 2006, without the (k1 + 1) factor): neighbouring
    /// occurrences of different words at distance d add idf(other) / d² to each one's accumulator acc; the score
    /// is Σ min(1, idf) · multiplicity · acc / (acc + K) over the words, K the body's BM25 length factor.
    private func proximity(_ words: [(term: [UInt8], idf: Float, multiplicity: Int)], _ document: Document) -> Float {
        let slots = document.positions[Int(IndexedField.body.rawValue)]
        var accumulators = [Float](repeating: 0, count: words.count)
        var previous: (position: Int, word: Int)?
        for (position, slot) in slots.enumerated() {
            guard let slot, let word = words.firstIndex(where: { $0.term == slot }) else { continue }
            if let previous, previous.word != word {
                let distance = Float(position - previous.position)
                accumulators[word] += words[previous.word].idf / (distance * distance)
                accumulators[previous.word] += words[word].idf / (distance * distance)
            }
            previous = (position, word)
        }
        let length = FieldNorm.decode(FieldNorm.encode(document.lengths[Int(IndexedField.body.rawValue)]))
        let b = parameters.b(for: .body, analyzer: kind)
        let average = averageLengths[Int(IndexedField.body.rawValue)]
        let relative = average > 0 ? b * Float(length) / average : 0
        let k = parameters.k1(for: kind) * (1 - b + relative)
        var score: Float = 0
        for (i, word) in words.enumerated() where accumulators[i] > 0 {
            let a = accumulators[i]
            score += min(1, word.idf) * Float(word.multiplicity) * (a / (a + k))
        }
        return score
    }

    /// `node` with booleans of one live clause and no live exclusion replaced by that clause, recursively.
    private static func unwrapped(_ node: Node) -> Node {
        guard case .boolean(let must, let should, let mustNot) = node, !must.contains(where: isNothing),
              !mustNot.contains(where: { !isNothing($0) })
        else { return node }
        let live = must + should.filter { !isNothing($0) }
        return live.count == 1 ? unwrapped(live[0]) : node
    }

    private static func isNothing(_ node: Node) -> Bool {
        if case .nothing = node { return true }
        return false
    }

    private mutating func build(_ query: Query) -> Node? {
        switch query {
        case .word(let text, let field), .phrase(let text, let field):
            let tokens = analyzeWithSource(text)
            guard let first = tokens.first?.position else { return nil }
            if case .word = query, ignoringStopWords, tokens.count == 1,
               StopWords.english.contains(tokens[0].source.lowercased()) {
                droppedStopWord = true
                return nil
            }
            let fielded = field == nil && kind == .standard && tokens.count == 1
            let field = field ?? .body
            let idfs = tokens.map { idf(field, $0.term) }
            // A term no document holds makes the leaf match nothing.
            if tokens.contains(where: { documentFrequency(field, $0.term) == 0 }) { return .nothing }
            return .leaf(
                field: field, terms: tokens.map(\.term), offsets: tokens.map { $0.position - first },
                idfs: idfs, multiplicity: 1, fielded: fielded)
        case .boolean(let clauses):
            var lists: [QueryClause.Occur: [Node]] = [.must: [], .should: [], .mustNot: []]
            var kept = false
            for clause in clauses {
                guard let child = build(clause.query) else { continue }
                kept = true
                lists[clause.occur]!.append(child)
            }
            guard kept else { return nil }
            if lists[.must]!.contains(where: Self.isNothing) { return .nothing }
            let should = lists[.should]!.filter { !Self.isNothing($0) }
            let mustNot = lists[.mustNot]!.filter { !Self.isNothing($0) }
            if lists[.must]!.isEmpty && should.isEmpty { return .nothing }
            return .boolean(must: merge(lists[.must]!), should: merge(should), mustNot: merge(mustNot))
        }
    }

    /// Repeated equal leaves become one leaf counted several times.
    private func merge(_ nodes: [Node]) -> [Node] {
        var result: [Node] = []
        for node in nodes {
            guard case .leaf(let field, let terms, let offsets, let idfs, let multiplicity, let fielded) = node else {
                result.append(node)
                continue
            }
            let same = result.firstIndex {
                if case .leaf(field, terms, offsets, _, _, fielded) = $0 { return true }
                return false
            }
            if let same, case .leaf(_, _, _, _, let existing, _) = result[same] {
                result[same] = .leaf(
                    field: field, terms: terms, offsets: offsets, idfs: idfs, multiplicity: existing + multiplicity,
                    fielded: fielded)
            } else {
                result.append(node)
            }
        }
        return result
    }

    private func score(_ node: Node, _ document: Document) -> Float? {
        switch node {
        case .nothing:
            return nil
        case .leaf(let field, let terms, let offsets, let idfs, let multiplicity, let fielded):
            if fielded { return bm25f(term: terms[0], idf: idfs[0], multiplicity: multiplicity, document) }
            let slots = document.positions[Int(field.rawValue)]
            var frequency = 0
            if terms.count == 1 {
                frequency = slots.filter { $0 == terms[0] }.count
            } else {
                for start in slots.indices
                where zip(terms, offsets).allSatisfy({ start + $1 < slots.count && slots[start + $1] == $0 }) {
                    frequency += 1
                }
            }
            guard frequency > 0 else { return nil }
            var idf: Float = 0
            for termIdf in idfs { idf += termIdf }
            let length = FieldNorm.decode(FieldNorm.encode(document.lengths[Int(field.rawValue)]))
            let average = averageLengths[Int(field.rawValue)]
            let b = parameters.b(for: field, analyzer: kind)
            let k = parameters.k1(for: kind) * (1 - b + b * Float(length) / average)
            let tf = Float(frequency)
            return (idf * Float(multiplicity)) * (tf / (tf + k))
        case .boolean(let must, let should, let mustNot):
            if must.isEmpty && should.isEmpty { return nil }
            for child in mustNot where score(child, document) != nil { return nil }
            var required: Float = 0
            for child in must {
                guard let s = score(child, document) else { return nil }
                required += s
            }
            var optional: Float = 0
            var matchedOptional = false
            for child in should {
                if let s = score(child, document) {
                    optional += s
                    matchedOptional = true
                }
            }
            if must.isEmpty { return matchedOptional ? optional : nil }
            return matchedOptional ? required + optional : required
        }
    }

    /// BM25F from its definition: tf~ = Σ weight · tf / (1 - b + b · len / avgLen) over body (weight 1) and
    /// title; score = idf · multiplicity · tf~ / (tf~ + k1). Nil if the body does not hold the term.
    private func bm25f(term: [UInt8], idf: Float, multiplicity: Int, _ document: Document) -> Float? {
        func part(_ field: IndexedField, weight: Float) -> Float {
            let frequency = document.positions[Int(field.rawValue)].filter { $0 == term }.count
            let length = FieldNorm.decode(FieldNorm.encode(document.lengths[Int(field.rawValue)]))
            let average = averageLengths[Int(field.rawValue)]
            let b = parameters.b(for: field, analyzer: kind)
            let relative = average > 0 ? b * Float(length) / average : 0
            return Float(frequency) * (weight / (1 - b + relative))
        }
        guard document.positions[Int(IndexedField.body.rawValue)].contains(term) else { return nil }
        let pseudo = part(.body, weight: 1) + part(.title, weight: parameters.titleWeight)
        return (idf * Float(multiplicity)) * (pseudo / (pseudo + parameters.k1(for: kind)))
    }

    /// Documents whose `field` holds `term`.
    private func documentFrequency(_ field: IndexedField, _ term: [UInt8]) -> Int {
        documents.filter { $0.positions[Int(field.rawValue)].contains(term) }.count
    }

    /// ln(1 + (N - df + 0.5) / (df + 0.5)) in Float, df counted over the raw documents.
    private func idf(_ field: IndexedField, _ term: [UInt8]) -> Float {
        let df = documentFrequency(field, term)
        let x = (Float(documents.count - df) + 0.5) / (Float(df) + 0.5)
        return logf(1 + x)
    }
}
