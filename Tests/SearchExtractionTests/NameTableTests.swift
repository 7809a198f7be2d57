import Testing

@testable import SearchExtraction

/// The fixed tables that classify elements and attributes while a page is parsed, checked against the plain
/// definitions they replace.
@Suite struct NameTableTests {
    /// `name` as libxml2 hands it over: NUL-terminated bytes.
    static func withName<T>(_ name: String, _ body: (UnsafePointer<UInt8>) -> T) -> T {
        // Padding past the NUL: lookups of long names read a few bytes ahead, as libxml2's strings allow.
        let bytes = Array(name.utf8) + [0] + [UInt8](repeating: 0, count: 16)
        return bytes.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    @Test func everyTagIsFoundByItsName() {
        for tag in HTMLTag.allCases where tag != .other && tag != .text {
            #expect(Self.withName(tag.name) { HTMLTag.lookup($0) } == tag, "\(tag.name)")
        }
        for unknown in ["", "x", "blink", "marquee", "blockquotes", "figcaptio", "custom-element", "h7", "aa"] {
            #expect(Self.withName(unknown) { HTMLTag.lookup($0) } == .other, "\(unknown)")
        }
    }

    @Test func everyAttributeIsFoundByItsName() {
        for attribute in HTMLAttribute.allCases {
            #expect(Self.withName(attribute.markupName) { HTMLAttribute.lookup($0) } == attribute)
        }
        for unknown in ["", "src", "alt", "onclick", "http-equi", "aria-hiddenx", "data-id", "classes"] {
            #expect(Self.withName(unknown) { HTMLAttribute.lookup($0) } == nil, "\(unknown)")
        }
    }

    @Test func tagSetHoldsExactlyItsTags() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let members = HTMLTag.allCases.filter { _ in Bool.random(using: &generator) }
            let set = TagSet(members)
            for tag in HTMLTag.allCases { #expect(set.contains(tag) == members.contains(tag)) }
        }
        let listed: TagSet = [.other, .p, .progress, .h6]
        #expect(HTMLTag.allCases.filter { listed.contains($0) } == [.other, .p, .h6, .progress])
    }

    @Test func furnitureLabelsMatchTheScalarDefinition() {
        func reference(_ line: String) -> String {
            var label = line.lowercased()
            while let last = label.unicodeScalars.last, !last.properties.isAlphabetic {
                label.unicodeScalars.removeLast()
            }
            return label
        }
        let lines = [
            "Advertisement", "SHARE THIS:", "Read More »", "Tags: ", "Comments (12)", "Back to top ↑", "42", "",
            "   ", "[edit]", "Close ×", "Café", "ÉDITION", "Share on Facebook!!", "x@", "Z`", "a[", "Print{}", "ad.",
            "Menü 2", "Related: 日本", "ΣΟΦΙΑ.",
        ]
        for line in lines {
            #expect(TextRenderer.label(Array(line.utf8)) == reference(line), "\(line)")
        }
        #expect(TextRenderer.isFurnitureLine(Array("Share this article:".utf8), linkBytes: 0))
        #expect(!TextRenderer.isFurnitureLine(Array("Shoigu arrived in Pyongyang".utf8), linkBytes: 0))
    }
}
