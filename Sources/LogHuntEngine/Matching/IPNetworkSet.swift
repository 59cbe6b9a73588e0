/// Several networks checked as one: true when an address lies in any of them. IPv4 networks
/// are kept apart from IPv6 ones, so an address is only compared with networks of its family
/// (an IPv4-mapped IPv6 address counts as IPv4, as in `IPNetwork.contains(address:)`).
package struct IPNetworkSet: Sendable, Hashable {
    /// The networks, in rule order.
    package let networks: [IPNetwork]
    private let v4: [(address: UInt64, mask: UInt64)]
    private let v6: [IPNetwork]

    /// Groups `networks`.
    /// - Parameter networks: the networks.
    package init(_ networks: [IPNetwork]) {
        self.networks = networks
        var v4: [(UInt64, UInt64)] = []
        var v6: [IPNetwork] = []
        for n in networks {
            if n.address.isV4 {
                let mask: UInt64 = n.prefix == 0 ? 0 : (0xFFFF_FFFF << UInt64(32 - n.prefix)) & 0xFFFF_FFFF
                v4.append((n.address.low, mask))
            } else {
                v6.append(n)
            }
        }
        self.v4 = v4
        self.v6 = v6
    }

    /// True when the parsed address lies in one of the networks.
    /// - Parameter parsed: an address parsed with `IPNetwork.parseAddress`.
    /// - Returns: membership.
    @inline(__always)
    package func contains(address parsed: IPNetwork.Address) -> Bool {
        var low = parsed.low
        var isV4 = parsed.isV4
        if !isV4, parsed.high == 0, parsed.low >> 32 == 0xFFFF {
            // ::ffff:a.b.c.d: also an IPv4 address.
            if v6.contains(where: { $0.contains(address: parsed) }) { return true }
            low &= 0xFFFF_FFFF
            isV4 = true
        }
        if isV4 {
            for n in v4 where low & n.mask == n.address { return true }
            return false
        }
        return v6.contains { $0.contains(address: parsed) }
    }

    package static func == (a: IPNetworkSet, b: IPNetworkSet) -> Bool { a.networks == b.networks }

    package func hash(into hasher: inout Hasher) { hasher.combine(networks) }
}
