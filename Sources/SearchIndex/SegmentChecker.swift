/// Checks one segment of a commit for `IndexChecker`: that its six files (and deletions file) exist and carry
/// intact envelopes with this segment's identity, that the norms and stored fields hold the documents the
/// manifest lists, and that the term dictionaries, postings and positions decode completely and consistently,
/// covering their files with no byte to spare.
struct SegmentChecker {
    let directory: String
    let info: SegmentInfo
    /// The segment files that exist.
    private(set) var fileCount = 0
    /// Their size in bytes.
    private(set) var byteCount = 0
    /// One sentence per problem found, naming the file.
    private(set) var problems: [String] = []

    init(directory: String, info: SegmentInfo) {
        self.directory = directory
        self.info = info
    }

    /// A file whose envelope is intact, with the range of its content.
    private struct CheckedFile {
        let file: MappedFileBuffer
        let content: Range<Int>
    }

    mutating func check() {
        var files: [String: CheckedFile] = [:]
        for (fileExtension, kind) in SegmentFiles.kinds {
            let path = SegmentFiles.path(directory, info.name, fileExtension)
            guard let file = record({ () throws(IndexError) in try FileSystem.map(path) }) else { continue }
            fileCount += 1
            byteCount += file.bytes.count
            let id = info.id
            guard
                let content = record({ () throws(IndexError) in
                    try FileFormat.validate(file.bytes, path: path, kind: kind, segment: id)
                })
            else { continue }
            guard file.bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self) == 0 else {
                problems.append("\(path): the header's reserved field is not zero")
                continue
            }
            files[fileExtension] = CheckedFile(file: file, content: content)
        }
        if info.deleteGeneration != 0 { checkDeletes() }
        let norms = files[SegmentFiles.norms].flatMap { checkNorms($0) }
        if let stored = files[SegmentFiles.stored] { checkStored(stored) }
        if let identities = files[SegmentFiles.identities] { checkIdentities(identities) }
        if let norms, let terms = files[SegmentFiles.terms], let postings = files[SegmentFiles.postings],
            let positions = files[SegmentFiles.positions]
        {
            checkTerms(terms, postings: postings, positions: positions, norms: norms)
        }
    }

    /// Runs `body`, recording the error it throws as a problem.
    private mutating func record<T>(_ body: () throws(IndexError) -> T) -> T? {
        do {
            return try body()
        } catch {
            problems.append(IndexChecker.problem(error))
            return nil
        }
    }

    /// Checks the deletions file the manifest names: envelope, reserved field, size, no bit past the last
    /// document, and the count of set bits against the file's and the manifest's.
    private mutating func checkDeletes() {
        let path = SegmentFiles.deletesPath(directory, info.name, generation: info.deleteGeneration)
        guard let file = record({ () throws(IndexError) in try FileSystem.map(path) }) else { return }
        fileCount += 1
        byteCount += file.bytes.count
        if file.bytes.count >= FileFormat.headerSize,
            file.bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self) != 0
        {
            problems.append("\(path): the header's reserved field is not zero")
            return
        }
        let info = info
        _ = record { () throws(IndexError) in try DeletedDocuments.read(path: path, info: info) }
    }

    private mutating func checkNorms(_ checked: CheckedFile) -> NormsFile? {
        let path = checked.file.path
        guard
            let norms = record({ () throws(IndexError) in
                try NormsFile(file: checked.file, content: checked.content)
            })
        else { return nil }
        guard norms.documentCount == info.documentCount else {
            problems.append(
                "\(path): holds the norms of \(norms.documentCount) documents, but the manifest lists "
                    + "\(info.documentCount)")
            return nil
        }
        for field in IndexedField.allCases {
            var documents = 0
            var lengths: UInt64 = 0
            for code in norms.norms(field) {
                documents += code == 0 ? 0 : 1
                lengths += UInt64(FieldNorm.decode(code))
            }
            let statistics = norms.statistics[field.index]
            // A code stands for the smallest length it encodes, so the decoded lengths add up to at most the total.
            guard statistics.documentCount == documents, lengths <= statistics.totalTermCount else {
                problems.append(
                    "\(path): \(field) statistics (\(statistics.documentCount) documents, "
                        + "\(statistics.totalTermCount) tokens) disagree with its norms (\(documents) documents, "
                        + "at least \(lengths) tokens)")
                return nil
            }
        }
        return norms
    }

    private mutating func checkStored(_ checked: CheckedFile) {
        let path = checked.file.path
        guard
            let stored = record({ () throws(IndexError) in
                try StoredFieldsReader(file: checked.file, content: checked.content)
            })
        else { return }
        guard stored.documentCount == info.documentCount else {
            problems.append(
                "\(path): holds \(stored.documentCount) documents, but the manifest lists \(info.documentCount)")
            return
        }
        _ = record { () throws(IndexError) in try stored.check(content: checked.content) }
    }

    /// Checks the `.ids` file: its size, that it covers the manifest's documents, and that each of its tables is
    /// sorted and names every document once.
    private mutating func checkIdentities(_ checked: CheckedFile) {
        let info = info
        _ = record { () throws(IndexError) in
            let identities = try SegmentIdentities(file: checked.file, content: checked.content)
            guard identities.documentCount == info.documentCount else {
                throw .corrupt(
                    "\(checked.file.path): holds \(identities.documentCount) identities, but the manifest lists "
                        + "\(info.documentCount) documents")
            }
            try identities.check()
        }
    }

    private mutating func checkTerms(
        _ terms: CheckedFile, postings: CheckedFile, positions: CheckedFile, norms: NormsFile
    ) {
        guard record({ () throws(IndexError) in try Self.checkLayout(terms) }) != nil else { return }
        var postingsEnd = postings.content.lowerBound
        var positionsEnd = positions.content.lowerBound
        let checker = PostingsChecker(documentCount: info.documentCount)
        for field in IndexedField.allCases {
            let fieldNorms = norms.norms(field)
            let checked: Void? = record { () throws(IndexError) in
                let dictionary = try TermDictionary(
                    file: terms.file, content: terms.content, field: field, postingsRange: postings.content,
                    positionsRange: positions.content)
                try dictionary.check(path: terms.file.path, postings: &postingsEnd, positions: &positionsEnd) {
                    term, info throws(IndexError) in
                    let postingsBytes = postings.file.bytes[info.postingsOffset...].prefix(info.postingsLength)
                    let positionsBytes = positions.file.bytes[info.positionsOffset...].prefix(info.positionsLength)
                    do throws(PostingsChecker.Problem) {
                        try checker.check(
                            postings: UnsafeRawBufferPointer(rebasing: postingsBytes),
                            positions: UnsafeRawBufferPointer(rebasing: positionsBytes), info: info, norms: fieldNorms)
                    } catch {
                        let file = error.inPositions ? positions.file.path : postings.file.path
                        let name = String(decoding: term, as: UTF8.self)
                        throw .corrupt("\(file): \(field) term \"\(name)\": \(error.message)")
                    }
                }
            }
            guard checked != nil else { return }
        }
        if postingsEnd != postings.content.upperBound {
            problems.append(
                "\(postings.file.path): \(postings.content.upperBound - postingsEnd) bytes after the last term's "
                    + "postings belong to no term")
        }
        if positionsEnd != positions.content.upperBound {
            problems.append(
                "\(positions.file.path): \(positions.content.upperBound - positionsEnd) bytes after the last term's "
                    + "positions belong to no term")
        }
    }

    /// Checks that the fields' dictionary sections follow one another (blocks, block offsets, key offsets,
    /// keys) from the start of the content to the directory at its end.
    private static func checkLayout(_ terms: CheckedFile) throws(IndexError) {
        let path = terms.file.path
        let content = terms.content
        let directoryStart = content.upperBound - IndexedField.count * TermDictionaryWriter.Section.byteCount
        guard directoryStart >= content.lowerBound else { throw .corrupt("\(path): directory is missing") }
        var reader = ByteReader(terms.file.bytes, range: directoryStart..<content.upperBound, path: path)
        var expected = content.lowerBound
        for field in IndexedField.allCases {
            let s = try TermDictionaryWriter.Section.read(&reader, limit: content.upperBound)
            let consistent =
                s.blocksStart == expected && s.blocksStart <= s.blocksEnd && s.blockOffsetsStart == s.blocksEnd
                && s.keyOffsetsStart == s.blocksEnd + 4 * s.blockCount
                && s.keysStart == s.keyOffsetsStart + 4 * (s.blockCount + 1) && s.keysStart <= s.keysEnd
                && (s.termCount == 0) == (s.blockCount == 0) && (s.blockCount > 0 || s.blocksEnd == s.blocksStart)
            guard consistent else {
                throw .corrupt("\(path): the \(field) dictionary's sections do not follow one another")
            }
            expected = s.keysEnd
        }
        guard expected == directoryStart else {
            throw .corrupt("\(path): \(directoryStart - expected) bytes lie between the dictionaries and the directory")
        }
    }
}
