import SearchAnalysis

/// Picks the best passage of `text` for the given terms and marks where they occur.
///
/// The text is analyzed with the index's analyzer, so a highlighted word is exactly a word the index
/// matched (`Über` for the term `über`, `U.S.` for `u` and `s`). The passage is the run of matches that fits in
/// `maxBytes` and holds the most distinct terms, then the most occurrences; it is widened with context to about
/// `maxBytes` bytes, cut at whitespace (never inside a UTF-8 sequence), and marked with "…" where cut. Matches
/// are looked for in the first `analyzedBytes` of the text only (Lucene's highlighter stops at 50 K characters
/// by default): a page of several hundred kilobytes would otherwise cost milliseconds to analyze.
/// Reuses its buffers: keep one builder per query and thread.
public struct SnippetBuilder {
    /// The "…" that marks a cut.
    static let ellipsis = Array("…".utf8)
    /// How many bytes of a text are searched for matches (more, up to the next space or line break).
    static let analyzedBytes = 65_536

    private var analyzer: Analyzer
    private let terms: [[UInt8]]
    /// Which words may stem to one of `terms` (the others need not be stemmed).
    private let prefixes: StemPrefixes
    /// Term indexes by FNV-1a hash of the term bytes, so a token is matched without allocating.
    private let termsByHash: [UInt64: [Int]]
    /// Bit `min(n, 63)` is set when a term has `n` bytes: most tokens differ in length from every query term
    /// and are passed over without hashing.
    private let lengths: UInt64
    private let maxBytes: Int
    private var matches: [PassageSelector.Match] = []

    /// Creates a builder that highlights `terms` (normalized bytes, e.g. from `Searcher.highlightTerms`).
    public init(analyzer: AnalyzerKind, terms: [[UInt8]], maxBytes: Int = 240) {
        self.analyzer = Analyzer(analyzer)
        self.terms = terms
        prefixes = StemPrefixes(terms)
        self.maxBytes = max(1, maxBytes)
        var byHash: [UInt64: [Int]] = [:]
        for (index, term) in terms.enumerated() {
            term.withUnsafeBufferPointer { byHash[Self.hash($0), default: []].append(index) }
        }
        termsByHash = byHash
        lengths = terms.reduce(0) { $0 | Self.lengthBit($1.count) }
    }

    @inline(__always)
    private static func lengthBit(_ count: Int) -> UInt64 { 1 << UInt64(min(count, 63)) }

    /// The snippet text plus the UTF-8 byte ranges (into the snippet text) of matched words.
    public mutating func snippet(of text: String) -> Snippet {
        var text = text
        return text.withUTF8 { snippet(ofUTF8: $0) }
    }

    private mutating func snippet(ofUTF8 text: UnsafeBufferPointer<UInt8>) -> Snippet {
        findMatches(text)
        let range: Range<Int>
        if let run = PassageSelector.bestRun(matches, termCount: terms.count, maxBytes: maxBytes) {
            let focus = matches[run.first].start..<matches[run.last].end
            range = PassageSelector.window(text, focus: focus, maxBytes: maxBytes)
        } else {
            range = PassageSelector.leadingWindow(text, maxBytes: maxBytes)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count + 2 * Self.ellipsis.count)
        // "…" only where text was left out, not where only whitespace was trimmed.
        let cutBefore = text[..<range.lowerBound].contains { !PassageSelector.isWhitespace($0) }
        let cutAfter = text[range.upperBound...].contains { !PassageSelector.isWhitespace($0) }
        if cutBefore { bytes += Self.ellipsis }
        let shift = bytes.count - range.lowerBound
        for byte in text[range] {
            // Line breaks and tabs become spaces: same length, so highlight offsets stay valid.
            bytes.append(PassageSelector.isWhitespace(byte) ? 0x20 : byte)
        }
        if cutAfter { bytes += Self.ellipsis }
        var highlights: [Range<Int>] = []
        for match in matches where match.start >= range.lowerBound && match.end <= range.upperBound {
            let highlight = match.start + shift..<match.end + shift
            // CJK bigrams overlap by a character: overlapping matches become one highlight.
            if let last = highlights.last, highlight.lowerBound < last.upperBound {
                highlights[highlights.count - 1] = last.lowerBound..<max(last.upperBound, highlight.upperBound)
            } else {
                highlights.append(highlight)
            }
        }
        return Snippet(text: String(decoding: bytes, as: UTF8.self), highlights: highlights)
    }

    /// Fills `matches` with every token of the first `analyzedBytes` of `text` (to the next space or line
    /// break, so no word is cut) that is a query term.
    private mutating func findMatches(_ text: UnsafeBufferPointer<UInt8>) {
        matches.removeAll(keepingCapacity: true)
        guard !terms.isEmpty else { return }
        let text = UnsafeBufferPointer(
            rebasing: text[..<PassageSelector.pieceEnd(text, from: 0, bytes: Self.analyzedBytes)])
        let terms = self.terms
        let termsByHash = self.termsByHash
        let lengths = self.lengths
        var found = matches
        matches = []
        _ = analyzer.analyze(text, lookingFor: prefixes) { token, _, start, end in
            guard lengths & Self.lengthBit(token.count) != 0, let candidates = termsByHash[Self.hash(token)] else {
                return
            }
            for index in candidates where terms[index].elementsEqual(token) {
                found.append(PassageSelector.Match(term: index, start: start, end: end))
                return
            }
        }
        matches = found
    }

    /// FNV-1a, 64-bit.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
