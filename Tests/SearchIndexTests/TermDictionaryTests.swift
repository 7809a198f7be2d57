import Testing

@testable import SearchIndex

@Suite struct TermDictionaryTests {
    /// Writes `terms` (sorted, unique) as the body field of a terms file, each with made-up statistics derived
    /// from its rank, and returns the dictionary read back.
    static func roundTrip(
        _ terms: [[UInt8]], in directory: TemporaryDirectory
    ) throws -> (TermDictionary, MappedFileBuffer) {
        let path = directory.file("dictionary.terms")
        let output = try FileOutput(path: path)
        FileFormat.writeHeader(output, kind: .terms, segment: .none)
        let writer = TermDictionaryWriter(output: output)
        writer.startField(.title)
        try writer.finishField()
        writer.startField(.body)
        var postings = 100
        var positions = 1000
        for (rank, term) in terms.enumerated() {
            let location = TermLocation(
                postingsOffset: postings, postingsLength: rank % 7 + 1, positionsOffset: positions,
                positionsLength: rank % 300)
            try term.withUnsafeBufferPointer {
                try writer.add(
                    $0, documentFrequency: UInt32(rank + 1), totalTermFrequency: UInt64(rank * 3 + 1),
                    location: location)
            }
            postings += location.postingsLength
            positions += location.positionsLength
        }
        try writer.finishField()
        try writer.finish()
        let file = try FileSystem.map(path)
        let content = try FileFormat.validate(file.bytes, path: path, kind: .terms, segment: .none)
        let dictionary = try TermDictionary(
            file: file, content: content, field: .body, postingsRange: 0..<(1 << 40), positionsRange: 0..<(1 << 40))
        return (dictionary, file)
    }

    static func expectedInfo(rank: Int, _ terms: [[UInt8]]) -> TermInfo {
        var postings = 100
        var positions = 1000
        for r in 0..<rank {
            postings += r % 7 + 1
            positions += r % 300
        }
        return TermInfo(
            documentFrequency: UInt32(rank + 1), totalTermFrequency: UInt64(rank * 3 + 1), field: .body,
            postingsOffset: postings, postingsLength: rank % 7 + 1, positionsOffset: positions,
            positionsLength: rank % 300)
    }

    static func sortedUnique(_ terms: [[UInt8]]) -> [[UInt8]] {
        Array(Set(terms)).sorted { $0.lexicographicallyPrecedes($1) }
    }

    static let handPicked: [[UInt8]] = sortedUnique(
        [
            "a", "ab", "abc", "abcd", "abd", "abe", "b", "ba", "bab", "baba", "c", "zz", "zzz", "café", "caf",
            "日本", "日本語", "über", "x1", "x10", "x2", String(repeating: "long", count: 50),
            String(repeating: "long", count: 50) + "er",
        ].map { Array($0.utf8) } + [[0x00], [0x00, 0x00], [0xFF], [0x7F, 0x80]])

    static func randomTerms(count: Int, seed: UInt64) -> [[UInt8]] {
        var generator = SeededGenerator(seed: seed)
        let alphabet = Array("abcdeé日".utf8)
        var terms: [[UInt8]] = []
        while terms.count < count * 2 {
            let length = Int.random(in: 1...12, using: &generator)
            terms.append((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
        }
        return Array(sortedUnique(terms).prefix(count))
    }

    @Test(arguments: [1, 2, 15, 16, 17, 32, 33, 1000])
    func findsEveryTermAndNothingElse(count: Int) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let terms =
            count <= Self.handPicked.count
            ? Array(Self.handPicked.prefix(count))
            : Self.sortedUnique(Self.handPicked + Self.randomTerms(count: count, seed: 3))
        try Self.expectLookups(terms, in: directory)
    }

    /// Terms whose first 8 bytes tie across many blocks (addresses), some with zero bytes where shorter terms
    /// are padded: the lookup must fall back to whole terms among the ties.
    @Test func findsTermsThatShareLongPrefixes() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var terms: [[UInt8]] = []
        for i in 0..<700 {
            terms.append(Array("https://example.org/page/\(i * 7919 % 10007)".utf8))
            terms.append(Array("https:/".utf8) + [0x00] + Array("\(i)".utf8))
        }
        terms += [Array("https:/".utf8), Array("https://".utf8), Array("https:/".utf8) + [0x00]]
        try Self.expectLookups(Self.sortedUnique(terms), in: directory)
    }

    /// Writes `terms` and checks that each is found with its entry, and that prefixes, extensions and neighbours
    /// of them, and terms before the first and after the last, are not.
    static func expectLookups(_ terms: [[UInt8]], in directory: TemporaryDirectory) throws {
        let (dictionary, file) = try Self.roundTrip(terms, in: directory)
        defer { withExtendedLifetime(file) {} }
        #expect(dictionary.termCount == terms.count)
        for (rank, term) in terms.enumerated() {
            let info = term.withUnsafeBufferPointer { dictionary.lookup($0) }
            #expect(info == Self.expectedInfo(rank: rank, terms), "term \(term)")
        }
        // Absent: prefixes, extensions and neighbours of present terms, before the first and after the last.
        let present = Set(terms)
        var absent: [[UInt8]] = [[], [0x00, 0x00, 0x00, 0x00], [0xFF, 0xFF], Array("aa".utf8), Array("abcc".utf8)]
        for term in terms {
            absent.append(Array(term.dropLast()))
            absent.append(term + [0x00])
            absent.append(term + Array("zz".utf8))
            var bumped = term
            bumped[bumped.count - 1] &+= 1
            absent.append(bumped)
        }
        for term in absent where !present.contains(term) {
            #expect(term.withUnsafeBufferPointer { dictionary.lookup($0) } == nil, "absent term \(term)")
        }
    }

    @Test func enumeratesTermsInOrder() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let terms = Self.sortedUnique(Self.handPicked + Self.randomTerms(count: 300, seed: 9))
        let (dictionary, file) = try Self.roundTrip(terms, in: directory)
        defer { withExtendedLifetime(file) {} }
        var seen: [[UInt8]] = []
        try dictionary.forEachTerm { term, info in
            #expect(info == Self.expectedInfo(rank: seen.count, terms))
            seen.append(Array(term))
        }
        #expect(seen == terms)
    }

    @Test func enumeratesTheTermsWithAPrefix() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let terms = Self.sortedUnique(Self.handPicked + Self.randomTerms(count: 600, seed: 21))
        let (dictionary, file) = try Self.roundTrip(terms, in: directory)
        defer { withExtendedLifetime(file) {} }
        // Every prefix of a term (so every block boundary is some prefix's edge), plus ones no term has.
        var prefixes = Set<[UInt8]>([[], Array("zzzz".utf8), [0xFF], [0x00], Array("abz".utf8)])
        for term in terms { for n in 1...min(term.count, 3) { prefixes.insert(Array(term.prefix(n))) } }
        for prefix in prefixes {
            var seen: [[UInt8]] = []
            try prefix.withUnsafeBufferPointer { prefix in
                try dictionary.forEachTerm(withPrefix: prefix) { term, info in
                    #expect(info == Self.expectedInfo(rank: terms.firstIndex(of: Array(term)) ?? -1, terms))
                    seen.append(Array(term))
                }
            }
            #expect(seen == terms.filter { $0.starts(with: prefix) }, "prefix \(prefix)")
        }
    }

    /// A walk whose body rules out the terms beginning with some leading bytes of the term it is given visits
    /// exactly the terms with the prefix that no earlier visited term ruled out, with their entries.
    @Test func prunedWalkSkipsTheTermsRuledOut() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let terms = Self.sortedUnique(Self.handPicked + Self.randomTerms(count: 800, seed: 33) + [[0xFF, 0xFF, 0x01]])
        let (dictionary, file) = try Self.roundTrip(terms, in: directory)
        defer { withExtendedLifetime(file) {} }
        var generator = SeededGenerator(seed: 5)
        for prefix in [[], Array("a".utf8), Array("b".utf8), [0xFF]] as [[UInt8]] {
            for _ in 0..<20 {
                // Rule out the first 1...3 bytes of about one visited term in eight.
                var choices: [[UInt8]: Int] = [:]
                for term in terms where generator.next() % 8 == 0 {
                    choices[term] = Int(generator.next() % UInt64(min(term.count, 3))) + 1
                }
                var seen: [[UInt8]] = []
                try prefix.withUnsafeBufferPointer { prefix in
                    try dictionary.walkTerms(withPrefix: prefix) { term, info in
                        #expect(info == Self.expectedInfo(rank: terms.firstIndex(of: Array(term)) ?? -1, terms))
                        seen.append(Array(term))
                        return choices[Array(term)] ?? 0
                    }
                }
                var expected: [[UInt8]] = []
                var ruledOut: [UInt8]? = nil
                for term in terms where term.starts(with: prefix) {
                    if let ruledOut, term.starts(with: ruledOut) { continue }
                    expected.append(term)
                    ruledOut = choices[term].map { Array(term.prefix($0)) }
                }
                #expect(seen == expected, "prefix \(prefix)")
            }
        }
    }

    @Test func emptyFieldHasNoTerms() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (dictionary, file) = try Self.roundTrip([], in: directory)
        defer { withExtendedLifetime(file) {} }
        #expect(dictionary.termCount == 0)
        #expect(Array("a".utf8).withUnsafeBufferPointer { dictionary.lookup($0) } == nil)
        var seen = 0
        try [UInt8]().withUnsafeBufferPointer { try dictionary.forEachTerm(withPrefix: $0) { _, _ in seen += 1 } }
        #expect(seen == 0)
    }
}
