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
/// statistics, FieldNorm-quantised lengths). It shares no code with `Searcher`, only the documented semantics:
/// dropped words, merged repeated leaves, and the order in which scores are added (required clauses, then
/// optional ones, each in clause order; phrase idf = sum of its terms' idfs).
struct BruteForceSearcher {
    private struct Document {
        var segment: Int
        var doc: UInt32
        /// Per field (by raw value): the term at each position (nil for a gap), and the field length.
        var positions: [[[UInt8]?]]
        var lengths: [UInt32]
    }

    /// A query after analysis.
    private indirect enum Node {
        case leaf(field: IndexedField, terms: [[UInt8]], offsets: [Int], idfs: [Float], multiplicity: Int)
        case boolean(must: [Node], should: [Node], mustNot: [Node])
    }

    private var analyzer: Analyzer
    private let parameters: BM25Parameters
    private var documents: [Document] = []
    private var averageLengths: [Float] = []

    init(reader: IndexReader, parameters: BM25Parameters = .init()) throws {
        analyzer = Analyzer(reader.analyzer)
        self.parameters = parameters
        var totals = [UInt64](repeating: 0, count: IndexedField.allCases.count)
        for (s, segment) in reader.segments.enumerated() {
            for d in 0..<segment.documentCount {
                let stored = try segment.document(UInt32(d))
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
        var result: [(term: [UInt8], position: Int)] = []
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            _ = analyzer.analyze(buffer) { term, position, _, _ in result.append((Array(term), Int(position))) }
        }
        return result
    }

    /// Every matching document with its score, best first, ties by (segment, doc).
    mutating func search(_ query: Query) -> [ScoredDocument] {
        guard let node = build(query) else { return [] }
        var hits: [ScoredDocument] = []
        for document in documents {
            if let score = score(node, document) {
                hits.append(ScoredDocument(segment: document.segment, doc: document.doc, score: score))
            }
        }
        return hits.sorted {
            if $0.score != $1.score { return $0.score > $1.score }
            return ($0.segment, $0.doc) < ($1.segment, $1.doc)
        }
    }

    private mutating func build(_ query: Query) -> Node? {
        switch query {
        case .word(let text, let field), .phrase(let text, let field):
            let tokens = analyze(text)
            guard let first = tokens.first?.position else { return nil }
            let field = field ?? .body
            return .leaf(
                field: field, terms: tokens.map(\.term), offsets: tokens.map { $0.position - first },
                idfs: tokens.map { idf(field, $0.term) }, multiplicity: 1)
        case .boolean(let clauses):
            var lists: [QueryClause.Occur: [Node]] = [.must: [], .should: [], .mustNot: []]
            var kept = false
            for clause in clauses {
                guard let child = build(clause.query) else { continue }
                kept = true
                lists[clause.occur]!.append(child)
            }
            guard kept else { return nil }
            return .boolean(
                must: merge(lists[.must]!), should: merge(lists[.should]!), mustNot: merge(lists[.mustNot]!))
        }
    }

    /// Repeated equal leaves become one leaf counted several times.
    private func merge(_ nodes: [Node]) -> [Node] {
        var result: [Node] = []
        for node in nodes {
            guard case .leaf(let field, let terms, let offsets, let idfs, let multiplicity) = node else {
                result.append(node)
                continue
            }
            let same = result.firstIndex {
                if case .leaf(field, terms, offsets, _, _) = $0 { return true }
                return false
            }
            if let same, case .leaf(_, _, _, _, let existing) = result[same] {
                result[same] = .leaf(
                    field: field, terms: terms, offsets: offsets, idfs: idfs, multiplicity: existing + multiplicity)
            } else {
                result.append(node)
            }
        }
        return result
    }

    private func score(_ node: Node, _ document: Document) -> Float? {
        switch node {
        case .leaf(let field, let terms, let offsets, let idfs, let multiplicity):
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
            let k = parameters.k1 * (1 - parameters.b + parameters.b * Float(length) / average)
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

    /// ln(1 + (N - df + 0.5) / (df + 0.5)) in Float, df counted over the raw documents.
    private func idf(_ field: IndexedField, _ term: [UInt8]) -> Float {
        let df = documents.filter { $0.positions[Int(field.rawValue)].contains(term) }.count
        let x = (Float(documents.count - df) + 0.5) / (Float(df) + 0.5)
        return logf(1 + x)
    }
}
