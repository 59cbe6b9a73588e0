import Testing

@testable import LogHuntEngine

/// The allocation-free address parser and the scratch's one-entry parse cache.
@Suite struct IPAddressParseTests {
    @Test(arguments: [
        ("10.1.2.3", "10.0.0.0/8", true), ("11.1.2.3", "10.0.0.0/8", false),
        ("::ffff:10.1.2.3", "10.0.0.0/8", true), ("2001:db8::7", "2001:db8::/32", true),
        ("2001:db8::7%eth0", "2001:db8::7/128", true), ("2001:db9::7", "2001:db8::/32", false),
        ("::", "::/0", true), ("1::2:3:4:5:6:7:8", "::/0", false), ("1:2:3:4:5:6:7:8", "1::/16", true),
        ("1:2:3:4:5:6:1.2.3.4", "1::/16", true), ("1::2::3", "::/0", false), ("256.1.1.1", "0.0.0.0/0", false),
        ("1.2.3", "0.0.0.0/0", false), ("fe80::1:2", "fe80::/10", true), (":1::", "::/0", false),
    ])
    func containsMatchesParse(address: String, network: String, expected: Bool) throws {
        let net = try #require(IPNetwork(network))
        var text = address
        let direct = text.withUTF8 { net.contains(UnsafeRawBufferPointer($0)) }
        #expect(direct == expected)
        var scratch = EvaluationScratch()
        let cached = text.withUTF8 { raw -> Bool in
            guard let a = scratch.address(of: UnsafeRawBufferPointer(raw)) else { return false }
            return net.contains(address: a)
        }
        #expect(cached == expected)
    }

    @Test func cacheFollowsTheText() throws {
        let net = try #require(IPNetwork("10.0.0.0/8"))
        var scratch = EvaluationScratch()
        for (text, expected) in [
            ("10.0.0.1", true), ("10.0.0.1", true), ("12.0.0.1", false), ("nope", false), ("10.9.9.9", true),
        ] {
            var t = text
            let hit = t.withUTF8 { raw -> Bool in
                guard let a = scratch.address(of: UnsafeRawBufferPointer(raw)) else { return false }
                return net.contains(address: a)
            }
            #expect(hit == expected, "\(text)")
        }
    }

    @Test func zeroGapFillsTheMiddle() throws {
        let a = try #require(IPNetwork.parseAddress(Array("1:2::7:8".utf8)))
        #expect(a.high == 0x0001_0002_0000_0000)
        #expect(a.low == 0x0000_0000_0007_0008)
        #expect(!a.isV4)
    }
}
