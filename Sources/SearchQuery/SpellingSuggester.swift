import SearchAnalysis
import SearchIndex

/// "Did you mean": rewrites the words of a query that the index does not know (or knows far less well than a
/// near spelling) into the closest frequent terms of the index dictionary.
///
/// A word is a candidate for correction when it analyzes to one term that is not a stop word, is not a field
/// name, an operator or an excluded word, and has at least `minimumLength` bytes. Its replacement is the term of
/// the default field within `maximumEdits` edits (Damerau-Levenshtein with adjacent transpositions; one edit for
/// words of up to five bytes) that starts with the word's first `prefixLength` bytes, with the fewest edits and,
/// among those, the highest document frequency. A known word is replaced only by a term at least
/// `popularityFactor` times as frequent. Terms are compared as indexed
/// (stems under the standard analyzer); the replacement is shown as it is written in a document that holds it.
public struct SpellingSuggester {
    /// The most edits between a word and its replacement.
    public var maximumEdits = 2
    /// Words shorter than this many bytes are left alone.
    public var minimumLength = 3
    /// How many times more documents a replacement must be in than a word the index already knows.
    public var popularityFactor = 10
    /// How many leading bytes a replacement shares with the word (Lucene's `DirectSpellChecker` keeps one by
    /// default too): a typo seldom hits the first letter, and the candidates are then one stretch of the
    /// dictionary instead of all of it, which keeps a suggestion's cost far below a scan of every term.
    public var prefixLength = 1
    /// Queries with more correctable words than this get no suggestion: corrections are for the short queries
    /// people type, and each word costs a walk over part of the dictionary.
    public var maximumWords = 10

    private let reader: IndexReader

    /// A suggester over the dictionary of `reader`'s commit.
    public init(reader: IndexReader) {
        self.reader = reader
    }

    /// The query `text` with its misspelt words replaced, or nil when no word has a better spelling.
    public func suggestion(for text: String) throws -> String? {
        var analyzer = Analyzer(reader.analyzer, fewWords: true)
        var bytes = Array(text.utf8)
        var tokens: [(range: Range<Int>, term: [UInt8])] = []
        bytes.withUnsafeBufferPointer { buffer in
            _ = analyzer.analyze(buffer) { term, _, start, end in tokens.append((start..<end, Array(term))) }
        }
        // Overlapping tokens (CJK bigrams) are left alone.
        let words = tokens.indices.filter { i in
            (i == 0 || !tokens[i - 1].range.overlaps(tokens[i].range))
                && (i + 1 == tokens.count || !tokens[i + 1].range.overlaps(tokens[i].range))
        }.map { tokens[$0] }
        let correctable = words.filter { isCorrectable($0.range, term: $0.term, in: bytes) }
        guard correctable.count <= maximumWords else { return nil }
        var replacements: [(range: Range<Int>, text: [UInt8])] = []
        for word in correctable {
            guard let replacement = try bestReplacement(for: word.term),
                  let surface = try surfaceForm(of: replacement)
            else { continue }
            replacements.append((word.range, surface))
        }
        guard !replacements.isEmpty else { return nil }
        for replacement in replacements.reversed() {
            bytes.replaceSubrange(replacement.range, with: replacement.text)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the word at `range` of the query is free text worth correcting.
    private func isCorrectable(_ range: Range<Int>, term: [UInt8], in query: [UInt8]) -> Bool {
        guard term.count >= minimumLength else { return false }
        if range.upperBound < query.count && query[range.upperBound] == UInt8(ascii: ":") { return false }
        if range.lowerBound > 0 && query[range.lowerBound - 1] == UInt8(ascii: "-") { return false }
        let raw = query[range]
        if raw.elementsEqual("AND".utf8) || raw.elementsEqual("OR".utf8) || raw.elementsEqual("NOT".utf8) {
            return false
        }
        if reader.analyzer.ignoresStopWordsInQueries {
            let isStopWord = term.withUnsafeBufferPointer { StopWords.isEnglish($0) }
            if isStopWord { return false }
        }
        return true
    }

    /// The number of documents whose default field holds `term`.
    private func documentFrequency(_ term: [UInt8]) -> Int {
        reader.segments.reduce(0) { $0 + Int($1.termInfo(.body, term)?.documentFrequency ?? 0) }
    }

    /// The best dictionary term for `term`, or nil when the term is known well enough or nothing is close.
    private func bestReplacement(for term: [UInt8]) throws -> [UInt8]? {
        let known = documentFrequency(term)
        let edits = term.count <= 5 ? min(1, maximumEdits) : maximumEdits
        var distance = EditDistance(term, maximum: edits)
        var candidates: [[UInt8]: (edits: Int, documents: Int)] = [:]
        let prefix = Array(term.prefix(prefixLength))
        for segment in reader.segments {
            try segment.forEachTerm(.body, withPrefix: prefix) { candidate, info in
                guard abs(candidate.count - term.count) <= edits,
                      let found = distance.measure(candidate), found > 0
                else { return }
                let key = Array(candidate)
                let previous = candidates[key]?.documents ?? 0
                candidates[key] = (found, previous + Int(info.documentFrequency))
            }
        }
        let threshold = known == 0 ? 1 : known * popularityFactor
        let best = candidates.filter { $0.value.documents >= threshold }.min { a, b in
            if a.value.edits != b.value.edits { return a.value.edits < b.value.edits }
            if a.value.documents != b.value.documents { return a.value.documents > b.value.documents }
            return a.key.lexicographicallyPrecedes(b.key)
        }
        return best?.key
    }

    /// How `term` is written (lowercased) in the first document that holds it: the term itself under the plain
    /// analyzer, the word a stem came from under the standard one.
    private func surfaceForm(of term: [UInt8]) throws -> [UInt8]? {
        guard reader.analyzer != .plain else { return term }
        for segment in reader.segments {
            guard let info = segment.termInfo(.body, term) else { continue }
            let doc = segment.postings(info).doc
            guard doc != PostingsCursor.exhausted else { continue }
            let document = try segment.document(doc)
            var analyzer = Analyzer(reader.analyzer)
            let wanted = StemPrefixes([term])
            var found: [UInt8]? = nil
            for var text in [document.title, document.body] where found == nil {
                text.withUTF8 { bytes in
                    _ = analyzer.analyze(bytes, lookingFor: wanted) { candidate, _, start, end in
                        guard found == nil, candidate.elementsEqual(term) else { return }
                        found = Array(String(decoding: bytes[start..<end], as: UTF8.self).lowercased().utf8)
                    }
                }
            }
            if let found { return found }
        }
        return term
    }
}

/// Restricted Damerau-Levenshtein distance (optimal string alignment) from one fixed word, on bytes, with a
/// cut-off: `measure` gives up as soon as every alignment needs more than `maximum` edits.
struct EditDistance {
    private let word: [UInt8]
    private let maximum: Int
    private var rows: [[Int]]

    /// A measurer of distances from `word`, reporting only those up to `maximum`.
    init(_ word: [UInt8], maximum: Int) {
        self.word = word
        self.maximum = maximum
        rows = Array(repeating: Array(repeating: 0, count: word.count + 1), count: 3)
    }

    /// The distance from the word to `other`, or nil when it exceeds the maximum.
    mutating func measure(_ other: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = word.count
        if abs(other.count - n) > maximum { return nil }
        for j in 0...n { rows[1][j] = j }
        var previous2 = 0, previous = 1, current = 2
        for i in 1...max(other.count, 1) where other.count > 0 {
            rows[current][0] = i
            var rowMinimum = i
            for j in 1...max(n, 1) where n > 0 {
                let cost = other[i - 1] == word[j - 1] ? 0 : 1
                var value = min(rows[previous][j] + 1, rows[current][j - 1] + 1, rows[previous][j - 1] + cost)
                if i > 1 && j > 1 && other[i - 1] == word[j - 2] && other[i - 2] == word[j - 1] {
                    value = min(value, rows[previous2][j - 2] + 1)
                }
                rows[current][j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > maximum { return nil }
            (previous2, previous, current) = (previous, current, previous2)
        }
        let distance = rows[previous][n]
        return distance <= maximum ? distance : nil
    }
}
