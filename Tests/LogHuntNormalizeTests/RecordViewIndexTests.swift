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

    /// Members `"key":position` for the picked keys.
    private static func members(_ keys: [String], _ picks: [Int]) -> [String] {
        picks.enumerated().map { k, p in "\"\(keys[p])\":\(k)" }
    }

    /// The object of `members`, parsed (a test issue when it does not parse).
    private static func object(_ members: [String]) -> JSONDocument? {
        guard let doc = try? JSONParser.parse(Array(("{" + members.joined(separator: ",") + "}").utf8)) else {
            Issue.record("test object does not parse")
            return nil
        }
        return doc
    }

    @Test func indexedAndScannedLookupsAgree() async throws {
        await Self.check(Self.keys)
    }

    @Test func hashedAndScannedLookupsAgree() async throws {
        await Self.check(Self.plainKeys)
    }

    private static func check(_ keys: [String]) async {
        let input = zip(Gen.int(in: 0..<keys.count).array(of: 8...60), Gen.bool)
        await propertyCheck(count: 300, input: input) { picks, ci in
            let members = Self.members(keys, picks)
            guard let doc = Self.object(members) else { return }
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

    /// Keys whose bytes differ only in the middle, at either end, or in case, at the lengths where
    /// the C key comparison changes method (byte loop below 4, two overlapping 4- or 8-byte loads
    /// up to 16, memcmp above), so that a comparison skipping any byte would pick a wrong member.
    private static let nearKeys = [
        "ab", "aB", "abc", "abd", "abcd", "abxd", "abcD", "abcdefg", "abcxefg", "abcdefgh", "abcdefgX",
        "abcdXfgh", "ab1defgh9jklmnop", "ab2defgh9jklmnop", "ab1defgh9jklmnoq", "ab1defgh8jklmnop",
        "requestParameters", "requestParametera", "requestParXmeters", "actor_location", "Actor_location",
        // The folding table's edges: `@` and `[` sit beside `A` and `Z`; UTF-8 bytes are not folded.
        "@bcd", "[bcd", "Zbcd", "zbcd", "\u{E9}te", "\u{C9}te",
    ]

    @Test func cAndSwiftIndexesAreTheSameWords() async throws {
        let keys = Self.keys + Self.nearKeys
        await propertyCheck(count: 300, input: Gen.int(in: 0..<keys.count).array(of: 0...70)) { picks in
            let members = Self.members(keys, picks)
            guard let doc = Self.object(members) else { return }
            #expect(RecordView.memberIndex(doc, doc.root) == RecordView.swiftMemberIndex(doc, doc.root), "\(members)")
        }
    }

    @Test func cAndSwiftLookupsAgreeOnNearKeys() async throws {
        let keys = Self.nearKeys
        let input = zip(Gen.int(in: 0..<keys.count).array(of: 8...40), Gen.bool)
        await propertyCheck(count: 300, input: input) { picks, ci in
            let members = Self.members(keys, picks)
            guard let doc = Self.object(members) else { return }
            let index = RecordView.memberIndex(doc, doc.root)
            #expect(RecordView.hashes(index))
            let plain = RecordView(doc, caseInsensitive: ci)
            index.withUnsafeBufferPointer { members in
                for w in keys + [
                    "ABCDEFGH", "AB1DEFGH9JKLMNOP", "REQUESTPARAMETERS", "abcdefghi", "x", "ZBCD", "`bcd", "{bcd",
                ] {
                    var key = w
                    let (c, swift) = key.withUTF8 { k in
                        (
                            RecordView.findIndexed(doc, members, UnsafeRawBufferPointer(k), ci),
                            RecordView.swiftFindIndexed(doc, members, UnsafeRawBufferPointer(k), ci)
                        )
                    }
                    #expect(c == swift, "\(w) ci=\(ci)")
                    #expect(c == plain.member(doc.root, w), "\(w) ci=\(ci) against the scan")
                }
            }
        }
    }

    /// `Event.node(at:)` (C, `lh_root_path`) against its Swift definition, on roots holding flat
    /// dotted keys, nested objects (some with escaped keys), arrays and scalars at the first key.
    @Test func rootPathsAgreeWithTheSwiftDefinition() async throws {
        let outer = ["actor_location", "abcdefgh", "ab", "requestParameters", "x", "org"]
        let inner = ["country_code", "abcdefgX", "ab", "bucketName", "y", #"count\u0072y_code"#, "Ab"]
        let values = [
            #"{"country_code":"DE","ab":1}"#, #"{"y":2,"bucketName":"b"}"#, "[{\"y\":3}]", "\"s\"", "null",
            #"{"count\u0072y_code":"FR","country_code":"NL"}"#,
        ]
        let input = zip(Gen.int(in: 0..<outer.count).array(of: 8...24), Gen.int(in: 0..<values.count).array(of: 24))
        await propertyCheck(count: 300, input: input) { picks, valuePicks in
            var members: [String] = []
            for (k, p) in picks.enumerated() {
                // Some members are flat dotted keys (`actor_location.country_code`).
                let key = k % 5 == 4 ? outer[p] + "." + inner[k % inner.count] : outer[p]
                members.append("\"\(key)\":\(values[valuePicks[k % valuePicks.count]])")
            }
            guard let doc = Self.object(members) else { return }
            let event = Event(
                location: SourceLocation(file: "t", line: 1, record: 0), raw: doc, provider: .github,
                rootMembers: RecordView.memberIndex(doc, doc.root))
            for o in outer {
                for name in [o] + inner.map({ o + "." + $0 }) {
                    guard let path = RootKeyPath(name) else { continue }
                    #expect(event.node(at: path) == event.swiftNode(at: path), "\(name) in \(members)")
                }
            }
        }
    }

    /// Interned paths: the same name gives the same bytes and id, different names different ids,
    /// and paths of three or more keys none.
    @Test func rootKeyPathsAreInterned() throws {
        let a = try #require(RootKeyPath("actor_location.country_code"))
        let b = try #require(RootKeyPath("actor_location.country_code"))
        let c = try #require(RootKeyPath("actor"))
        #expect(a.id == b.id)
        #expect(a.bytes.baseAddress == b.bytes.baseAddress)
        #expect(a.id != c.id)
        #expect(a.split == 14 && c.split == nil)
        #expect(RootKeyPath("a.b.c") == nil)
        #expect(RootKeyPath.count > max(a.id, c.id))
    }

    /// The memo gives what `Event.node(at:)` gives, once per event: on a second event after
    /// `begin()` it answers for that event, and off (`end()`) it looks every path up.
    @Test func rootPathMemoAnswersPerEvent() throws {
        // Eight members or more: roots that small get no index, and every answer would be nil.
        let filler = (0..<8).map { #","f\#($0)":\#($0)"# }.joined()
        func event(_ text: String) throws -> Event {
            let doc = try JSONParser.parse(Array((text.dropLast() + filler + "}").utf8))
            return Event(
                location: SourceLocation(file: "t", line: 1, record: 0), raw: doc, provider: .github,
                rootMembers: RecordView.memberIndex(doc, doc.root))
        }
        let first = try event(#"{"actor":"a","org":"o","actor_location":{"country_code":"DE"},"x":[1]}"#)
        let second = try event(#"{"org":"p","x":2,"actor":"bb","z":{"country_code":"FR"},"y":null}"#)
        let names = ["actor", "org", "actor_location.country_code", "x", "y", "z.country_code", "missing", "x.y"]
        let paths = try names.map { try #require(RootKeyPath($0)) }
        #expect(!first.rootMembers.isEmpty && !second.rootMembers.isEmpty)
        let memo = RootPathMemo()
        for e in [first, second, first] {
            memo.begin()
            for _ in 0..<2 {
                for (name, path) in zip(names, paths) {
                    #expect(memo.node(at: path, in: e) == e.node(at: path), "\(name)")
                }
            }
        }
        memo.end()
        #expect(!memo.active)
        // Off: the memo holds the last event's answers but must not give them for another.
        for (name, path) in zip(names, paths) {
            #expect(memo.node(at: path, in: second) == second.node(at: path), "\(name) with the memo off")
        }
    }

    /// A memo made before a path was interned grows for it.
    @Test func rootPathMemoGrowsForLaterPaths() throws {
        let memo = RootPathMemo()
        let doc = try JSONParser.parse(Array(#"{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7}"#.utf8))
        let e = Event(
            location: SourceLocation(file: "t", line: 1, record: 0), raw: doc, provider: .github,
            rootMembers: RecordView.memberIndex(doc, doc.root))
        memo.begin()
        // More new names than any memo's first capacity.
        for k in 0..<40 {
            let path = try #require(RootKeyPath("grow_\(UInt32.random(in: 0...UInt32.max))_\(k)"))
            #expect(memo.node(at: path, in: e) == .some(nil))
        }
        let k1 = try #require(RootKeyPath("k1"))
        #expect(memo.node(at: k1, in: e) == e.node(at: k1))
        #expect(e.node(at: k1) == .some(4))
    }
}
