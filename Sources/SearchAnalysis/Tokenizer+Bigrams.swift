/// CJK bigrams (the `standard` analyzer): Han, Hiragana, Katakana and Hangul are written without spaces
/// between words, so a run of them is indexed as its overlapping pairs of characters, each with its own
/// position (東京タワー → 東京 京タ タワ ワー), and a character standing alone as itself: the scheme of
/// Lucene's `CJKBigramFilter`. A query then matches a run as the phrase of its bigrams.
///
/// The tokenizer meets each CJK character on its special path and looks one character ahead: if another CJK
/// character follows, it emits the pair; if not, it emits the character alone unless a pair already covered
/// it. A "character" here is the scalar with the combining marks and joiners that follow it (a decomposed
/// が is か + U+3099), so marks never split a run.
extension Tokenizer {
    /// Handles the CJK scalar at `index` (its `entry` has `isBigram`): ends any token in progress, emits the
    /// bigram or unigram this character starts, and returns the bytes consumed (the scalar and its marks).
    @usableFromInline
    mutating func bigram(
        _ entry: ScalarEntry, _ entryPool: UnsafePointer<UInt8>, at index: Int, width: Int,
        _ base: UnsafePointer<UInt8>, _ count: Int, _ state: inout State,
        _ body: (UnsafeBufferPointer<UInt8>, UInt32, Int, Int) -> Void
    ) -> Int {
        if state.length != 0 {
            finish(&state.length, &state.surplus, &state.position, start: state.start, end: index, base, body)
        }
        let continuesRun = cjkEnd == index
        var length = 0
        var surplus = 0
        let input = UTF8Scanning.decode(base, index, count).bytes
        Self.append(entry, input: input, scratch, entryPool, &length, &surplus)
        let end = appendMarks(after: index + width, base, count, &length, &surplus)
        cjkEnd = end
        // The next character, if it is CJK too, completes the pair.
        if end < count && base[end] >= 0x80 {
            let (value, nextWidth, nextInput) = UTF8Scanning.decode(base, end, count, lead: base[end])
            if nextWidth > 0 {
                let (nextEntry, nextPool) = table.entry(value)
                if nextEntry.isBigram {
                    Self.append(nextEntry, input: nextInput, scratch, nextPool, &length, &surplus)
                    let nextEnd = appendMarks(after: end + nextWidth, base, count, &length, &surplus)
                    body(UnsafeBufferPointer(start: scratch, count: length), state.position, index, nextEnd)
                    state.position &+= 1
                    return end - index
                }
            }
        }
        if !continuesRun {
            body(UnsafeBufferPointer(start: scratch, count: length), state.position, index, end)
            state.position &+= 1
        }
        return end - index
    }

    /// Appends the output of the combining marks and joiners from `start` on (at most a few bytes' worth; the
    /// rest are skipped) and returns where they end.
    @usableFromInline
    func appendMarks(
        after start: Int, _ base: UnsafePointer<UInt8>, _ count: Int, _ length: inout Int, _ surplus: inout Int
    ) -> Int {
        var end = start
        while end < count && base[end] >= 0x80 {
            let (value, width, input) = UTF8Scanning.decode(base, end, count, lead: base[end])
            guard width > 0 else { break }
            let (entry, pool) = table.entry(value)
            guard entry.continuesToken && !entry.startsToken else { break }
            // A bigram stays far below the term buffer's size, whatever the text piles onto a character.
            if length < 64 { Self.append(entry, input: input, scratch, pool, &length, &surplus) }
            end += width
        }
        return end
    }
}
