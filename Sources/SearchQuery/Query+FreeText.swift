import SearchAnalysis

extension Query {
    /// Every word of `text` as an optional clause of the default field, with no query syntax: quotes, signs,
    /// parentheses, field prefixes and operators are ordinary text (`what is "x"?` is the words what, is, x).
    /// For natural-language queries such as benchmark topics. Words are the tokens of `analyzer` (so a CJK
    /// run gives one clause per bigram), each kept as its source spelling and analyzed again when planned;
    /// at most `QueryParser.maximumTerms` are kept.
    public static func freeText(_ text: String, analyzer: AnalyzerKind) -> Query {
        var words: [QueryClause] = []
        var analyzer = Analyzer(analyzer, fewWords: true)
        var text = text
        text.withUTF8 { bytes in
            _ = analyzer.analyze(bytes) { _, _, start, end in
                guard words.count < QueryParser.maximumTerms else { return }
                let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                words.append(QueryClause(.should, .word(word, field: nil)))
            }
        }
        return .boolean(words)
    }
}
