import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import PropertyBased
import Testing

@testable import LogHuntEngine

/// Rule paths look root keys up through the normaliser's root index (`Event.rootMembers`);
/// every path must reach the same nodes, in the same order, as a scan of the record: exact
/// keys first, ASCII case folded when asked, escaped, duplicate, empty, long and dotted keys,
/// paths into nested objects and through arrays.
@Suite struct CompiledPathIndexTests {
    private static let keys = [
        "action", "Action", "ACTION", "actor", "actor_ip", "a", "", "eventName", "eventname", "a.b",
        #"act\u0069on"#, #"\u0041ction"#, "ac", String(repeating: "k", count: 300), "loc", "Loc",
    ]
    private static let values = [#""x""#, "1", "null", #"{"b":"y","B":"z","cc":"FR"}"#, #"[{"b":"w"},{"cc":"DE"}]"#]

    /// The object of the picked keys (values rotated by `seed`), normalised (so wide roots
    /// carry their index), and its member texts; nil, with an issue recorded, if it does not parse.
    private static func record(_ picks: [Int], _ seed: Int) -> ([String], Event)? {
        let members = picks.enumerated().map { k, p in "\"\(keys[p])\":\(values[(k + seed) % values.count])" }
        guard let doc = try? JSONParser.parse(Array(("{" + members.joined(separator: ",") + "}").utf8)) else {
            Issue.record("test object does not parse")
            return nil
        }
        return (
            members, Normalizer().normalize(document: doc, location: SourceLocation(file: "t.json", line: 1, record: 0))
        )
    }

    @Test func indexedAndScannedWalksAgree() async {
        let input = zip(Gen.int(in: 0..<Self.keys.count).array(of: 0...30), Gen.int(in: 0...99))
        await propertyCheck(count: 300, input: input) { picks, seed in
            guard let (members, event) = Self.record(picks, seed) else { return }
            if picks.count >= 8, !members.contains(where: { $0.contains("\\") }) {
                #expect(!event.rootMembers.isEmpty, "a root of \(picks.count) members is indexed")
            }
            let paths = [
                "action", "Action", "actor", "a", "", "eventName", "EVENTNAME", "a.b", "a.B", "loc.b", "LOC.cc",
                "loc.cc", String(repeating: "k", count: 300), String(repeating: "K", count: 300), "none", "ac",
            ]
            for name in paths {
                let path = CompiledPath(name)
                for ci in [false, true] {
                    var scanned: [Int] = []
                    var indexed: [Int] = []
                    var f1 = false
                    var f2 = false
                    path.visit(event.raw, caseInsensitive: ci, found: &f1) {
                        scanned.append($0)
                        return false
                    }
                    path.visit(event.raw, rootMembers: event.rootMembers, caseInsensitive: ci, found: &f2) {
                        indexed.append($0)
                        return false
                    }
                    #expect(indexed == scanned && f1 == f2, "\(name) ci=\(ci) in \(members)")
                    // The correlator's paths (`FieldPath`: longest literal key first) through the
                    // same index.
                    let fieldPath = FieldPath(name)
                    var plain: [Int] = []
                    var viaEvent: [Int] = []
                    fieldPath.visit(in: event.raw, caseInsensitive: ci) {
                        plain.append($0)
                        return true
                    }
                    event.visit(fieldPath, caseInsensitive: ci) {
                        viaEvent.append($0)
                        return true
                    }
                    #expect(viaEvent == plain, "FieldPath \(name) ci=\(ci) in \(members)")
                }
            }
        }
    }

    /// A predicate on one root key or a two-key path (`PredicateNode.rootPath`) is
    /// decided from the root index; its answer must be the general path's (`visitTop` over the
    /// field's compiled paths) for every kind of test, on records with and without an index,
    /// present, absent, null, object, array (fanned out), flat dotted, escaped and duplicate keys.
    @Test func rootKeyPredicatesAgreeWithTheGeneralPath() async {
        let tests: [ValueTest] = [
            .exists(true), .exists(false), .null, .string(WildcardPattern(parts("x"))),
            .string(WildcardPattern(parts("*"))), .string(WildcardPattern(parts("y"))),
            .literalSet(LiteralSet([Array("x".utf8), Array("1".utf8), Array("w".utf8)])), .number(1, text: "1"),
            .bool(true),
        ]
        let input = zip(Gen.int(in: 0..<Self.keys.count).array(of: 0...30), Gen.int(in: 0...99))
        await propertyCheck(count: 300, input: input) { picks, seed in
            guard let (members, event) = Self.record(picks, seed) else { return }
            var scratch = EvaluationScratch()
            for name in [
                "action", "Action", "actor", "a", "", "eventName", "EVENTNAME", "loc", "none", "ac", "a.b", "loc.b",
                "loc.cc", "Loc.cc", "loc.B", "none.x", "a.",
            ] {
                let field = FieldRef(name: name, ecs: nil, paths: [CompiledPath(name)])
                for test in tests {
                    let node = PredicateNode(Predicate(field: field, test: test))
                    #expect(node.rootPath != nil)
                    let fast = Evaluator.predicate(node, event, &scratch)
                    let general = Evaluator.predicate(field, test, event, &scratch)
                    #expect(fast == general, "\(name) \(test) in \(members)")
                }
            }
        }
    }
}
