/// Syntax checks for `|cidr` values (the engine does the matching).
package enum CIDR {
    /// True when `text` is an IPv4 or IPv6 address with an optional `/prefix` in range.
    package static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return false }
        let address = parts[0]
        let isV6 = address.contains(":")
        guard isV6 ? isIPv6(address) : isIPv4(address) else { return false }
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), parts[1].allSatisfy(\.isASCII), prefix >= 0, prefix <= (isV6 ? 128 : 32)
            else { return false }
        }
        return true
    }

    /// True for a dotted-quad IPv4 address.
    package static func isIPv4(_ s: Substring) -> Bool {
        let octets = s.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        return octets.allSatisfy { o in
            !o.isEmpty && o.count <= 3 && o.allSatisfy { $0.isASCII && $0.isNumber } && (Int(o) ?? 256) <= 255
        }
    }

    /// True for an IPv6 address (with `::` compression and an optional trailing IPv4 part).
    package static func isIPv6(_ s: Substring) -> Bool {
        guard !s.isEmpty, s.filter({ $0 == ":" }).count >= 2 || s.contains("::") else { return false }
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groups = 0
        for (k, half) in halves.enumerated() where !half.isEmpty {
            let pieces = half.split(separator: ":", omittingEmptySubsequences: false)
            for (j, piece) in pieces.enumerated() {
                if j == pieces.count - 1, k == halves.count - 1, piece.contains(".") {
                    guard isIPv4(piece) else { return false }
                    groups += 2
                    continue
                }
                guard !piece.isEmpty, piece.count <= 4, piece.allSatisfy(\.isHexDigit) else { return false }
                groups += 1
            }
        }
        return halves.count == 2 ? groups <= 7 : groups == 8
    }
}

extension Substring {
    fileprivate func components(separatedBy separator: String) -> [Substring] {
        var out: [Substring] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            out.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        out.append(rest)
        return out
    }
}
