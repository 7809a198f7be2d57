/// Why query text could not be parsed; `description` is a sentence to show the user.
public enum QueryParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text holds no word, phrase or group.
    case empty
    /// A `"` opens a phrase that is never closed.
    case unbalancedQuote
    /// A `(` is never closed.
    case unclosedParenthesis
    /// A `)` closes nothing.
    case unexpectedClosingParenthesis
    /// `()` with nothing inside.
    case emptyParentheses
    /// An operator (`AND`, `OR`, `NOT`, `&&`, `||`) misses the word it applies to.
    case danglingOperator(String)
    /// The query, or a group in it, has only excluded clauses, which can match nothing.
    case onlyExcluded
    /// More terms than the parser accepts.
    case tooManyTerms(limit: Int)
    /// Parentheses nested deeper than the parser accepts.
    case tooDeep(limit: Int)

    /// A sentence for the user.
    public var description: String {
        switch self {
        case .empty:
            return "The query is empty: type at least one word."
        case .unbalancedQuote:
            return "The query opens a phrase with a quote (\") but never closes it."
        case .unclosedParenthesis:
            return "The query opens a parenthesis but never closes it."
        case .unexpectedClosingParenthesis:
            return "The query closes a parenthesis that was never opened."
        case .emptyParentheses:
            return "The query has empty parentheses: put words between them or remove them."
        case .danglingOperator(let name) where name == "NOT":
            return "‘NOT’ must be followed by the word or group to exclude."
        case .danglingOperator(let name):
            return "‘\(name)’ must stand between two words or groups."
        case .onlyExcluded:
            return "The query only excludes words: add at least one word to search for."
        case .tooManyTerms(let limit):
            return "The query is too long: it may hold at most \(limit) words."
        case .tooDeep(let limit):
            return "The query nests parentheses too deeply: at most \(limit) levels are allowed."
        }
    }
}
