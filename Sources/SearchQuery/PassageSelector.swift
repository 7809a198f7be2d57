/// Chooses which part of a text a snippet shows, from the byte ranges of the query terms found in it.
enum PassageSelector {
    /// One occurrence of query term `term` at bytes `start..<end` of the text.
    struct Match: Equatable {
        var term: Int
        var start: Int
        var end: Int
    }

    /// The first and last match (indexes into `matches`, ascending by position) of the run of matches that
    /// fits in `maxBytes` bytes and holds the most distinct terms, then the most matches, then comes first.
    /// A two-pointer sweep: O(matches + terms).
    static func bestRun(_ matches: [Match], termCount: Int, maxBytes: Int) -> (first: Int, last: Int)? {
        guard !matches.isEmpty else { return nil }
        var counts = [Int](repeating: 0, count: termCount)
        var distinct = 0
        var best = (first: 0, last: 0, distinct: 0, occurrences: 0)
        var last = -1  // matches[first...last] are counted
        for first in matches.indices {
            if first > 0 {
                let dropped = matches[first - 1].term
                counts[dropped] -= 1
                if counts[dropped] == 0 { distinct -= 1 }
            }
            if last < first {
                last = first
                if counts[matches[first].term] == 0 { distinct += 1 }
                counts[matches[first].term] += 1
            }
            while last + 1 < matches.count && matches[last + 1].end - matches[first].start <= maxBytes {
                last += 1
                if counts[matches[last].term] == 0 { distinct += 1 }
                counts[matches[last].term] += 1
            }
            let occurrences = last - first + 1
            if distinct > best.distinct || (distinct == best.distinct && occurrences > best.occurrences) {
                best = (first, last, distinct, occurrences)
            }
        }
        return (best.first, best.last)
    }

    /// The byte range to show: about `maxBytes` bytes around `focus` (the chosen run's extent), with the
    /// context split evenly before and after, cut at whitespace where possible and never inside a UTF-8
    /// sequence, and never cutting into `focus`.
    static func window(_ text: UnsafeBufferPointer<UInt8>, focus: Range<Int>, maxBytes: Int) -> Range<Int> {
        let n = text.count
        let slack = max(0, maxBytes - focus.count)
        var start = max(0, focus.lowerBound - slack / 2)
        var end = min(n, start + max(maxBytes, focus.count))
        if end - start < maxBytes { start = max(0, end - maxBytes) }
        start = min(start, focus.lowerBound)
        end = max(end, focus.upperBound)
        if start > 0 && !isWhitespace(text[start - 1]) {
            if let space = (start..<focus.lowerBound).first(where: { isWhitespace(text[$0]) }) {
                start = space + 1
            } else {
                while start < focus.lowerBound && isContinuation(text[start]) { start += 1 }
            }
        }
        if end < n && !isWhitespace(text[end]) {
            if let space = (focus.upperBound..<end).last(where: { isWhitespace(text[$0]) }) {
                end = space
            } else {
                while end > focus.upperBound && isContinuation(text[end]) { end -= 1 }
            }
        }
        while start < focus.lowerBound && isWhitespace(text[start]) { start += 1 }
        while end > focus.upperBound && isWhitespace(text[end - 1]) { end -= 1 }
        return start..<end
    }

    /// The range to show when no term occurs: the start of the text, up to `maxBytes` bytes.
    static func leadingWindow(_ text: UnsafeBufferPointer<UInt8>, maxBytes: Int) -> Range<Int> {
        var start = 0
        while start < text.count && isWhitespace(text[start]) { start += 1 }
        var end = min(text.count, start + maxBytes)
        if end < text.count && !isWhitespace(text[end]) {
            if let space = (start..<end).last(where: { isWhitespace(text[$0]) }) {
                end = space
            } else {
                while end > start && isContinuation(text[end]) { end -= 1 }
            }
        }
        while end > start && isWhitespace(text[end - 1]) { end -= 1 }
        return start..<end
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// The end of the piece of `text` that starts at `start` and takes about `bytes` bytes: there, or further
    /// on at the next ASCII space or line break (never inside a word or a UTF-8 sequence), or at the text's end.
    static func pieceEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int, bytes: Int) -> Int {
        var end = Swift.min(text.count, start + bytes)
        while end < text.count && text[end] != UInt8(ascii: " ") && text[end] != UInt8(ascii: "\n") { end += 1 }
        return end
    }

    /// A UTF-8 continuation byte (10xxxxxx): cutting before it would split a character.
    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }
}
