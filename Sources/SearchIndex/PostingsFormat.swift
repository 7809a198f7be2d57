/// Constants and layout of a term's postings in the `.postings` file (all integers little-endian):
///
///     blocks:  full blocks of 128 documents, then one tail block of the remaining 0...127 documents
///       full block:  docWidth u8 | frequencyWidth u8
///                    | 128 doc deltas bit-packed at docWidth  (delta = doc - previous doc - 1, the previous doc
///                      of the term's first document being -1, so a dense run packs to width 0)
///                    | 128 frequencies minus 1, bit-packed at frequencyWidth
///                    | if frequencyWidth has the 0x40 bit (then cleared from the width): lengthWidth u8
///                      | 128 positions lengths, bit-packed at lengthWidth
///         or, where it takes less than twice the bytes (a term in many of the block's documents):
///                    0x80 u8 | frequencyWidth u8
///                    | bitmap: bit i (of byte i / 8, from the least significant) set if document base + i
///                      has the term, base being the previous block's last doc + 1 (0 for the first block),
///                      through the block's last doc: (last - base) / 8 + 1 bytes, 128 bits set
///                    | 128 frequencies minus 1, bit-packed at frequencyWidth
///                    | positions lengths, as above
///       tail block:  per document a VByte `delta << 1 | (frequency == 1)`, then VByte frequency if not 1
///     skip entries, one per full block, as seven arrays (n = documentFrequency / 128):
///       lastDoc u32[n] | blockEnd u32[n] | positionsEnd u32[n] | maxFrequency u32[n]
///       | minLengthRatio f32[n] | positionsMarks u32[3n] | minNormCode u8[n]
///
/// `blockEnd` is the end offset of the block relative to the term's first byte, `positionsEnd` the end offset
/// of the block's positions relative to the term's first positions byte (each block starts where the previous
/// ends). `positionsMarks[3b + k]` is where the positions of document `32 (k + 1)` of block `b` start, on the
/// same base, so reading one document's positions skips those of at most 31 others. `maxFrequency`, `minLengthRatio` (the smallest field length / frequency among the block's documents,
/// lengths decoded from their norm codes) and `minNormCode` bound the block's BM25 scores (Ding & Suel's
/// block-max indexes); the tail block's bounds are computed when it is read.
///
/// Positions (`.positions` file): per document, its positions as VBytes, the first absolute and the others as
/// deltas from the previous; documents in postings order, so a block's positions are one contiguous run.
///
/// A block whose positions take more than `positionsLengthsThreshold` bytes (a frequent word's: a few
/// percent of the blocks, most of the positions bytes) records each document's positions length minus its
/// frequency (the bytes beyond one per position): a document's positions are then found from the nearest mark
/// by adding lengths, without reading the positions of the documents before it.
enum PostingsFormat {
    /// Documents per full block.
    static let blockSize = 128
    /// Bytes of skip data per full block.
    static let skipEntrySize = 33
    /// Documents between two positions marks of a full block.
    static let positionsMarkInterval = 32
    /// Positions marks per full block (documents 32, 64 and 96).
    static let positionsMarkCount = 3
    /// The first byte of a full block whose documents are a bitmap (in place of the width of packed deltas).
    static let bitmapMarker: UInt8 = 0x80
    /// The bit of a full block's second byte (its frequencies' width) saying that positions lengths follow the
    /// frequencies.
    static let positionsLengthsFlag: UInt8 = 0x40
    /// Blocks whose positions take more bytes than this record their documents' positions lengths.
    static let positionsLengthsThreshold = 2048

    /// A document's field length (decoded from its norm code) divided by the term's frequency in it: BM25's
    /// score falls as this grows, whatever the length normalisation, so its minimum over a block bounds the
    /// block's scores (`minLengthRatio`).
    @inline(__always)
    static func lengthRatio(normCode: UInt8, frequency: UInt32) -> Float {
        Float(FieldNorm.decode(normCode)) / Float(frequency)
    }
}

/// Where one term's postings and positions are in a segment's files.
struct TermLocation: Equatable {
    var postingsOffset: Int
    var postingsLength: Int
    var positionsOffset: Int
    var positionsLength: Int
}
