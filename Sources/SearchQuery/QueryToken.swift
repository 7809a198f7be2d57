import SearchIndex

/// One lexical unit of query text.
enum QueryToken: Equatable {
    /// A word (raw text, analyzed later).
    case word(String)
    /// The text between two quotes.
    case phrase(String)
    /// A known field prefix `name:`; `raw` is its text, used as a plain word when nothing follows it.
    case field(IndexedField, raw: String)
    /// `(`
    case open
    /// `)`
    case close
    /// `AND` or `&&` (its spelling, for error messages).
    case and(String)
    /// `OR` or `||` (its spelling, for error messages).
    case or(String)
    /// The keyword `NOT`.
    case not
    /// `+` glued to the next clause.
    case plus
    /// `-` or `!` glued to the next clause.
    case minus
}
