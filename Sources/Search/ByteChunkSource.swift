/// Something that hands out a stream of bytes in chunks: a file, or the inflated content of a gzip file.
protocol ByteChunkSource: AnyObject {
    /// The next chunk (never empty), or nil at the end. Read errors are `SourceError`s; errors thrown by an
    /// `InputMonitor`'s `whileWaiting` pass through unchanged.
    func nextChunk() throws -> [UInt8]?

    /// The position in the underlying file from which the output byte at `outputOffset` can be read again: the
    /// offset itself for a plain file, the start of the enclosing member for gzip. Offsets asked for never decrease.
    func inputOffset(ofOutputOffset outputOffset: Int) -> Int

    /// After `nextChunk` failed, skips to the next point where reading can go on; false when there is none.
    func resynchronize() -> Bool
}
