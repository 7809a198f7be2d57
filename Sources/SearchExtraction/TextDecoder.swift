#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns page bytes in any supported encoding into valid UTF-8 without NUL bytes, the only input the parser sees.
///
/// Invalid sequences become U+FFFD (one per invalid byte) and NUL
/// becomes a space, so libxml2 never meets bytes it would reject: libxml2 2.9 switches a whole page to Latin-1 on
/// the first invalid UTF-8 byte, and stops parsing at the first byte iconv cannot convert.
enum TextDecoder {
    /// Statistics of a UTF-8 validation pass.
    struct UTF8Scan {
        var isClean = true  // valid UTF-8 and no NUL bytes
        var invalidSequences = 0
        var multibyteSequences = 0
    }

    /// Valid, NUL-free UTF-8 for `bytes` in `charset`; nil when `bytes` already is exactly that (no copy needed).
    static func utf8(_ bytes: UnsafeBufferPointer<UInt8>, detection: CharsetDetection) -> [UInt8]? {
        let body = UnsafeBufferPointer(rebasing: bytes[detection.bomLength...])
        switch detection.charset {
        case .utf16LE: return utf16(body, bigEndian: false)
        case .utf16BE: return utf16(body, bigEndian: true)
        case .utf8:
            let scan = scanUTF8(body)
            if scan.isClean { return detection.bomLength == 0 ? nil : Array(body) }
            // An undeclared page that is not UTF-8 and has no valid multi-byte sequence is most likely in the
            // web's most common legacy encoding (WHATWG's default for Latin-script locales).
            if !detection.isDeclared, scan.multibyteSequences == 0 || scan.invalidSequences > scan.multibyteSequences,
                let decoded = _IconvDecoder.decode(body, from: "WINDOWS-1252")
            {
                return repairUTF8(decoded)
            }
            return repairUTF8(body)
        case .legacy(let name):
            // Pages often declare a legacy encoding but are served in UTF-8; text in a legacy encoding almost
            // never forms valid multi-byte UTF-8 sequences by chance.
            let scan = scanUTF8(body)
            if scan.invalidSequences == 0, scan.multibyteSequences > 0 {
                return scan.isClean ? (detection.bomLength == 0 ? nil : Array(body)) : repairUTF8(body)
            }
            if let decoded = _IconvDecoder.decode(body, from: name) {
                return repairUTF8(decoded)
            }
            return repairUTF8(body)
        }
    }

    /// Validates UTF-8, counting invalid and multi-byte sequences.
    static func scanUTF8(_ b: UnsafeBufferPointer<UInt8>) -> UTF8Scan {
        var scan = UTF8Scan()
        let n = b.count
        guard let base = b.baseAddress else { return scan }
        var i = 0
        while i < n {
            // ASCII fast path, eight bytes at a time: no high bit and no zero byte.
            if i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let high: UInt64 = 0x8080_8080_8080_8080
                let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & high
                if (word | hasZero) & high == 0 {
                    i += 8
                    continue
                }
            }
            let c = base[i]
            if c < 0x80 {
                if c == 0 { scan.isClean = false }
                i += 1
                continue
            }
            let length = sequenceLength(base, i, n)
            if length == 0 {
                scan.isClean = false
                scan.invalidSequences += 1
                i += 1
            } else {
                scan.multibyteSequences += 1
                i += length
            }
        }
        return scan
    }

    /// The length of the valid multi-byte sequence starting at `i` (lead byte ≥ 0x80), or 0 if invalid.
    @inline(__always)
    static func sequenceLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let c = p[i]
        @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
        switch c {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            return cont(1) && p[i + 1] >= 0xA0 && cont(2) ? 3 : 0
        case 0xED:
            return cont(1) && p[i + 1] < 0xA0 && cont(2) ? 3 : 0
        case 0xE1...0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xF0:
            return cont(1) && p[i + 1] >= 0x90 && cont(2) && cont(3) ? 4 : 0
        case 0xF4:
            return cont(1) && p[i + 1] < 0x90 && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// A copy of `b` with invalid sequences replaced by U+FFFD and NUL by a space.
    static func repairUTF8<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var out: [UInt8] = []
        bytes.withContiguousStorageIfAvailable { b in
            out.reserveCapacity(b.count + b.count / 8 + 16)
            guard let base = b.baseAddress else { return }
            let n = b.count
            var i = 0
            while i < n {
                let c = base[i]
                if c < 0x80 {
                    out.append(c == 0 ? 0x20 : c)
                    i += 1
                    continue
                }
                let length = sequenceLength(base, i, n)
                if length == 0 {
                    out.append(0xEF)
                    out.append(0xBF)
                    out.append(0xBD)
                    i += 1
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: length))
                    i += length
                }
            }
        } ?? { out = repairUTF8(Array(bytes)) }()
        return out
    }

    /// UTF-16 code units to UTF-8; unpaired surrogates become U+FFFD, NUL a space.
    static func utf16(_ b: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 2)
        let units = b.count / 2
        var i = 0
        @inline(__always) func unit(_ k: Int) -> UInt32 {
            bigEndian ? UInt32(b[2 * k]) << 8 | UInt32(b[2 * k + 1]) : UInt32(b[2 * k + 1]) << 8 | UInt32(b[2 * k])
        }
        while i < units {
            var scalar = unit(i)
            i += 1
            if scalar >= 0xD800, scalar < 0xDC00, i < units, unit(i) >= 0xDC00, unit(i) < 0xE000 {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (unit(i) - 0xDC00)
                i += 1
            } else if scalar >= 0xD800, scalar < 0xE000 {
                scalar = 0xFFFD
            }
            if scalar == 0 { scalar = 0x20 }
            appendScalar(scalar, to: &out)
        }
        return out
    }

    @inline(__always)
    static func appendScalar(_ s: UInt32, to out: inout [UInt8]) {
        switch s {
        case 0..<0x80:
            out.append(UInt8(s))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | s >> 6))
            out.append(UInt8(0x80 | s & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | s >> 12))
            out.append(UInt8(0x80 | s >> 6 & 0x3F))
            out.append(UInt8(0x80 | s & 0x3F))
        default:
            out.append(UInt8(0xF0 | s >> 18))
            out.append(UInt8(0x80 | s >> 12 & 0x3F))
            out.append(UInt8(0x80 | s >> 6 & 0x3F))
            out.append(UInt8(0x80 | s & 0x3F))
        }
    }
}

/// Legacy encodings through the C library's iconv (the same converter libxml2 uses), with our own error policy:
/// an unconvertible byte becomes U+FFFD and conversion goes on.
enum _IconvDecoder {
    private static var failed: iconv_t? { iconv_t(bitPattern: -1) }

    /// Whether iconv can convert from `name` to UTF-8.
    static func supports(_ name: String) -> Bool {
        guard name.utf8.count < 64, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return false }
        let cd = iconv_open("UTF-8", name)
        guard cd != failed else { return false }
        iconv_close(cd)
        return true
    }

    /// `input` converted from `name` to UTF-8, or nil if iconv does not know `name`.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, from name: String) -> [UInt8]? {
        let cd = iconv_open("UTF-8", name)
        guard cd != failed else { return nil }
        defer { iconv_close(cd) }
        guard let inputBase = input.baseAddress, input.count > 0 else { return [] }
        // Every supported encoding needs at most 3 UTF-8 bytes per input byte (U+FFFD included).
        var capacity = input.count * 3 + 16
        var out = [UInt8](repeating: 0, count: capacity)
        var written = 0
        var inPointer = UnsafeMutablePointer(mutating: inputBase).withMemoryRebound(to: CChar.self, capacity: 1) { $0 }
        var inLeft = input.count
        while inLeft > 0 {
            if capacity - written < 16 {
                capacity *= 2
                out.append(contentsOf: repeatElement(0, count: capacity - out.count))
            }
            var outLeft = capacity - written
            let result = out.withUnsafeMutableBufferPointer { buffer -> Int in
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buffer.baseAddress! + written)
                    .assumingMemoryBound(to: CChar.self)
                var inP: UnsafeMutablePointer<CChar>? = inPointer
                let r = iconv(cd, &inP, &inLeft, &outPointer, &outLeft)
                inPointer = inP!
                return r
            }
            written = capacity - outLeft
            if result == -1 {
                let code = errno
                if code == E2BIG { continue }
                // EILSEQ (invalid byte) or EINVAL (truncated sequence at the end): replace one byte, resynchronise.
                _ = iconv(cd, nil, nil, nil, nil)
                if capacity - written < 3 { continue }
                out[written] = 0xEF
                out[written + 1] = 0xBF
                out[written + 2] = 0xBD
                written += 3
                inPointer += 1
                inLeft -= 1
            }
        }
        out.removeSubrange(written...)
        return out
    }
}
