import LogHuntNormalize
import Testing

@Suite struct SourceEndpointTests {
    @Test(arguments: [
        ("203.0.113.9", "203.0.113.9" as String?, nil as String?, nil as String?),
        ("203.0.113.9:443", "203.0.113.9", "443", nil),
        ("2001:db8::1", "2001:db8::1", nil, nil),
        ("2001:DB8::1", "2001:db8::1", nil, nil),
        ("[2001:db8::1]:8443", "2001:db8::1", "8443", nil),
        ("[::1]", "::1", nil, nil),
        ("::", "::", nil, nil),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1", nil, nil),
        ("fe80::1%eth0", "fe80::1%eth0", nil, nil),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", nil, nil),
        (" 10.0.0.1 ", "10.0.0.1", nil, nil),
        ("ec2.amazonaws.com", nil, nil, "ec2.amazonaws.com"),
        ("AWS Internal", nil, nil, "AWS Internal"),
        ("private", nil, nil, "private"),
        ("gce-internal-ip", nil, nil, "gce-internal-ip"),
        ("256.1.1.1", nil, nil, "256.1.1.1"),
        ("1.2.3", nil, nil, "1.2.3"),
        ("01.2.3.4", nil, nil, "01.2.3.4"),
        ("1:2:3:4:5:6:7:8:9", nil, nil, "1:2:3:4:5:6:7:8:9"),
        ("1::2::3", nil, nil, "1::2::3"),
        ("12345::1", nil, nil, "12345::1"),
        ("1.2.3.4:99999", nil, nil, "1.2.3.4:99999"),
        ("[2001:db8::1]:x", nil, nil, "[2001:db8::1]:x"),
        // Non-ASCII: a combining mark after `%` or `:` makes another character (the byte
        // searches step aside for such text; SourceEndpointReferenceTests).
        ("fe80::1%\u{301}", nil, nil, "fe80::1%\u{301}"),
        ("1.2.3.4:\u{301}80", nil, nil, "1.2.3.4:\u{301}80"),
        ("1.2.3.4\u{301}:80", nil, nil, "1.2.3.4\u{301}:80"),
        ("::\u{301}1", nil, nil, "::\u{301}1"),
        ("é:1", nil, nil, "é:1"),
        ("2001:db8::1\r\n", nil, nil, "2001:db8::1\r\n"),
    ])
    func splitsCallerAddresses(_ text: String, _ ip: String?, _ port: String?, _ address: String?) {
        let endpoint = SourceEndpoint(parsing: text)
        #expect(endpoint.ip == ip)
        #expect(endpoint.port == port)
        #expect(endpoint.address == address)
    }

    @Test func emptyTextGivesNothing() {
        let endpoint = SourceEndpoint(parsing: "  ")
        #expect(endpoint == SourceEndpoint(parsing: ""))
        #expect(endpoint.ip == nil)
        #expect(endpoint.address == nil)
    }

    /// Random strings over the characters that matter never crash the splitter, and whatever
    /// it calls an IP splits to itself again.
    @Test func randomTextNeverCrashes() {
        let alphabet = Array("0123456789abcdefABCDEF:.[]% x-")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var ips = 0
        for _ in 0..<5_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 59)
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            let endpoint = SourceEndpoint(parsing: text)
            #expect(endpoint.ip == nil || endpoint.address == nil)
            if let ip = endpoint.ip {
                ips += 1
                #expect(SourceEndpoint(parsing: ip).ip == ip)
            }
        }
        #expect(ips > 0)
    }
}
