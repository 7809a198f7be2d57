import SearchIndex
import Testing

@testable import SearchQuery

@Suite("QueryParser")
struct QueryParserTests {
    /// Query text → canonical form (`Query.description`).
    static let parsed: [(String, String)] = [
        ("a", "a"),
        ("  a  ", "a"),
        ("a b", "a b"),
        ("a\tb\nc", "a b c"),
        ("+a +b", "+a +b"),
        ("+a b", "+a b"),
        ("-a b", "-a b"),
        ("!a b", "-a b"),
        ("+-a b", "-a b"),
        ("\"a b\"", "\"a b\""),
        ("\"a b\" c", "\"a b\" c"),
        ("a\"b c\"", "a \"b c\""),
        ("+\"a b\" -\"c d\" e", "+\"a b\" -\"c d\" e"),
        // Lucene's addClause: AND makes both neighbours required, OR leaves them optional.
        ("a AND b", "+a +b"),
        ("a && b", "+a +b"),
        ("a OR b", "a b"),
        ("a || b", "a b"),
        ("a AND b OR c", "+a +b c"),
        ("a OR b AND c", "a +b +c"),
        ("a AND b AND c", "+a +b +c"),
        ("a AND NOT b", "+a -b"),
        ("a AND -b", "+a -b"),
        ("-a AND b", "-a +b"),
        ("a NOT b", "a -b"),
        ("NOT a b", "-a b"),
        ("a OR NOT b", "a -b"),
        ("rock and roll", "rock and roll"),
        ("a or not b", "a or not b"),
        // Groups.
        ("(a b) c", "(a b) c"),
        ("+(a b) -c", "+(a b) -c"),
        ("a AND (b OR c)", "+a +(b c)"),
        ("(a)", "a"),
        ("((a))", "a"),
        ("+a", "a"),
        ("(+a) b", "a b"),
        ("-(a b) c", "-(a b) c"),
        ("(a (b (c d)))", "a (b (c d))"),
        // Fields on words, phrases and groups.
        ("title:a", "title:a"),
        ("body:a", "body:a"),
        ("url:a", "url:a"),
        ("+title:a b", "+title:a b"),
        ("title:\"a b\"", "title:\"a b\""),
        ("title:(a b) c", "(title:a title:b) c"),
        ("title:(a body:b)", "title:a body:b"),
        ("title:(a (b c))", "title:a (title:b title:c)"),
        ("-title:a b", "-title:a b"),
        ("title: a", "title:a"),
        ("url:http://example.com/a", "url:http://example.com/a"),
        ("title:a:b", "title:a:b"),
        // Unknown prefixes, capitalised names and bare prefixes are plain words.
        ("foo:bar", "foo:bar"),
        ("TITLE:a", "TITLE:a"),
        ("title:", "title:"),
        ("a title:", "a title:"),
        ("title: AND b", "+title: +b"),
        // Signs inside words and stray signs are word characters.
        ("state-of-the-art", "state-of-the-art"),
        ("c++ rocks", "c++ rocks"),
        ("foo - bar", "foo - bar"),
        ("a + b", "a + b"),
        ("U.S. economy", "U.S. economy"),
        ("a*", "a*"),
        ("ünïcödé 東京", "ünïcödé 東京"),
    ]

    @Test("parses every construct", arguments: parsed)
    func parses(_ input: String, _ expected: String) throws {
        #expect(try QueryParser.parse(input).description == expected)
    }

    @Test func buildsExactValues() throws {
        #expect(try QueryParser.parse("a") == .word("a", field: nil))
        #expect(try QueryParser.parse("\"a b\"") == .phrase("a b", field: nil))
        #expect(
            try QueryParser.parse("title:(a \"b c\") -url:d")
                == .boolean([
                    QueryClause(.should, .boolean([
                        QueryClause(.should, .word("a", field: .title)),
                        QueryClause(.should, .phrase("b c", field: .title)),
                    ])),
                    QueryClause(.mustNot, .word("d", field: .url)),
                ]))
        #expect(
            try QueryParser.parse("+a b")
                == .boolean([QueryClause(.must, .word("a", field: nil)), QueryClause(.should, .word("b", field: nil))])
        )
    }

    static let failures: [(String, QueryParseError)] = [
        ("", .empty),
        ("   \n\t", .empty),
        ("\"a b", .unbalancedQuote),
        ("a \"b\" \"c", .unbalancedQuote),
        ("(a b", .unclosedParenthesis),
        ("((a) b", .unclosedParenthesis),
        ("a b)", .unexpectedClosingParenthesis),
        (")", .unexpectedClosingParenthesis),
        ("()", .emptyParentheses),
        ("a ( ) b", .emptyParentheses),
        ("AND a", .danglingOperator("AND")),
        ("a AND", .danglingOperator("AND")),
        ("a OR", .danglingOperator("OR")),
        ("a &&", .danglingOperator("&&")),
        ("a OR OR b", .danglingOperator("OR")),
        ("a AND OR b", .danglingOperator("AND")),
        ("(AND a)", .danglingOperator("AND")),
        ("a NOT", .danglingOperator("NOT")),
        ("a NOT )", .danglingOperator("NOT")),
        ("-a", .onlyExcluded),
        ("-a -b", .onlyExcluded),
        ("NOT a", .onlyExcluded),
        ("-\"a b\"", .onlyExcluded),
        ("a (-b)", .onlyExcluded),
        ("a AND (NOT b)", .onlyExcluded),
    ]

    @Test("rejects malformed queries", arguments: failures)
    func rejects(_ input: String, _ expected: QueryParseError) {
        #expect(throws: expected) { try QueryParser.parse(input) }
    }

    @Test func errorsAreSentences() {
        let errors: [QueryParseError] =
            Self.failures.map(\.1) + [.tooManyTerms(limit: 1_024), .tooDeep(limit: 64), .danglingOperator("NOT")]
        for error in errors {
            let text = error.description
            #expect(text.first?.isUppercase == true || text.first == "‘", "\(text)")
            #expect(text.hasSuffix("."), "\(text)")
        }
    }

    @Test func limitsTerms() throws {
        let words = (0..<QueryParser.maximumTerms).map { "w\($0)" }
        _ = try QueryParser.parse(words.joined(separator: " "))
        #expect(throws: QueryParseError.tooManyTerms(limit: QueryParser.maximumTerms)) {
            try QueryParser.parse((words + ["one-more"]).joined(separator: " "))
        }
        // Terms hidden inside one word or phrase count too.
        #expect(throws: QueryParseError.tooManyTerms(limit: QueryParser.maximumTerms)) {
            try QueryParser.parse(String(repeating: "a.", count: 2_000))
        }
        #expect(throws: QueryParseError.tooManyTerms(limit: QueryParser.maximumTerms)) {
            try QueryParser.parse("\"" + String(repeating: "a ", count: 2_000) + "\"")
        }
    }

    @Test func limitsNesting() throws {
        let depth = QueryParser.maximumDepth
        let fits = String(repeating: "(", count: depth) + "a" + String(repeating: ")", count: depth)
        #expect(try QueryParser.parse(fits) == .word("a", field: nil))
        let deeper = String(repeating: "(", count: depth + 1) + "a" + String(repeating: ")", count: depth + 1)
        #expect(throws: QueryParseError.tooDeep(limit: depth)) { try QueryParser.parse(deeper) }
        // Hostile input fails cleanly instead of overflowing the stack.
        #expect(throws: QueryParseError.tooDeep(limit: depth)) {
            try QueryParser.parse(String(repeating: "(", count: 200_000))
        }
    }
}
