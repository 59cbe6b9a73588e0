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

    /// Keys without escapes and shorter than 255 bytes: the index's hash table answers (any
    /// other key sends every lookup to the scan of packed words). Many share a head (length and
    /// first two folded bytes), so probe chains hold several candidates.
    private static let plainKeys = [
        "action", "Action", "ACTION", "actor", "actor_ip", "actor_id", "a", "", "eventName", "eventname", "e",
        "ac", "AC", "sourceIPAddress", "x.y", "repo", "repo_id", "org", "org_id", "Org",
    ]

    @Test func indexedAndScannedLookupsAgree() async throws {
        await Self.check(Self.keys)
    }

    @Test func hashedAndScannedLookupsAgree() async throws {
        await Self.check(Self.plainKeys)
    }

    private static func check(_ keys: [String]) async {
        let input = zip(Gen.int(in: 0..<keys.count).array(of: 8...60), Gen.bool)
        await propertyCheck(count: 300, input: input) { picks, ci in
            let members = picks.enumerated().map { k, p in "\"\(keys[p])\":\(k)" }
            guard let doc = try? JSONParser.parse(Array(("{" + members.joined(separator: ",") + "}").utf8)) else {
                Issue.record("test object does not parse")
                return
            }
            let plain = RecordView(doc, caseInsensitive: ci)
            let index = RecordView.memberIndex(doc, doc.root)
            if keys == Self.plainKeys { #expect(RecordView.hashes(index), "plain keys are hashed") }
            let indexed = RecordView(doc, caseInsensitive: ci, members: index)
            let wanted = [
                "action", "Action", "actor", "a", "", "eventName", "EVENTNAME", "ac", "x.y", "none", "ACTOR_IP",
                "Repo", "org_ID", "oRG",
                String(repeating: "k", count: 300), String(repeating: "K", count: 300), "Aiction",
            ]
            for w in wanted {
                #expect(indexed.member(doc.root, w) == plain.member(doc.root, w), "\(w) ci=\(ci) in \(members)")
            }
        }
    }
}
