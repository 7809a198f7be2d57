import SearchIndex

/// Parses query text; throws QueryParseError (CustomStringConvertible, a user-facing sentence).
///
/// The syntax is the subset of Lucene's classic query parser that the search-benchmark-game uses, with OR as
/// the default operator: `a b` is a union, `+a +b` an intersection, `"a b"` a phrase, `-a` / `NOT a` / `!a`
/// exclude, `AND` makes both neighbours required (Lucene's `QueryParserBase.addClause`: `a OR b AND c` is
/// `a +b +c`), parentheses group, and `title:` / `body:` / `url:` qualify a word, phrase or group. Operators
/// are upper-case only, so `rock and roll` searches three words.
///
/// Deliberate differences from Lucene, chosen for text pasted from web pages: a `+`, `-` or `!` that is not
/// glued to the next word is an ordinary character (`foo - bar` searches `foo` and `bar`); unknown `name:`
/// prefixes and Lucene-only syntax (`^`, `~`, `*`, `\`) stay inside the word, where analysis drops them.
public enum QueryParser {
    /// The most terms (words, or alphanumeric runs inside words and phrases) a query may hold.
    public static let maximumTerms = 1_024
    /// The deepest nesting of parentheses a query may use.
    public static let maximumDepth = 64

    /// Parses `text` into a query; throws `QueryParseError` with a sentence for the user.
    public static func parse(_ text: String) throws -> Query {
        let tokens = try QueryLexer.tokenize(text, maximumTerms: maximumTerms)
        var parser = ClauseParser(tokens: tokens, maximumDepth: maximumDepth)
        return try parser.parseQuery()
    }
}

/// Recursive descent over the token list; depth is bounded before every recursion, so hostile input raises
/// `tooDeep` instead of overflowing the stack.
private struct ClauseParser {
    private enum Conjunction { case none, and, or }

    let tokens: [QueryToken]
    let maximumDepth: Int
    var index = 0

    init(tokens: [QueryToken], maximumDepth: Int) {
        self.tokens = tokens
        self.maximumDepth = maximumDepth
    }

    mutating func parseQuery() throws -> Query {
        if tokens.isEmpty { throw QueryParseError.empty }
        let clauses = try parseClauses(depth: 0, field: nil, closing: false)
        if clauses.isEmpty { throw QueryParseError.empty }
        return try Self.combine(clauses)
    }

    /// A group's clauses: one query, or a boolean of several; a group of only exclusions matches nothing.
    private static func combine(_ clauses: [QueryClause]) throws -> Query {
        if clauses.allSatisfy({ $0.occur == .mustNot }) { throw QueryParseError.onlyExcluded }
        // Lucene returns a lone clause itself; a lone `+x` scores and matches exactly as `x`.
        if clauses.count == 1 { return clauses[0].query }
        return .boolean(clauses)
    }

    private mutating func parseClauses(depth: Int, field: IndexedField?, closing: Bool) throws -> [QueryClause] {
        var clauses: [QueryClause] = []
        var conjunction = Conjunction.none
        var conjunctionText = ""
        loop: while true {
            guard index < tokens.count else {
                if closing { throw QueryParseError.unclosedParenthesis }
                break loop
            }
            switch tokens[index] {
            case .close:
                guard closing else { throw QueryParseError.unexpectedClosingParenthesis }
                index += 1
                break loop
            case .and(let text), .or(let text):
                if clauses.isEmpty || conjunction != .none {
                    throw QueryParseError.danglingOperator(conjunction == .none ? text : conjunctionText)
                }
                if case .and = tokens[index] { conjunction = .and } else { conjunction = .or }
                conjunctionText = text
                index += 1
            default:
                var excluded = false
                var required = false
                var notKeyword = false
                modifiers: while index < tokens.count {
                    switch tokens[index] {
                    case .plus: required = true
                    case .minus: excluded = true
                    case .not:
                        excluded = true
                        notKeyword = true
                    default: break modifiers
                    }
                    index += 1
                }
                guard let query = try parseClause(depth: depth, field: field) else {
                    if notKeyword { throw QueryParseError.danglingOperator("NOT") }
                    continue loop  // stray `+`/`-` before an operator: ignore it
                }
                // Lucene's addClause with OR as the default operator: AND makes the preceding clause required
                // (unless it is excluded) and the new one too.
                if conjunction == .and, let last = clauses.indices.last, clauses[last].occur != .mustNot {
                    clauses[last].occur = .must
                }
                let occur: QueryClause.Occur =
                    excluded ? .mustNot : (required || conjunction == .and ? .must : .should)
                clauses.append(QueryClause(occur, query))
                conjunction = .none
            }
        }
        if conjunction != .none { throw QueryParseError.danglingOperator(conjunctionText) }
        return clauses
    }

    /// One word, phrase or group (with an optional field prefix); nil if the next token starts none.
    private mutating func parseClause(depth: Int, field: IndexedField?) throws -> Query? {
        guard index < tokens.count else { return nil }
        var field = field
        if case .field(let named, let raw) = tokens[index] {
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            switch next {
            case .word?, .phrase?, .open?:
                field = named
                index += 1
            default:
                // `title:` with nothing to qualify is the plain word "title:".
                index += 1
                return .word(raw, field: field)
            }
        }
        switch tokens[index] {
        case .word(let text):
            index += 1
            return .word(text, field: field)
        case .phrase(let text):
            index += 1
            return .phrase(text, field: field)
        case .open:
            if depth + 1 > maximumDepth { throw QueryParseError.tooDeep(limit: maximumDepth) }
            index += 1
            let clauses = try parseClauses(depth: depth + 1, field: field, closing: true)
            if clauses.isEmpty { throw QueryParseError.emptyParentheses }
            return try Self.combine(clauses)
        default:
            return nil
        }
    }
}
