/// Which analysis chain an index uses; recorded in the index so queries are analyzed the same way.
public enum AnalyzerKind: String, Sendable, CaseIterable, Codable {
    /// Lowercase + split on non-alphanumerics; tokens longer than 64 Unicode scalars dropped. Matches the
    /// comparison harness exactly: Python `re.findall(r"[^\W_]+", text.lower())`.
    case plain
    /// The default: `plain` + diacritic and compatibility folding, with combining marks kept inside words
    /// (later: stemming, stop words, CJK bigrams).
    case standard
}
