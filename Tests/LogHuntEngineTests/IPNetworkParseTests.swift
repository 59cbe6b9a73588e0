import PropertyBased
import Testing

@testable import LogHuntEngine

/// `IPNetwork(_:)` reads ASCII text byte by byte; `IPNetwork(generalParsing:)` (through
/// `Character`s) is its definition. Both give the same network, prefix and text, or both nil.
@Suite struct IPNetworkParseTests {
    static let pieces = [
        "10", "0", "1", "255", "256", ".", ".", ":", "::", "/", "/", "8", "32", "33", "128", "+8", "-0", "-1", " ", " ",
        "fe80", "db8", "2001", "%eth0", "%", "ffff", "1.2.3.4", "\r\n", "\t", "é", "\u{301}", "日", "x", "",
    ]

    static func same(_ text: String) -> Bool {
        let fast = IPNetwork(text)
        let general = IPNetwork(generalParsing: text)
        return fast?.address == general?.address && fast?.prefix == general?.prefix && fast?.text == general?.text
    }

    @Test(arguments: [
        "10.0.0.0/8", " 10.0.0.0/8 ", "10.0.0.1", "10.0.0.0/+8", "10.0.0.0/-0", "10.0.0.0/-1", "10.0.0.0/33",
        "10.0.0.0/", "/8", "10.0.0.0/8/8", "2001:db8::/32", "fe80::1%eth0/64", "fe80::1%eth0", "::ffff:1.2.3.4/128",
        "  ", "", "fe80::1%x/\u{301}64", " \u{301}10.0.0.1", "10.0.0.1 \u{301}", "10.0.0.0 /8", "10.0.0.0/ 8",
        "\u{A0}10.0.0.0/8",
    ])
    func examplesAgree(text: String) {
        #expect(Self.same(text), "\(text.debugDescription)")
    }

    @Test func theTwoParsersAgree() async {
        await propertyCheck(count: 2_000, input: Gen.int(in: 0..<Self.pieces.count).array(of: 0...9)) { picks in
            let text = picks.map { Self.pieces[$0] }.joined()
            #expect(Self.same(text), "\(text.debugDescription)")
        }
    }

    /// Mostly valid networks: spaces, an IPv4 or IPv6 address, a prefix with or without a sign.
    @Test func theTwoParsersAgreeOnNetworks() async {
        let heads = ["", " ", "  ", "\t", "é"]
        let prefixes = ["", "/0", "/8", "/32", "/33", "/+16", "/-0", "/64", "/128", "/129", "/", "/8/8", "/ 8"]
        let input = zip(
            Gen.int(in: 0..<heads.count), Gen.int(in: 0...300).array(of: 4), Gen.bool, Gen.int(in: 0..<prefixes.count),
            Gen.int(in: 0..<heads.count))
        await propertyCheck(count: 2_000, input: input) { head, octets, v6, prefix, tail in
            let address =
                v6
                ? octets.map { String($0, radix: 16) }.joined(separator: ":") + "::"
                : octets.map(String.init).joined(separator: ".")
            let text = heads[head] + address + prefixes[prefix] + heads[tail]
            #expect(Self.same(text), "\(text.debugDescription)")
        }
    }

    @Test func validNetworksStillParse() throws {
        let net = try #require(IPNetwork(" 10.1.2.3/8 "))
        #expect(net.prefix == 8)
        #expect(net.text == "10.1.2.3/8")
        #expect(Array("10.9.9.9".utf8).withUnsafeBytes { net.contains($0) })
        #expect(!Array("11.0.0.1".utf8).withUnsafeBytes { net.contains($0) })
        #expect(IPNetwork("2001:db8::/32")?.prefix == 32)
    }
}
