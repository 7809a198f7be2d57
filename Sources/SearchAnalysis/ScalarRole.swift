/// How the table builders classify one scalar.
enum ScalarRole: Equatable {
    /// Ends the current token (or is skipped); contributes nothing.
    case separator
    /// A letter or digit: starts or continues a token and contributes its output (at least one scalar).
    case word
    /// Continues a token but cannot start one; contributes its output (possibly nothing).
    case joiner
    /// Needs the out-of-line path in the tokenizer.
    case special
    /// A CJK letter: a word character that the tokenizer indexes in overlapping bigrams (special path).
    case bigram
}
