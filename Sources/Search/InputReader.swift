import Foundation

/// Walks input paths (files, directories, `-` for standard input) and yields their documents one at a time, so a
/// corpus of any size streams through in bounded memory.
public struct InputReader: Sendable {
    /// A document, or the reason one input (or one JSONL line) was skipped.
    public enum Item: Sendable {
        /// A document to index.
        case document(SourceDocument)
        /// An input that could not be read; the batch goes on without it.
        case failure(origin: String, error: SourceError)
    }

    /// The largest single page or JSONL line read, in bytes; larger ones are reported and skipped.
    public static let maximumDocumentBytes = 256 << 20

    /// How inputs are interpreted.
    public var format: InputFormat

    /// Creates a reader for `format`.
    public init(format: InputFormat = .auto) {
        self.format = format
    }

    /// Calls `body` for every document under `paths`, in a stable order (directories are walked sorted by name).
    /// Throwing from `body` stops the walk.
    public func read(_ paths: [String], _ body: (Item) throws -> Void) throws {
        for path in paths {
            if path == "-" {
                readStream(FileHandle.standardInput, origin: "<stdin>", name: "stdin", body)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                try body(.failure(origin: path, error: .unreadable("\(path): no such file or directory")))
                continue
            }
            if isDirectory.boolValue {
                try readDirectory(path, body)
            } else {
                try readFile(path, relativeName: (path as NSString).lastPathComponent, body)
            }
        }
    }

    private func readDirectory(_ root: String, _ body: (Item) throws -> Void) throws {
        let rootURL = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(
            at: rootURL, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles],
            errorHandler: { _, _ in true }
        ) else {
            try body(.failure(origin: root, error: .unreadable("\(root): cannot list directory")))
            return
        }
        var files: [String] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let name = url.lastPathComponent.lowercased()
            let stripped = name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
            let isHTML = [".html", ".htm", ".xhtml"].contains { stripped.hasSuffix($0) }
            let isJSONL = [".jsonl", ".ndjson"].contains { stripped.hasSuffix($0) }
            if (isHTML && format != .jsonl) || (isJSONL && format != .html) { files.append(url.path) }
        }
        files.sort()
        let prefix = rootURL.path.hasSuffix("/") ? rootURL.path : rootURL.path + "/"
        for file in files {
            let relative = file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
            try readFile(file, relativeName: relative, body)
        }
    }

    private func readFile(_ path: String, relativeName: String, _ body: (Item) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            try body(.failure(origin: path, error: .unreadable("\(path): permission denied or not a file")))
            return
        }
        defer { try? handle.close() }
        let lowered = relativeName.lowercased()
        let stripped = lowered.hasSuffix(".gz") ? String(lowered.dropLast(3)) : lowered
        let byName: InputFormat =
            [".jsonl", ".ndjson", ".json"].contains { stripped.hasSuffix($0) } ? .jsonl
            : [".html", ".htm", ".xhtml"].contains { stripped.hasSuffix($0) } ? .html : .auto
        if format == .jsonl || (format == .auto && byName == .jsonl) {
            try readJSONL(handle, origin: path, gzipped: lowered.hasSuffix(".gz"), body)
            return
        }
        let bytes: [UInt8]
        do {
            bytes = try Self.readAll(handle, origin: path)
        } catch {
            try body(.failure(origin: path, error: error))
            return
        }
        if format == .auto && byName == .auto && Self.looksLikeJSONL(bytes) {
            try emitJSONL(bytes, origin: path, body)
            return
        }
        do {
            let page = Gzip.isCompressed(bytes) ? try Gzip.decompress(bytes, limit: Self.maximumDocumentBytes) : bytes
            try body(.document(SourceDocument(
                id: Self.documentID(forRelativePath: relativeName), origin: path, content: .html(page))))
        } catch let error as SourceError {
            try body(.failure(origin: path, error: error))
        }
    }

    /// Reads standard input whole, then treats it like a file of unknown name.
    private func readStream(_ handle: FileHandle, origin: String, name: String, _ body: (Item) throws -> Void) {
        do {
            let bytes = try Self.readAll(handle, origin: origin)
            let page = Gzip.isCompressed(bytes) ? try Gzip.decompress(bytes, limit: Self.maximumDocumentBytes) : bytes
            if format == .jsonl || (format == .auto && Self.looksLikeJSONL(page)) {
                try emitJSONL(page, origin: origin, body)
            } else {
                try body(.document(SourceDocument(id: name, origin: origin, content: .html(page))))
            }
        } catch let error as SourceError {
            try? body(.failure(origin: origin, error: error))
        } catch {
            return
        }
    }

    private func readJSONL(_ handle: FileHandle, origin: String, gzipped: Bool, _ body: (Item) throws -> Void) throws {
        if gzipped {
            do {
                let bytes = try Gzip.decompress(try Self.readAll(handle, origin: origin), limit: Int.max)
                try emitJSONL(bytes, origin: origin, body)
            } catch let error as SourceError {
                try body(.failure(origin: origin, error: error))
            }
            return
        }
        // Stream the file in chunks so that a multi-gigabyte export never sits in memory whole.
        var pending: [UInt8] = []
        var lineNumber = 0
        while true {
            let chunk: Data
            do {
                guard let read = try handle.read(upToCount: 4 << 20), !read.isEmpty else { break }
                chunk = read
            } catch {
                try body(.failure(origin: origin, error: .unreadable("\(origin): \(error.localizedDescription)")))
                return
            }
            pending.append(contentsOf: chunk)
            var lineStart = 0
            while let newline = pending[lineStart...].firstIndex(of: 0x0A) {
                lineNumber += 1
                try emitLine(pending[lineStart..<newline], origin: origin, line: lineNumber, body)
                lineStart = newline + 1
            }
            pending.removeFirst(lineStart)
            if pending.count > Self.maximumDocumentBytes {
                lineNumber += 1
                try body(.failure(
                    origin: "\(origin):\(lineNumber)", error: .tooLarge("a line longer than 256 MB")))
                pending.removeAll()
                // Skip to the end of the overlong line.
                while let read = try? handle.read(upToCount: 4 << 20), !read.isEmpty {
                    if let newline = read.firstIndex(of: 0x0A) {
                        pending.append(contentsOf: read[newline...].dropFirst())
                        break
                    }
                }
            }
        }
        if !pending.isEmpty {
            try emitLine(pending[...], origin: origin, line: lineNumber + 1, body)
        }
    }

    private func emitJSONL(_ bytes: [UInt8], origin: String, _ body: (Item) throws -> Void) throws {
        var lineNumber = 0
        var lineStart = 0
        while lineStart < bytes.count {
            let newline = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            lineNumber += 1
            try emitLine(bytes[lineStart..<newline], origin: origin, line: lineNumber, body)
            lineStart = newline + 1
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

    /// Whether `bytes` look like JSON lines rather than a page: the first non-blank byte opens an object.
    static func looksLikeJSONL(_ bytes: [UInt8]) -> Bool {
        let first = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF && $0 != 0xBB
            && $0 != 0xBF }
        return first == UInt8(ascii: "{")
    }

    private static func readAll(_ handle: FileHandle, origin: String) throws(SourceError) -> [UInt8] {
        var bytes: [UInt8] = []
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 4 << 20)
            } catch {
                throw .unreadable("\(origin): \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            bytes.append(contentsOf: chunk)
            if bytes.count > maximumDocumentBytes {
                throw .tooLarge("\(origin) is larger than \(maximumDocumentBytes >> 20) MB")
            }
        }
        return bytes
    }
}
