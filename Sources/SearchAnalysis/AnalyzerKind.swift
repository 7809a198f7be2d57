/// Which analysis chain an index uses; recorded in the index so queries are analyzed the same way.
public enum AnalyzerKind: String, Sendable, CaseIterable, Codable {
    /// Lowercase + split on non-alphanumerics; tokens longer than 64 Unicode scalars dropped. Matches the
    /// comparison harness exactly: Python `re.findall(r"[^\W_]+", text.lower())`.
    case plain
    /// The default: `plain` + diacritic and compatibility folding, with combining marks kept inside words;
    /// English possessives removed and ASCII words stemmed (Snowball English); CJK runs as overlapping bigrams.
    /// Every token keeps its position; queries ignore `StopWords.english` outside phrases.
    case standard
}

extension AnalyzerKind {
    /// Whether queries on an index of this kind ignore English stop words in clauses that are not phrases.
    public var ignoresStopWordsInQueries: Bool { self == .standard }
}
