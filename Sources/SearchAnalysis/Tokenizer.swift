/// The segmentation loop shared by every analyzer kind: UTF-8 bytes in, normalized terms out.
///
/// ASCII bytes are classified and lowercased eight at a time (`ASCIIWordScan`), the last few of a text through
/// a 256-entry fold table (lowercased letter or digit, or 0 for a separator); bytes ≥ 0x80 decode one scalar
/// and take its `ScalarEntry` from the kind's two-level table. The term is written to the analyzer's
/// `TermBuffer`: no allocation per token, no `String` or `Character` anywhere.
@usableFromInline
struct Tokenizer<Filter: TokenFilter> {
    @usableFromInline let table: ScalarTable
    @usableFromInline let scratch: UnsafeMutablePointer<UInt8>
    @usableFromInline var filter: Filter
    /// Where the last token ended (for the possessive rule); -1 before the first.
    @usableFromInline var previousEnd = -1
    /// Where the last CJK character ended (for bigrams); -1 before the first.
    @usableFromInline var cjkEnd = -1

    @inlinable
    init(table: ScalarTable, scratch: UnsafeMutablePointer<UInt8>, filter: Filter) {
        self.table = table
        self.scratch = scratch
        self.filter = filter
    }

    /// The state of the token being assembled, as handed to the out-of-line path. `length` bytes are in the
    /// scratch buffer (at offsets taken modulo `TermBuffer.offsetMask + 1`; only over-long tokens wrap);
    /// `surplus` is `length` minus the number of scalars, so counting scalars costs nothing on the ASCII path.
    @usableFromInline
    struct State {
        @usableFromInline var length: Int
        @usableFromInline var surplus: Int
        @usableFromInline var start: Int
        @usableFromInline var position: UInt32

        @inlinable init(length: Int, surplus: Int, start: Int, position: UInt32) {
            (self.length, self.surplus, self.start, self.position) = (length, surplus, start, position)
        }
    }

    /// Runs over `text` (see `Analyzer.analyze`).
    ///
    /// Two loops alternate: one skips ASCII separators, the other appends ASCII letters and digits, both eight
    /// bytes per step (`ASCIIWordScan`) while eight remain and through the fold table for the last few.
    /// Anything else (bytes ≥ 0x80) goes through the scalar table. The token state lives in locals so that it
    /// stays in registers: only the rare out-of-line path gets (a copy of) it by address. Indices are bounded
    /// by `text.count`, so wrapping arithmetic is exact and spares the loops their overflow checks.
    @inlinable
    mutating func run(
        _ text: UnsafeBufferPointer<UInt8>, firstPosition: UInt32,
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ position: UInt32, _ start: Int, _ end: Int) -> Void
    ) -> UInt32 {
        guard let base = text.baseAddress else { return firstPosition }
        let count = text.count
        // Locals, not `table.…` in the loop: the stores into the term buffer would otherwise make the compiler
        // reload the table's pointers for every scalar.
        let fold = UnsafePointer(table.asciiFold)
        let stage1 = UnsafePointer(table.basic.stage1)
        let stage2 = UnsafePointer(table.basic.stage2)
        let pool = UnsafePointer(table.basic.pool)
        let scratch = self.scratch
        let mask = TermBuffer.offsetMask
        var length = 0
        var surplus = 0
        var position = firstPosition
        var index = 0
        nextToken: while index < count {
            // Between tokens: skip ASCII separators, eight at a time while eight remain.
            while true {
                if count &- index >= 8 {
                    let word = ASCIIWordScan.load(base + index)
                    let (letterOrDigit, _) = ASCIIWordScan.classify(word)
                    let skipped = ASCIIWordScan.leadingClearLanes(ASCIIWordScan.nonSeparators(word, letterOrDigit))
                    index &+= skipped
                    if skipped < 8 { break }
                } else {
                    if index == count { break nextToken }
                    if fold[Int(base[index])] != 0 { break }
                    index &+= 1
                }
            }
            var start = index
            // Whether the token goes on with ASCII; a token that starts with a non-ASCII scalar skips the
            // eight-byte step, which would take nothing.
            var ascii = base[index] < 0x80
            // In a token (or, until a non-ASCII scalar proves to be a word, at its possible start).
            inToken: while true {
                if ascii {
                    if count &- index >= 8 {
                        // Eight bytes lowercased and stored at once; the term keeps the leading word bytes.
                        let word = ASCIIWordScan.load(base + index)
                        let (letterOrDigit, lowercased) = ASCIIWordScan.classify(word)
                        UnsafeMutableRawPointer(scratch + (length & mask))
                            .storeBytes(of: lowercased.littleEndian, as: UInt64.self)
                        let taken = ASCIIWordScan.leadingLanes(letterOrDigit)
                        length &+= taken
                        index &+= taken
                        if taken == 8 { continue }
                        // Lane `taken` is no letter or digit. If it is an ASCII separator the token ends, and
                        // the same eight bytes usually also show where the next token starts.
                        let stops = ASCIIWordScan.nonSeparators(word, letterOrDigit) &>> UInt64(taken &* 8)
                        if stops & 0x80 == 0 {
                            if length != 0 {
                                finish(&length, &surplus, &position, start: start, end: index, base, body)
                            }
                            let next = stops & ~0xFF
                            if next == 0 {
                                index &+= 8 &- taken
                                continue nextToken
                            }
                            index &+= ASCIIWordScan.leadingClearLanes(next)
                            start = index
                            ascii = base[index] < 0x80
                            continue
                        }
                    } else {
                        if index == count { break }
                        let folded = fold[Int(base[index])]
                        if folded &- 1 < ScalarTable.nonASCII &- 1 {
                            // ASCII letter or digit (fold value 1...0x7F).
                            scratch[length & mask] = folded
                            length &+= 1
                            index &+= 1
                            continue
                        }
                    }
                    if base[index] < 0x80 { break }   // an ASCII separator ends the token
                }
                // A run of non-ASCII scalars, handled one after the other without going back to the ASCII
                // scan (which would find nothing to take in text such as Cyrillic or CJK).
                repeat {
                    let (value, width, input) = UTF8Scanning.decode(base, index, count, lead: base[index])
                    if width == 0 {
                        // Invalid UTF-8: the byte separates tokens.
                        if length != 0 { break inToken }
                        index &+= 1
                        continue nextToken
                    }
                    let entry: ScalarEntry
                    let entryPool: UnsafePointer<UInt8>
                    if value < 0x10000 {
                        (entry, entryPool) = (PlaneTable.entry(value, stage1, stage2), pool)
                    } else {
                        // Beyond the BMP (rare): the plane's own table, built on first use.
                        (entry, entryPool) = table.supplementaryEntry(value)
                    }
                    if entry.startsToken || (entry.continuesToken && length != 0) {
                        Self.append(entry, input: input, scratch, entryPool, &length, &surplus)
                    } else if entry.isSpecial {
                        var state = State(length: length, surplus: surplus, start: start, position: position)
                        let consumed = special(entry, entryPool, at: index, width: width, base, count, &state, body)
                        (length, surplus, start, position) = (state.length, state.surplus, state.start, state.position)
                        if length == 0 {
                            // The special path ended the token inside what it consumed; the next one starts anew.
                            index &+= consumed
                            continue nextToken
                        }
                    } else {
                        if length != 0 { break inToken }
                        index &+= width
                        continue nextToken
                    }
                    index &+= width
                } while index < count && base[index] >= 0x80
                ascii = true
            }
            if length != 0 {
                finish(&length, &surplus, &position, start: start, end: index, base, body)
            }
        }
        return position
    }

    /// Appends an entry's output bytes to the term in `scratch`; `input` holds the scalar's own bytes for
    /// identity entries, `pool` is the table's pool.
    @inlinable @inline(__always)
    static func append(
        _ entry: ScalarEntry, input: UInt32, _ scratch: UnsafeMutablePointer<UInt8>, _ pool: UnsafePointer<UInt8>,
        _ length: inout Int, _ surplus: inout Int
    ) {
        let offset = length & TermBuffer.offsetMask
        if entry.isPooled {
            (scratch + offset).update(from: pool + Int(entry.inlineBytes), count: entry.byteCount)
        } else {
            // One unaligned 4-byte store; bytes past the output are overwritten by the next append or
            // ignored (the term's count excludes them). The buffer has slack past the offset mask.
            let bytes = entry.isIdentity ? input : entry.inlineBytes
            UnsafeMutableRawPointer(scratch + offset).storeBytes(of: bytes.littleEndian, as: UInt32.self)
        }
        length &+= entry.byteCount
        surplus &+= entry.surplusBytes
    }

    /// Ends the current token at byte `end`: emits it unless it is over-long, and consumes its position (a
    /// possessive `s`, when the filter removes those, vanishes without one).
    @inlinable @inline(__always)
    mutating func finish(
        _ length: inout Int, _ surplus: inout Int, _ position: inout UInt32, start: Int, end: Int,
        _ base: UnsafePointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, UInt32, Int, Int) -> Void
    ) {
        defer { previousEnd = end }
        if Filter.removesPossessives && length == 1 && scratch[0] == UInt8(ascii: "s")
            && Self.followsWordApostrophe(base, start: start, previousEnd: previousEnd) {
            length = 0
            surplus = 0
            return
        }
        if length &- surplus <= Analyzer.maximumTermScalars {
            var term = TermSlice(bytes: scratch, count: length)
            if filter.filter(&term) {
                body(UnsafeBufferPointer(start: term.bytes, count: term.count), position, start, end)
            }
        }
        position &+= 1
        length = 0
        surplus = 0
    }

    /// Whether the token starting at `start` directly follows an apostrophe (' or ’) that directly follows the
    /// previous token, which ended at `previousEnd`.
    @inlinable @inline(__always)
    static func followsWordApostrophe(_ base: UnsafePointer<UInt8>, start: Int, previousEnd: Int) -> Bool {
        if start >= 2 && base[start &- 1] == UInt8(ascii: "'") { return previousEnd == start &- 1 }
        if start >= 4 && base[start &- 3] == 0xE2 && base[start &- 2] == 0x80 && base[start &- 1] == 0x99 {
            return previousEnd == start &- 3   // U+2019 RIGHT SINGLE QUOTATION MARK
        }
        return false
    }

    /// The scalars that need more than their table entry: CJK characters (`standard`), which become bigrams,
    /// and two cases of `plain`: capital sigma
    /// (Python lowercases it to final ς when a cased letter precedes and none follows, skipping case-ignorable
    /// characters), and scalars whose lowercase mixes word and non-word characters ('İ' → "i" + combining dot
    /// above).
    /// Returns the number of bytes consumed from `index` (at least `width`).
    @usableFromInline
    mutating func special(
        _ entry: ScalarEntry, _ entryPool: UnsafePointer<UInt8>, at index: Int, width: Int,
        _ base: UnsafePointer<UInt8>, _ count: Int, _ state: inout State,
        _ body: (UnsafeBufferPointer<UInt8>, UInt32, Int, Int) -> Void
    ) -> Int {
        if entry.isBigram {
            return bigram(entry, entryPool, at: index, width: width, base, count, &state, body)
        }
        let end = index + width
        if width == 2 && base[index] == 0xCE && base[index + 1] == 0xA3 {   // U+03A3
            let isFinal = FinalSigma.isFinal(base, count, start: index, end: end)
            let sigma = isFinal ? UnicodeConstants.finalSigma : UnicodeConstants.smallSigma
            if state.length == 0 { state.start = index }
            let (sigmaEntry, sigmaPool) = table.entry(sigma.value)
            let input = UTF8Scanning.bytes(of: sigma)
            Self.append(sigmaEntry, input: input, scratch, sigmaPool, &state.length, &state.surplus)
            return width
        }
        // Each piece of the lowercase mapping is classified on its own, as Python does on the lowered text.
        // A token that a piece ends still spans the whole source scalar, so highlighting stays on whole
        // characters.
        let pooled = entry.isPooled ? entryPool + Int(entry.inlineBytes) : nil
        let word = entry.inlineBytes
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4) { inlineStorage in
            for i in 0..<4 { inlineStorage[i] = UInt8(truncatingIfNeeded: word >> (8 * UInt32(i))) }
            let pieces = pooled ?? UnsafePointer(inlineStorage.baseAddress!)
            var offset = 0
            while offset < entry.byteCount {
                let (value, pieceWidth, input) = UTF8Scanning.decode(pieces, offset, entry.byteCount)
                precondition(pieceWidth > 0, "table outputs are valid UTF-8")
                let (pieceEntry, piecePool) = table.entry(value)
                if pieceEntry.startsToken || (pieceEntry.continuesToken && state.length != 0) {
                    if state.length == 0 { state.start = index }
                    Self.append(pieceEntry, input: input, scratch, piecePool, &state.length, &state.surplus)
                } else if state.length != 0 {
                    finish(&state.length, &state.surplus, &state.position, start: state.start, end: end, base, body)
                }
                offset += pieceWidth
            }
        }
        return width
    }
}
