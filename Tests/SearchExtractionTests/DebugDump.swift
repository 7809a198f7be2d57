import Foundation
@testable import SearchExtraction
import Testing

@Suite struct DebugDump {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DEBUG_ID"] != nil))
    func dump() throws {
        let id = ProcessInfo.processInfo.environment["DEBUG_ID"]!
        let html = id.hasSuffix(".html") ? [UInt8](FileManager.default.contents(atPath: id)!) : try TestData.gunzip(TestData.sharedData.appendingPathComponent("extraction/aeb/html/\(id).html.gz").path)
        let pre = html.withUnsafeBufferPointer { MarkupPrefilter($0) }
        let tree = try pre.markup.withUnsafeBufferPointer { try _UnsafeSAXTreeBuilder.parse($0) }
        let initial = NodeStatistics(tree)
        let removed = BoilerplateFilter.removedNodes(tree, initial)
        let stats = NodeStatistics(tree, removed: removed)
        let scorer = ContentScorer(tree: tree, stats: stats, removed: removed)
        func describe(_ i: Int) -> String {
            let n = tree.nodes[i]
            return "#\(i) <\(n.tag)> class=\(tree.attribute(.class, of: i) ?? "") id=\(tree.attribute(.id, of: i) ?? "") "
                + "score=\(Int(scorer.scores[i])) text=\(stats.textLength[i]) links=\(stats.linkDensity(i)) "
                + "ptext=\(initial.paragraphText[i]) hints=\(tree.hints[i].rawValue) removed=\(removed[i])"
        }
        var ranked = (0..<tree.count).filter { scorer.scores[$0] != 0 }
        ranked.sort { scorer.scores[$0] > scorer.scores[$1] }
        for i in ranked.prefix(8) {
            print(describe(i))
            var a = Int(tree.nodes[i].parent)
            var chain = ""
            while a > 0 { chain += " < \(tree.nodes[a].tag).\(tree.attribute(.class, of: a) ?? "")"; a = Int(tree.nodes[a].parent) }
            print("    ", chain.prefix(300))
        }
        print("SELECTION")
        for i in scorer.selection() { print(describe(i)) }
        if let watch = ProcessInfo.processInfo.environment["DEBUG_TEXT"] {
            for i in 0..<tree.count where tree.nodes[i].tag == .text {
                let t = tree.textContent(i)
                if t.contains(watch) {
                    var a = i
                    while a > 0 { print("  ", describe(a)); a = Int(tree.nodes[a].parent) }
                    break
                }
            }
        }
    }
}
