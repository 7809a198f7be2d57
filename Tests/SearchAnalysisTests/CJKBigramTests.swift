import SearchAnalysis
import Testing

/// Han, kana and Hangul runs as overlapping bigrams in `standard`.
@Suite struct CJKBigramTests {
    @Test func runsBecomeOverlappingBigramsWithTheirOwnPositions() {
        let text = "東京タワーは港区にある。"
        let (found, next) = tokens(.standard, text)
        #expect(found.map(\.term) == ["東京", "京タ", "タワ", "ワー", "ーは", "は港", "港区", "区に", "にあ", "ある"])
        #expect(found.map(\.position) == Array(0..<10))
        #expect(next == 10)
        // Each bigram spans its two characters (three bytes each), overlapping the next by one.
        #expect(found[0].start == 0 && found[0].end == 6)
        #expect(found[1].start == 3 && found[1].end == 9)
    }

    @Test func aLoneCharacterIsAUnigram() {
        #expect(terms(.standard, "猫 と 犬") == ["猫", "と", "犬"])
        #expect(terms(.standard, "第3回") == ["第", "3", "回"])
    }

    @Test func otherScriptsEndARun() {
        #expect(terms(.standard, "iPhoneを買った2024年") == ["iphon", "を買", "買っ", "った", "2024", "年"])
        #expect(terms(.standard, "Tokyo(東京)の人口") == ["tokyo", "東京", "の人", "人口"])
    }

    @Test func koreanAndChineseAreBigrammedToo() {
        #expect(terms(.standard, "서울특별시") == ["서울", "울특", "특별", "별시"])
        #expect(terms(.standard, "中华人民共和国") == ["中华", "华人", "人民", "民共", "共和", "和国"])
    }

    @Test func decomposedVoicingMarksStayWithTheirKana() {
        // が written as か + U+3099 forms the same bigrams as the composed letter.
        let decomposed = "か\u{3099}っこう"
        #expect(terms(.standard, decomposed) == ["か\u{3099}っ", "っこ", "こう"])
        // Fullwidth and halfwidth forms fold: ｶﾀｶﾅ → カタカナ.
        #expect(terms(.standard, "ｶﾀｶﾅ") == ["カタ", "タカ", "カナ"])
    }

    @Test func plainKeepsRunsWhole() {
        #expect(terms(.plain, "東京タワーは港区にある") == ["東京タワーは港区にある"])
    }

    @Test func longRunsAreNeverDropped() {
        // A run far longer than the 64-scalar term limit still yields every bigram.
        let run = String(repeating: "日本語", count: 100)
        let found = terms(.standard, run)
        #expect(found.count == 299)
        #expect(Set(found) == ["日本", "本語", "語日"])
    }
}
