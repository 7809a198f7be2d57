import Foundation

/// Walks input paths (files, directories, `-` for standard input) and yields their documents one at a time, so a
/// corpus of any size streams through in bounded memory.
public struct InputReader: Sendable {
    /// A document, or the reason one input (or one JSONL line, or one WARC record) gave none.
    public enum Item: Sendable {
        /// A document to index.
        case document(SourceDocument)
        /// Something that holds no page to index (a WARC `request` record, an image response), passed over.
        case skipped(origin: String, reason: String)
        /// An input that could not be read; the batch goes on without it.
        case failure(origin: String, error: SourceError)
    }

    /// The largest single page, JSONL line or WARC record read, in bytes; larger ones are reported and skipped.
    public static let maximumDocumentBytes = 256 << 20

    /// How many leading bytes `--format auto` looks at, at most, to find the first sign of a format.
    static let sniffBytes = 4096

    /// How inputs are interpreted.
    public var format: InputFormat

    /// Creates a reader for `format`.
    public init(format: InputFormat = .auto) {
        self.format = format
    }

    /// Calls `body` for every document under `paths`, in a stable order (directories are walked sorted by name).
    /// `monitor`, when given, counts the raw bytes read and is called while standard input keeps it waiting.
    /// Throwing from `body` or from the monitor stops the walk with that error.
    public func read(_ paths: [String], monitor: InputMonitor? = nil, _ body: (Item) throws -> Void) throws {
        for path in paths {
            if path == "-" {
                let input = InputFile(handle: .standardInput, owned: false, origin: "<stdin>", monitor: monitor)
                try read(input, origin: "<stdin>", id: "stdin", formatByName: .auto, body)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                try body(.failure(origin: path, error: .unreadable("\(path): no such file or directory")))
                continue
            }
            if isDirectory.boolValue {
                guard let files = files(in: path) else {
                    try body(.failure(origin: path, error: .unreadable("\(path): cannot list directory")))
                    continue
                }
                for file in files {
                    try readFile(file.path, relativeName: file.relative, monitor: monitor, body)
                }
            } else {
                try readFile(path, relativeName: (path as NSString).lastPathComponent, monitor: monitor, body)
            }
        }
    }

    /// The total size in bytes of the files that `read` would read under `paths`; nil when standard input is
    /// among them (its size is not known in advance).
    public func totalBytes(of paths: [String]) -> Int? {
        var total = 0
        for path in paths {
            if path == "-" { return nil }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                total += (files(in: path) ?? []).reduce(0) { $0 + $1.size }
            } else {
                let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                total += (attributes?[.size] as? NSNumber)?.intValue ?? 0
            }
        }
        return total
    }

    /// The files of a directory tree that this reader's format takes, sorted, with their paths relative to it and
    /// their sizes; nil if `root` cannot be listed. With `--format auto`, `.json` files are left out (see below).
    /// Names starting with a dot are passed over, and symbolic links
    /// to directories are not followed (no cycles); those to files are read. Plain `readdir`/`stat`: Foundation's
    /// enumerator spent over a millisecond per entry, seconds before the first page of a large tree.
    private func files(in root: String) -> [(path: String, relative: String, size: Int)]? {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        var found: [(path: String, relative: String, size: Int)] = []
        var directories = [""]
        var listedRoot = false
        while let directory = directories.popLast() {
            guard let stream = opendir(directory.isEmpty ? root : "\(root)/\(directory)") else { continue }
            defer { closedir(stream) }
            if directory.isEmpty { listedRoot = true }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name.hasPrefix(".") { continue }
                let relative = directory.isEmpty ? name : "\(directory)/\(name)"
                let path = "\(root)/\(relative)"
                if entry.pointee.d_type == UInt8(DT_DIR) {
                    directories.append(relative)
                    continue
                }
                let byName = InputFormat.named(name)
                // A `.json` file in a tree of pages is a site's data (search index, metadata), not an export of
                // documents: walked only when JSONL is asked for.
                let wanted =
                    byName != .auto
                    && (format == byName || format == .auto && !name.lowercased().hasSuffix(".json")
                        && !name.lowercased().hasSuffix(".json.gz"))
                // Symbolic links and file systems that give no type need a `stat`; other files only if wanted.
                guard wanted || entry.pointee.d_type == UInt8(DT_UNKNOWN) else { continue }
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFREG where wanted: found.append((path, relative, Int(info.st_size)))
                case S_IFDIR where entry.pointee.d_type == UInt8(DT_UNKNOWN): directories.append(relative)
                default: break
                }
            }
        }
        guard listedRoot else { return nil }
        found.sort { $0.path < $1.path }
        return found
    }

    private func readFile(
        _ path: String, relativeName: String, monitor: InputMonitor?, _ body: (Item) throws -> Void
    ) throws {
        guard let input = InputFile(path: path, monitor: monitor) else {
            try body(.failure(origin: path, error: .unreadable("\(path): permission denied or not a file")))
            return
        }
        try read(
            input, origin: path, id: Self.documentID(forRelativePath: relativeName),
            formatByName: InputFormat.named(relativeName), body)
    }

    /// Reads one input: inflates it when it is gzipped, decides its format and hands it to the format's reader.
    private func read(
        _ input: InputFile, origin: String, id: String, formatByName: InputFormat, _ body: (Item) throws -> Void
    ) throws {
        let stream: ByteStreamReader
        let resolved: InputFormat
        do {
            if Gzip.isCompressed(Array(try input.peek(minimum: 2).prefix(2))) {
                stream = ByteStreamReader(try GzipStream(input))
            } else {
                stream = ByteStreamReader(input)
            }
            resolved = try resolveFormat(stream, formatByName: formatByName, origin: origin)
        } catch let error as SourceError {
            try body(.failure(origin: origin, error: error))
            return
        }
        switch resolved {
        case .warc: try WARCReader(stream, origin: origin).read(body)
        case .jsonl: try readJSONL(stream, origin: origin, body)
        case .html, .auto: try readPage(stream, origin: origin, id: id, body)
        }
    }

    /// The explicit format, else the one the first bytes show, else the one the name gives.
    private func resolveFormat(
        _ stream: ByteStreamReader, formatByName: InputFormat, origin: String
    ) throws -> InputFormat {
        guard format == .auto else { return format }
        var wanted = 16
        while true {
            let head = try stream.peek(minimum: wanted)
            if let sniffed = InputFormat.sniff(head) { return sniffed }
            // Only white space so far, and more to come: look further.
            let blank = head.allSatisfy { [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            if !blank || head.count < wanted || wanted >= Self.sniffBytes { break }
            wanted *= 4
        }
        guard formatByName == .auto else { return formatByName }
        throw SourceError.unsupported("not a recognised format (expected HTML, JSONL or WARC)")
    }

    private func readPage(
        _ stream: ByteStreamReader, origin: String, id: String, _ body: (Item) throws -> Void
    ) throws {
        let page: [UInt8]
        do {
            page = try stream.read(Self.maximumDocumentBytes + 1)
        } catch let error as SourceError {
            try body(.failure(origin: origin, error: error))
            return
        }
        guard page.count <= Self.maximumDocumentBytes else {
            try body(.failure(
                origin: origin, error: .tooLarge("\(origin) is larger than \(Self.maximumDocumentBytes >> 20) MB")))
            return
        }
        try body(.document(SourceDocument(id: id, origin: origin, content: .html(page))))
    }

    /// Streams JSON lines, one document (or failure) per non-blank line.
    private func readJSONL(_ stream: ByteStreamReader, origin: String, _ body: (Item) throws -> Void) throws {
        var lineNumber = 0
        while true {
            let line: ByteStreamReader.Line?
            do {
                line = try stream.readLine(maximum: Self.maximumDocumentBytes)
            } catch let error as SourceError {
                try body(.failure(origin: "\(origin):\(lineNumber + 1)", error: error))
                return
            }
            guard let line else { return }
            lineNumber += 1
            switch line {
            case .line(let bytes):
                try emitLine(bytes, origin: origin, line: lineNumber, body)
            case .tooLong:
                try body(.failure(
                    origin: "\(origin):\(lineNumber)",
                    error: .tooLarge("a line longer than \(Self.maximumDocumentBytes >> 20) MB")))
            }
        }
    }

    private func emitLine(_ line: ArraySlice<UInt8>, origin: String, line number: Int, _ body: (Item) throws -> Void)
        throws
    {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
        let where_ = "\(origin):\(number)"
        switch JSONLRecord.parse(line) {
        case .success(let record):
            let id = record.id ?? "\((origin as NSString).lastPathComponent):\(number)"
            let content: SourceDocument.Content =
                if let html = record.html { .html(Array(html.utf8)) } else { .text(record.body ?? "") }
            try body(.document(SourceDocument(
                id: id, url: record.url, title: record.title, origin: where_, content: content)))
        case .failure(let error):
            try body(.failure(origin: where_, error: error))
        }
    }

    /// A file's identifier: its path relative to the input root, without `.gz` and without its page extension.
    public static func documentID(forRelativePath path: String) -> String {
        var id = path
        if id.lowercased().hasSuffix(".gz") { id.removeLast(3) }
        for suffix in [".html", ".htm", ".xhtml"] where id.lowercased().hasSuffix(suffix) {
            id.removeLast(suffix.count)
            break
        }
        return id
    }
}
