#if canImport(Glibc)
    import Glibc
#endif
import CFuzzerDriver
import Search

/// The scratch index that every input is written into.
enum ScratchIndex {
    /// The files an input holds, in order: each is a little-endian u32 length and that many bytes.
    static let fileNames =
        ["manifest"] + ["terms", "postings", "positions", "norms", "stored", "ids"].map { "s00000000.\($0)" }

    /// The folder, created once and reused by every input.
    static let directory: String = {
        var template = Array("/tmp/search-fuzz-segment-XXXXXX".utf8CString)
        guard let path = mkdtemp(&template) else { fatalError("cannot create a scratch folder") }
        return String(cString: path)
    }()
}

/// One fuzzing input: an input is a whole index (manifest and one segment, see `fileNames`). The reader opens
/// it without checksums (so damage reaches every decoder) and reads everything; the checker reports on it. Both
/// may throw, never crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzSegmentReader(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    var offset = 0
    let directory = ScratchIndex.directory
    for name in ScratchIndex.fileNames {
        var length = 0
        if count - offset >= 4 {
            length = Int(UnsafeRawPointer(data + offset).loadUnaligned(as: UInt32.self).littleEndian)
            offset += 4
        }
        length = min(length, count - offset)
        let fd = open("\(directory)/\(name)", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot write the scratch index")
        if length > 0 { _ = write(fd, data + offset, length) }
        close(fd)
        offset += length
    }
    if let reader = try? IndexReader(directory: directory, verifyChecksums: false) {
        readEverything(reader)
    }
    _ = try? IndexChecker(directory: directory).check()
    return 0
}

func readEverything(_ reader: IndexReader) {
    var positions: [UInt32] = []
    for segment in reader.segments {
        for field in IndexedField.allCases {
            var infos: [TermInfo] = []
            try? segment.forEachTerm(field) { term, info in
                infos.append(info)
                _ = segment.termInfo(field, Array(term))
            }
            for info in infos {
                var cursor = segment.postings(info)
                var steps = 0
                while cursor.doc != PostingsCursor.exhausted && steps <= Int(info.documentFrequency) {
                    cursor.positions(into: &positions)
                    cursor.next()
                    steps += 1
                }
                var jumper = segment.postings(info)
                jumper.shallowAdvance(to: 200)
                jumper.advance(to: 100)
                jumper.advance(to: 300)
            }
        }
        for doc in 0..<min(segment.documentCount, 1000) {
            if let document = try? segment.document(UInt32(doc)) {
                _ = segment.liveDocuments(identity: document.url.isEmpty ? document.id : document.url)
            }
        }
    }
}

var argumentCount = CommandLine.argc
var arguments = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argumentCount, &arguments, fuzzSegmentReader))
