import LogHuntCore
import LogHuntIngest
import PropertyBased
import Testing

@testable import LogHuntNormalize

/// The mappings' view indexes the base object's members; every lookup must give what the plain
/// scan gives: first exact key, else (case-insensitive views) the first key equal ignoring ASCII
/// case; escaped keys decoded; duplicates and long keys included.
@Suite struct RecordViewIndexTests {
    private static let keys = [
        "action", "Action", "ACTION", "actor", "actor_ip", "a", "", "eventName", "eventname", "e",
        #"act\u0069on"#, #"\u0041ction"#, "ac", String(repeating: "k", count: 300), "sourceIPAddress", "x.y",
    ]

    @Test func indexedAndScannedLookupsAgree() async throws {
        let input = zip(Gen.int(in: 0..<Self.keys.count).array(of: 8...30), Gen.bool)
        await propertyCheck(count: 300, input: input) { picks, ci in
            let members = picks.enumerated().map { k, p in "\"\(Self.keys[p])\":\(k)" }
            guard let doc = try? JSONParser.parse(Array(("{" + members.joined(separator: ",") + "}").utf8)) else {
                Issue.record("test object does not parse")
                return
            }
            let plain = RecordView(doc, caseInsensitive: ci)
            let indexed = RecordView(doc, caseInsensitive: ci, members: RecordView.memberIndex(doc, doc.root))
            let wanted = [
                "action", "Action", "actor", "a", "", "eventName", "EVENTNAME", "ac", "x.y", "none",
                String(repeating: "k", count: 300), String(repeating: "K", count: 300), "Aiction",
            ]
            for w in wanted {
                #expect(indexed.member(doc.root, w) == plain.member(doc.root, w), "\(w) ci=\(ci) in \(members)")
            }
        }
    }
}
