import CZlib

/// The inflated content of a gzip file, read in chunks: every member of a multi-member file (as Common Crawl's
/// `.warc.gz`, one member per record) in turn, without holding the file in memory.
///
/// It remembers where each member starts in the compressed file, so a reader can name a record by the offset at
/// which a tool can start inflating it, and after a damaged member it can skip to the next member's header.
final class GzipStream: ByteChunkSource {
    /// Bytes of output produced per inflate call.
    static let outputChunkSize = 1 << 18

    private let source: ByteChunkSource
    private var stream = z_stream()
    private var input: [UInt8] = []
    /// Index in `input` of the next byte to inflate.
    private var inputIndex = 0
    /// Offset in the compressed file of `input[0]`.
    private var inputBase = 0
    private var sourceEnded = false
    private var outputCount = 0
    /// Whether the inflater is inside a member (so that the end of the file there means truncation).
    private var inMember = false
    private var failed = false
    /// (output offset, compressed offset) of every member start not yet asked about; ascending.
    private var memberStarts: [(output: Int, input: Int)] = [(0, 0)]
    private var memberStartsFirst = 0

    /// Inflates the bytes of `source`.
    init(_ source: ByteChunkSource) throws(SourceError) {
        self.source = source
        // 15 + 16: gzip headers only (zlib streams are not members of a gzip file).
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .badGzip("zlib could not start")
        }
    }

    deinit { inflateEnd(&stream) }

    func nextChunk() throws -> [UInt8]? {
        guard !failed else { return nil }
        var output = [UInt8](repeating: 0, count: Self.outputChunkSize)
        var produced = 0
        while produced == 0 {
            if inputIndex == input.count {
                guard try refill() else {
                    if inMember {
                        failed = true
                        throw SourceError.badGzip(
                            "the compressed stream ends inside a member, at byte \(inputBase + input.count)")
                    }
                    return nil
                }
            }
            if !inMember {
                if input.count - inputIndex < 2 { _ = try refill() }
                guard input.count - inputIndex >= 2, input[inputIndex] == 0x1f, input[inputIndex + 1] == 0x8b else {
                    failed = true
                    throw SourceError.badGzip("no gzip member at byte \(inputBase + inputIndex)")
                }
                inMember = true
            }
            let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_in = inBuffer.baseAddress! + inputIndex
                    stream.avail_in = UInt32(inBuffer.count - inputIndex)
                    stream.next_out = outBuffer.baseAddress! + produced
                    stream.avail_out = UInt32(outBuffer.count - produced)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    produced = outBuffer.count - Int(stream.avail_out)
                    inputIndex = inBuffer.count - Int(stream.avail_in)
                    return status
                }
            }
            switch status {
            case Z_STREAM_END:
                inflateReset(&stream)
                inMember = false
                memberStarts.append((outputCount + produced, inputBase + inputIndex))
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                failed = true
                let reason = stream.msg.map { String(cString: $0) } ?? String(cString: zError(status))
                throw SourceError.badGzip("\(reason) near byte \(inputBase + inputIndex)")
            }
            if produced == output.count { break }
        }
        outputCount += produced
        output.removeLast(output.count - produced)
        return output
    }

    func inputOffset(ofOutputOffset outputOffset: Int) -> Int {
        // Drop the starts that later questions can no longer need (offsets asked for never decrease).
        while memberStartsFirst + 1 < memberStarts.count, memberStarts[memberStartsFirst + 1].output <= outputOffset {
            memberStartsFirst += 1
        }
        if memberStartsFirst > 1024 {
            memberStarts.removeFirst(memberStartsFirst)
            memberStartsFirst = 0
        }
        return memberStarts[memberStartsFirst].input
    }

    /// Skips forward from the damage to the next gzip member header (`1f 8b 08`) and starts inflating there.
    func resynchronize() -> Bool {
        guard failed else { return true }
        inflateReset(&stream)
        inMember = false
        if inputIndex < input.count { inputIndex += 1 }
        while true {
            if let found = Self.memberHeader(in: input, from: inputIndex) {
                inputIndex = found
                failed = false
                memberStarts.append((outputCount, inputBase + inputIndex))
                return true
            }
            // Keep the last two bytes: a header may straddle two chunks.
            let kept = max(inputIndex, input.count - 2)
            guard (try? refill(keepingFrom: kept)) == true else { return false }
            inputIndex = 0
        }
    }

    private static func memberHeader(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 2 < bytes.count {
            if bytes[index] == 0x1f && bytes[index + 1] == 0x8b && bytes[index + 2] == 0x08 { return index }
            index += 1
        }
        return nil
    }

    /// Appends the source's next chunk to the unread input; false at its end.
    private func refill() throws -> Bool {
        try refill(keepingFrom: inputIndex)
    }

    private func refill(keepingFrom kept: Int) throws -> Bool {
        guard !sourceEnded else { return false }
        guard let chunk = try source.nextChunk() else {
            sourceEnded = true
            return false
        }
        inputBase += kept
        inputIndex -= kept
        input.removeFirst(kept)
        input += chunk
        return true
    }
}
