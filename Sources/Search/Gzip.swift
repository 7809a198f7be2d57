import CZlib

/// gzip (and zlib) decompression of whole in-memory buffers, for `.html.gz` pages and gzipped JSONL or WARC.
public enum Gzip {
    /// Whether `bytes` start with the gzip magic number.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// Inflates every gzip member of `bytes`; stops with `SourceError.badGzip` on a damaged or truncated stream,
    /// and with `SourceError.tooLarge` when the output would exceed `limit` bytes (a guard against gzip bombs).
    public static func decompress(_ bytes: [UInt8], limit: Int = 1 << 30) throws(SourceError) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(min(limit, max(bytes.count * 4, 1 << 16)))
        var stream = z_stream()
        // 15 + 32: accept gzip and zlib headers alike.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .badGzip("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var offset = 0
        var ended = false
        while offset < bytes.count {
            let status: Int32 = bytes.withUnsafeBufferPointer { input in
                chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + offset)
                    stream.avail_in = UInt32(input.count - offset)
                    var status = Z_OK
                    repeat {
                        stream.next_out = out.baseAddress
                        stream.avail_out = UInt32(out.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        let produced = out.count - Int(stream.avail_out)
                        output.append(contentsOf: UnsafeBufferPointer(start: out.baseAddress, count: produced))
                        if output.count > limit { return Z_MEM_ERROR }
                    } while status == Z_OK && stream.avail_out == 0
                    offset = input.count - Int(stream.avail_in)
                    return status
                }
            }
            switch status {
            case Z_STREAM_END:
                ended = true
                // A file may hold several gzip members back to back (WARC files do): start the next one.
                if offset < bytes.count { inflateReset(&stream); ended = false }
            case Z_OK, Z_BUF_ERROR:
                ended = false
            case Z_MEM_ERROR:
                throw output.count > limit
                    ? .tooLarge("decompresses to more than \(limit >> 20) MB") : .badGzip("out of memory")
            default:
                throw .badGzip(stream.msg.map { String(cString: $0) } ?? String(cString: zError(status)))
            }
        }
        guard ended else { throw .badGzip("the compressed stream is truncated") }
        return output
    }
}
