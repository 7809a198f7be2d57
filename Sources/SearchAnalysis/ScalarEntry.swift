/// What the tokenizer does with one Unicode scalar: whether it starts or continues a token, and the UTF-8
/// bytes it contributes to the term (lowercased, and for `standard` folded). Packed into 64 bits so that the
/// non-ASCII path costs one two-level table load per scalar.
///
/// Layout: bits 0–31 the output bytes little-endian (or, when `isPooled`, an offset into the table's byte
/// pool); bits 32–39 the output byte count; bits 40–47 the output byte count minus the output scalar count
/// (what the tokenizer's `surplus` tracks to count scalars against the limit); bit 48 starts a token; bit 49
/// continues a token; bit 50 pooled; bit 51 needs the out-of-line path (`special`); bit 52 the output is the
/// input scalar itself (`isIdentity`, bits 0–31 zero); bit 53 a CJK character, indexed in bigrams (`isBigram`,
/// with bit 51). Identity entries do not depend on the scalar, so the blocks of scripts without case (CJK,
/// Hangul, kana, Indic, Arabic, …) are all alike and deduplicate into one.
@usableFromInline
struct ScalarEntry: Equatable, Hashable {
    @usableFromInline var rawValue: UInt64

    @inlinable init(rawValue: UInt64) { self.rawValue = rawValue }

    /// A scalar that separates tokens and contributes nothing (the all-zero entry).
    @inlinable static var separator: ScalarEntry { ScalarEntry(rawValue: 0) }

    @inlinable static var startsTokenBit: UInt64 { 1 << 48 }
    @inlinable static var continuesTokenBit: UInt64 { 1 << 49 }
    @inlinable static var pooledBit: UInt64 { 1 << 50 }
    @inlinable static var specialBit: UInt64 { 1 << 51 }
    @inlinable static var identityBit: UInt64 { 1 << 52 }
    @inlinable static var bigramBit: UInt64 { 1 << 53 }

    /// A letter or digit: starts a token or continues the current one.
    @inlinable var startsToken: Bool { rawValue & Self.startsTokenBit != 0 }
    /// A word character or a joiner (a combining mark in `standard`): extends a token but never starts one.
    @inlinable var continuesToken: Bool { rawValue & Self.continuesTokenBit != 0 }
    /// The output lives in the table's pool at `inlineBytes` (it is longer than 4 bytes).
    @inlinable var isPooled: Bool { rawValue & Self.pooledBit != 0 }
    /// Must be handled out of line (context-dependent lowercasing, or mixed word/non-word output).
    @inlinable var isSpecial: Bool { rawValue & Self.specialBit != 0 }
    /// The output is the input scalar's own bytes (`inlineBytes` is zero).
    @inlinable var isIdentity: Bool { rawValue & Self.identityBit != 0 }
    /// A Han, kana or Hangul character (`standard`): indexed as bigrams with its neighbours, on the special path.
    @inlinable var isBigram: Bool { rawValue & Self.bigramBit != 0 }
    /// Up to 4 output bytes, little-endian, or the pool offset when pooled.
    @inlinable var inlineBytes: UInt32 { UInt32(truncatingIfNeeded: rawValue) }
    /// Number of UTF-8 bytes this scalar contributes to the term.
    @inlinable var byteCount: Int { Int(truncatingIfNeeded: (rawValue >> 32) & 0xFF) }
    /// Output bytes minus output scalars: how much this scalar adds to the term's byte count beyond its
    /// scalar count (the 64-scalar limit counts scalars).
    @inlinable var surplusBytes: Int { Int(truncatingIfNeeded: (rawValue >> 40) & 0xFF) }
}
