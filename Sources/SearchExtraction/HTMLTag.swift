/// The HTML elements extraction distinguishes; everything else is `.other`.
enum HTMLTag: UInt8, CaseIterable {
    case other, text, html, head, body, title, meta, link, base, script, style, noscript, template, iframe, frame
    case frameset, svg, math, canvas, object, embed, applet, form, button, input, select, option, optgroup, textarea
    case label, fieldset, legend, nav, header, footer, aside, main, article, section, div, span, p, a, br, hr, img
    case picture, source, figure, figcaption, video, audio, track, map, area, h1, h2, h3, h4, h5, h6, hgroup, ul, ol
    case li, dl, dt, dd, menu, blockquote, pre, code, table, caption, thead, tbody, tfoot, tr, td, th, col, colgroup
    case time, address, b, strong, i, em, u, small, big, sub, sup, mark, abbr, cite, q, s, strike, del, ins, center
    case font, details, summary, dialog, wbr, tt, `var`, kbd, samp, data, ruby, rt, rp, bdi, bdo, output, meter
    case progress
}

extension HTMLTag {
    /// The name libxml2 reports for the element (lowercase).
    var name: String { self == .other || self == .text ? "" : String(describing: self) }

    /// Element names up to eight bytes, packed little-endian into a UInt64, to their tag.
    private static let byPackedName = PackedNameTable<HTMLTag>(
        HTMLTag.allCases.filter { $0 != .other && $0 != .text && $0.name.utf8.count <= 8 }
            .map { (pack(Array($0.name.utf8)), $0) })

    static func pack<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var key: UInt64 = 0
        for (k, b) in bytes.enumerated() { key |= UInt64(b) << (8 * UInt64(k)) }
        return key
    }

    /// The tag for a NUL-terminated lowercase element name as libxml2 hands it over.
    static func lookup(_ name: UnsafePointer<UInt8>) -> HTMLTag {
        var key: UInt64 = 0
        var length = 0
        while length < 8 {
            let b = name[length]
            if b == 0 { return byPackedName.value(key) ?? .other }
            key |= UInt64(b) << (8 * UInt64(length))
            length += 1
        }
        // Longer names: only two matter.
        if name[8] == 0 { return byPackedName.value(key) ?? .other }
        if name[10] == 0 && name[9] != 0 {
            if key == 0x6F75716B636F6C62 /* "blockquo" */, name[8] == UInt8(ascii: "t"), name[9] == UInt8(ascii: "e") {
                return .blockquote
            }
            if key == 0x6974706163676966 /* "figcapti" */, name[8] == UInt8(ascii: "o"), name[9] == UInt8(ascii: "n") {
                return .figcaption
            }
        }
        return .other
    }

    /// Whether the element starts a new line of text when rendered (block-level in CSS terms).
    var isBlock: Bool { HTMLTag.blocks.contains(self) }

    /// Headings h1–h6.
    var isHeading: Bool { self.rawValue >= HTMLTag.h1.rawValue && self.rawValue <= HTMLTag.h6.rawValue }

    private static let blocks: TagSet = [
        .html, .body, .p, .div, .section, .article, .main, .header, .footer, .aside, .nav, .h1, .h2, .h3, .h4,
        .h5, .h6, .hgroup, .ul, .ol, .li, .dl, .dt, .dd, .menu, .blockquote, .pre, .table, .caption, .thead,
        .tbody, .tfoot, .tr, .td, .th, .figure, .figcaption, .address, .center, .details, .summary, .dialog,
        .form, .fieldset, .legend, .hr, .br, .title, .option, .select, .textarea, .iframe, .video, .audio,
        .canvas, .object, .embed, .picture, .img, .frameset, .frame, .noscript, .template,
    ]
}
