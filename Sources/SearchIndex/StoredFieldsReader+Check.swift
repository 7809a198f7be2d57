extension StoredFieldsReader {
    /// Decompresses every block and parses every document in it, for `IndexChecker`: the blocks, in whatever
    /// order, must fill the bytes from the start of `content` to the block index, neither overlapping nor
    /// leaving a byte between them, and each must hold exactly the documents the index assigns to it, six valid
    /// UTF-8 fields each, and nothing after them.
    func check(content: Range<Int>) throws(IndexError) {
        let path = file.path
        let byOffset = (0..<blockCount).sorted { entry($0).offset < entry($1).offset }
        var expectedOffset = content.lowerBound
        for block in byOffset {
            let entry = self.entry(block)
            guard entry.offset == expectedOffset else {
                throw .corrupt(
                    "\(path): stored fields block \(block) starts at \(entry.offset), where \(expectedOffset) was expected")
            }
            expectedOffset = entry.offset + entry.compressedLength
        }
        guard expectedOffset == indexStart else {
            throw .corrupt("\(path): \(indexStart - expectedOffset) bytes lie between the last block and the index")
        }
        for block in 0..<blockCount {
            let entry = self.entry(block)
            let end = block + 1 < blockCount ? Int(self.entry(block + 1).firstDoc) : documentCount
            let bytes = try decompress(block)
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(IndexError) in
                    var reader = ByteReader(raw, range: 0..<raw.count, path: "\(path) block \(block)")
                    for doc in Int(entry.firstDoc)..<end {
                        for _ in 0..<6 {
                            let field = try reader.readBytes(reader.readCount(max: raw.count, "field length"))
                            guard String(validating: field, as: UTF8.self) != nil else {
                                throw .corrupt("\(path): stored document \(doc) has a field that is not UTF-8")
                            }
                        }
                    }
                    guard reader.offset == raw.count else {
                        throw .corrupt(
                            "\(path): stored fields block \(block) has \(raw.count - reader.offset) bytes after "
                                + "its last document")
                    }
                }
            }
            try result.get()
        }
    }
}
