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
            // Terms beginning with bytes already too far from the word are skipped unread.
            try segment.walkTerms(.body, withPrefix: prefix) { candidate, info in
                guard let found = distance.measure(candidate) else { return distance.hopelessPrefix }
                guard found > 0 else { return 0 }
                let key = Array(candidate)
                let previous = candidates[key]?.documents ?? 0
                candidates[key] = (found, previous + Int(info.documentFrequency))
                return 0
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
            // A piece at a time, so a long document is analyzed only as far as the word's first occurrence.
            for var text in [document.title, document.body] where found == nil {
                text.withUTF8 { bytes in
                    var from = 0
                    while found == nil && from < bytes.count {
                        let pieceEnd = PassageSelector.pieceEnd(bytes, from: from, bytes: 16_384)
                        let piece = UnsafeBufferPointer(rebasing: bytes[from..<pieceEnd])
                        _ = analyzer.analyze(piece, lookingFor: wanted) { candidate, _, start, end in
                            guard found == nil, candidate.elementsEqual(term) else { return }
                            found = Array(String(decoding: piece[start..<end], as: UTF8.self).lowercased().utf8)
                        }
                        from += piece.count
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
///
/// Made for a walk over a sorted dictionary: the table's row `i` depends only on the first `i` bytes of the
/// other word, so the rows of the bytes a word shares with the one measured before it are kept, and only the
/// rest are computed (a few per word, as neighbours in sorted order share most of their bytes). Once a row's
/// smallest value exceeds the maximum, no later row can come back under it, so every word that starts with
/// that row's bytes is rejected without computing anything.
struct EditDistance {
    private let word: [UInt8]
    private let maximum: Int
    /// `rows[i * width + j]`: the distance between the first `i` bytes of `previous` and the first `j` of `word`.
    private var rows: [Int32]
    /// The smallest value of each row.
    private var rowMinimums: [Int32]
    private let width: Int
    /// The bytes whose rows `rows` holds, of which the first `valid` rows are computed (row 0 always is).
    private var previous: [UInt8] = []
    private var valid = 0
    /// After `measure` found a word too far: how many of its leading bytes are already too far from the word,
    /// so that every word beginning with them is too (0 if the word was rejected otherwise).
    private(set) var hopelessPrefix = 0

    /// A measurer of distances from `word`, reporting only those up to `maximum`.
    init(_ word: [UInt8], maximum: Int) {
        self.word = word
        self.maximum = maximum
        width = word.count + 1
        let height = word.count + maximum + 1
        rows = Array(repeating: 0, count: height * width)
        rowMinimums = Array(repeating: 0, count: height)
        for j in 0..<width { rows[j] = Int32(j) }
    }

    /// The distance from the word to `other`, or nil when it exceeds the maximum.
    mutating func measure(_ other: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = word.count
        hopelessPrefix = 0
        if abs(other.count - n) > maximum { return nil }
        // The rows `other` shares with the previous word.
        var shared = 0
        let limit = Swift.min(valid, other.count)
        while shared < limit && previous[shared] == other[shared] { shared += 1 }
        if shared > 0 && Int(rowMinimums[shared]) > maximum {
            hopelessPrefix = shared
            return nil
        }
        previous.removeSubrange(shared...)
        valid = shared
        let width = self.width
        let maximum = Int32(self.maximum)
        var dead = false
        rows.withUnsafeMutableBufferPointer { rows in
            word.withUnsafeBufferPointer { word in
                for i in stride(from: shared + 1, through: other.count, by: 1) {
                    let byte = other[i - 1]
                    let row = i * width
                    let above = row - width
                    rows[row] = Int32(i)
                    var rowMinimum = Int32(i)
                    for j in stride(from: 1, through: n, by: 1) {
                        let cost: Int32 = byte == word[j - 1] ? 0 : 1
                        var value = Swift.min(rows[above + j] + 1, rows[row + j - 1] + 1, rows[above + j - 1] + cost)
                        if i > 1 && j > 1 && byte == word[j - 2] && other[i - 2] == word[j - 1] {
                            value = Swift.min(value, rows[above - width + j - 2] + 1)
                        }
                        rows[row + j] = value
                        rowMinimum = Swift.min(rowMinimum, value)
                    }
                    rowMinimums[i] = rowMinimum
                    previous.append(byte)
                    valid = i
                    if rowMinimum > maximum {
                        dead = true
                        return
                    }
                }
            }
        }
        if dead {
            hopelessPrefix = valid
            return nil
        }
        let distance = Int(rows[other.count * width + n])
        return distance <= self.maximum ? distance : nil
    }
}
