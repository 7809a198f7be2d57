import SearchIndex

/// Parsed Lucene-classic query (words, +required, -excluded, "phrases", AND/OR/NOT, parentheses,
/// title:/body:/url: fields; OR is the default operator).
///
/// Words and phrases keep their raw text: they are analyzed at search time with the index's analyzer, so one
/// parsed query can run against indexes built with different analyzers. A word that analyzes to several terms
/// (`state-of-the-art`, `U.S.`) is searched as a phrase of them; a word that analyzes to no term is dropped.
public indirect enum Query: Sendable, Equatable {
    /// One query word; `field` nil means the default field (`.body`, which also holds the title).
    case word(String, field: IndexedField?)
    /// Quoted text whose terms must occur at consecutive positions, in order.
    case phrase(String, field: IndexedField?)
    /// Clauses combined as in Lucene's BooleanQuery: a document must match every `.must` clause and no
    /// `.mustNot` clause, and, when there is no `.must` clause, at least one `.should` clause.
    case boolean([QueryClause])
}

/// One clause of a boolean query: a sub-query and how it takes part in matching.
public struct QueryClause: Sendable, Equatable {
    /// How a clause takes part in matching (Lucene's `BooleanClause.Occur`).
    public enum Occur: Sendable, Equatable {
        /// Optional: adds to the score; required only when the query has no `.must` clause.
        case should
        /// Required (`+word`, `a AND b`): adds to the score.
        case must
        /// Excluded (`-word`, `NOT word`): a matching document is dropped; never scores.
        case mustNot
    }

    /// How this clause takes part in matching.
    public var occur: Occur
    /// The clause's sub-query.
    public var query: Query

    /// Creates a clause.
    public init(_ occur: Occur, _ query: Query) {
        self.occur = occur
        self.query = query
    }
}

extension Query: CustomStringConvertible {
    /// The query in canonical Lucene syntax, e.g. `+title:a -b (c "d e")`.
    public var description: String {
        switch self {
        case .word(let text, let field):
            return Self.prefix(field) + text
        case .phrase(let text, let field):
            return Self.prefix(field) + "\"" + text + "\""
        case .boolean(let clauses):
            return clauses.map { clause in
                let sign: String
                switch clause.occur {
                case .should: sign = ""
                case .must: sign = "+"
                case .mustNot: sign = "-"
                }
                if case .boolean = clause.query { return sign + "(" + clause.query.description + ")" }
                return sign + clause.query.description
            }.joined(separator: " ")
        }
    }

    private static func prefix(_ field: IndexedField?) -> String {
        guard let field else { return "" }
        return field.queryName + ":"
    }
}

extension IndexedField {
    /// The field's name in query syntax (`title`, `body`, `url`).
    var queryName: String {
        switch self {
        case .title: return "title"
        case .body: return "body"
        case .url: return "url"
        }
    }
}
