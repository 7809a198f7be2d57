import Foundation
import Testing

@testable import SearchExtraction

@Suite struct JSONValueTests {
    /// Strings of quotes, backslashes, control characters and non-ASCII text at every offset from the word
    /// boundaries the string scanner reads by, encoded by Foundation, decode to what was encoded.
    @Test func stringsRoundTripThroughFoundationsEncoder() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["\"", "\\", "\n", "\t", "é", "日本", "🚀", "/", "\u{1}", "a", "bc", "defghijk", " "]
        for length in 0..<40 {
            for _ in 0..<20 {
                let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
                let encoded = try JSONSerialization.data(withJSONObject: ["body": text, "id": "x"])
                let value = try #require(JSONValue.parse([UInt8](encoded), whole: true))
                guard case .string(let decoded)? = value["body"] else {
                    Issue.record("no body in \(String(decoding: encoded, as: UTF8.self))")
                    continue
                }
                #expect(decoded == text, "\(String(decoding: encoded, as: UTF8.self))")
            }
        }
    }

    /// A string that never closes is no value, however long its last run.
    @Test func unterminatedStringIsRejected() {
        for length in 0..<20 {
            let bytes = Array("{\"body\": \"".utf8) + Array(repeating: UInt8(ascii: "a"), count: length)
            #expect(JSONValue.parse(bytes, whole: true) == nil)
        }
    }
}
