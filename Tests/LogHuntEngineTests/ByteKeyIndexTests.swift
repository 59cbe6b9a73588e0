import PropertyBased
import Testing

@testable import LogHuntEngine

/// The first-seen tracker's key index against a dictionary: the same positions for every key
/// inserted (dense, in insertion order, across the table's growth), nothing for keys never
/// inserted, looked up by text or by bytes, and each key read back as inserted.
@Suite struct ByteKeyIndexTests {
    private static let parts = ["", "a", "A", "acme-circleci-bot", "\u{1F}", "\u{1E}us", "é", "日本", "x\u{0}y"]

    @Test func positionsAgreeWithADictionary() async {
        let keys = Gen.int(in: 0..<Self.parts.count).array(of: 1...4).map { $0.map { Self.parts[$0] }.joined() }
        await propertyCheck(count: 200, input: keys.array(of: 0...120)) { sequence in
            var index = ByteKeyIndex()
            var model: [String: Int] = [:]
            for key in sequence where model[key] == nil {
                #expect(index.position(of: key) == nil)
                model[key] = index.insert(key)
                #expect(model[key] == model.count - 1)
            }
            #expect(index.count == model.count)
            for (key, position) in model {
                #expect(index.position(of: key) == position)
                var bytes = Array(key.utf8)
                #expect(bytes.withUnsafeMutableBytes { index.position(of: UnsafeRawBufferPointer($0)) } == position)
                #expect(index.key(at: position) == key)
            }
            for probe in ["zz", "acme-circleci-bot\u{1E}", "A\u{1F}"] where model[probe] == nil {
                #expect(index.position(of: probe) == nil)
            }
        }
    }

    @Test func manyKeysSurviveGrowth() {
        var index = ByteKeyIndex()
        for k in 0..<5_000 { #expect(index.insert("key-\(k)") == k) }
        for k in stride(from: 0, to: 5_000, by: 7) { #expect(index.position(of: "key-\(k)") == k) }
        #expect(index.position(of: "key-5000") == nil)
    }

    /// Copies are values: inserting into one (the first insert after a copy takes the storage
    /// for itself) leaves the other as it was, across growth of the table and the arena.
    @Test func copiesAreIndependent() {
        var a = ByteKeyIndex()
        for k in 0..<20 { a.insert("k\(k)") }
        let snapshot = a
        var b = a
        for k in 20..<200 { b.insert("a much longer key than the arena's first capacity \(k)") }
        a.insert("only-in-a")
        #expect(snapshot.count == 20)
        #expect(snapshot.position(of: "only-in-a") == nil)
        #expect(snapshot.position(of: "k19") == 19)
        #expect(a.count == 21 && a.position(of: "only-in-a") == 20)
        #expect(b.count == 200 && b.position(of: "only-in-a") == nil)
        #expect(b.key(at: 199) == "a much longer key than the arena's first capacity 199")
        #expect(b.position(of: "k7") == 7 && a.key(at: 7) == "k7")
    }
}
