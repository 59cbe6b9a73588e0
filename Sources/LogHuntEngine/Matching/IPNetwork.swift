/// An IPv4 or IPv6 network for `|cidr`, parsed once. A bare address is a single host
/// (`/32` or `/128`). An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) in an event matches IPv4 networks.
package struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// An address as 128 bits; IPv4 addresses use the low 32 bits with `isV4` set.
    package struct Address: Sendable, Hashable {
        /// The upper 64 bits (0 for IPv4).
        package var high: UInt64
        /// The lower 64 bits (the address for IPv4).
        package var low: UInt64
        /// True for an IPv4 address.
        package var isV4: Bool
    }

    /// The network address (host bits cleared).
    package let address: Address
    /// Prefix length (0–32 for IPv4, 0–128 for IPv6).
    package let prefix: Int
    /// The text it was parsed from.
    package let text: String

    /// Parses `a.b.c.d/n`, `x:y::z/n` or a bare address.
    /// - Parameter text: the CIDR text.
    /// - Returns: nil when it is not a valid network.
    package init?(_ text: String) {
        var copy = text
        // ASCII text (every rule's and list's network): bytes are characters, so trimming the
        // spaces and splitting at the slash byte by byte gives what the general path gives,
        // without Character iteration (~9 k instructions a network at start-up).
        let ascii = copy.withUTF8 { $0.allSatisfy { $0 < 0x80 } }
        guard ascii else {
            self.init(generalParsing: text)
            return
        }
        guard let (address, prefix, trimmed) = copy.withUTF8({ IPNetwork.parseASCII($0) }) else { return nil }
        self.init(address: address, prefix: prefix, text: trimmed)
    }

    private init(address: Address, prefix: Int, text: String) {
        self.address = address
        self.prefix = prefix
        self.text = text
    }

    /// `init?(_:)` for ASCII text: the network address, the prefix and the trimmed text.
    private static func parseASCII(_ u: UnsafeBufferPointer<UInt8>) -> (Address, Int, String)? {
        var lo = 0
        var hi = u.count
        while lo < hi, u[lo] == 0x20 { lo += 1 }
        while hi > lo, u[hi - 1] == 0x20 { hi -= 1 }
        var slash = -1
        for i in lo..<hi where u[i] == 0x2F {
            guard slash < 0 else { return nil }
            slash = i
        }
        let end = slash < 0 ? hi : slash
        guard let addr = parseAddress(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: u[lo..<end]))) else {
            return nil
        }
        let maxPrefix = addr.isV4 ? 32 : 128
        var prefix = maxPrefix
        if slash >= 0 {
            // `Int(_:)` as the general path reads it (a sign is accepted).
            guard let p = Int(String(decoding: UnsafeBufferPointer(rebasing: u[(slash + 1)..<hi]), as: UTF8.self)),
                (0...maxPrefix).contains(p)
            else { return nil }
            prefix = p
        }
        return (mask(addr, prefix), prefix, String(decoding: UnsafeBufferPointer(rebasing: u[lo..<hi]), as: UTF8.self))
    }

    /// `init?(_:)` through `Character`s: the definition the ASCII path follows, and the path
    /// for text with other characters.
    package init?(generalParsing text: String) {
        let trimmed = text.trimmingCharacters(in: " ")
        let pieces = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 1 || pieces.count == 2 else { return nil }
        guard let addr = IPNetwork.parseAddress(Array(pieces[0].utf8)) else { return nil }
        let maxPrefix = addr.isV4 ? 32 : 128
        var prefix = maxPrefix
        if pieces.count == 2 {
            guard let p = Int(pieces[1]), (0...maxPrefix).contains(p), pieces[1].allSatisfy(\.isASCII) else {
                return nil
            }
            prefix = p
        }
        self.prefix = prefix
        self.address = IPNetwork.mask(addr, prefix)
        self.text = trimmed
    }

    package var description: String { text }

    /// True when `subject` (address text from an event) lies in this network.
    /// - Parameter subject: UTF-8 text of an address.
    /// - Returns: membership; false for anything that is not an address.
    package func contains(_ subject: UnsafeRawBufferPointer) -> Bool {
        guard subject.count >= 2, subject.count <= 64 else { return false }
        guard let a = IPNetwork.parseAddress(subject) else { return false }
        return contains(address: a)
    }

    /// True when the already parsed event address lies in this network (an IPv4-mapped IPv6
    /// address counts as IPv4).
    /// - Parameter address: an address parsed with `parseAddress`.
    /// - Returns: membership.
    @inline(__always)
    package func contains(address parsed: Address) -> Bool {
        var a = parsed
        if address.isV4, !a.isV4 {
            // ::ffff:a.b.c.d
            guard a.high == 0, a.low >> 32 == 0xFFFF else { return false }
            a = Address(high: 0, low: a.low & 0xFFFF_FFFF, isV4: true)
        }
        guard a.isV4 == address.isV4 else { return false }
        return IPNetwork.mask(a, prefix) == address
    }

    private static func mask(_ a: Address, _ prefix: Int) -> Address {
        if a.isV4 {
            let m: UInt64 = prefix == 0 ? 0 : (0xFFFF_FFFF << UInt64(32 - prefix)) & 0xFFFF_FFFF
            return Address(high: 0, low: a.low & m, isV4: true)
        }
        let hm: UInt64 = prefix >= 64 ? ~0 : (prefix == 0 ? 0 : ~0 << UInt64(64 - prefix))
        let lm: UInt64 = prefix <= 64 ? 0 : (prefix >= 128 ? ~0 : ~0 << UInt64(128 - prefix))
        return Address(high: a.high & hm, low: a.low & lm, isV4: false)
    }

    /// Parses an IPv4 or IPv6 address (an IPv6 zone `%eth0` is ignored).
    /// - Parameter b: ASCII bytes.
    /// - Returns: the address, or nil.
    package static func parseAddress(_ b: [UInt8]) -> Address? {
        b.withUnsafeBytes { parseAddress($0) }
    }

    /// Parses an IPv4 or IPv6 address (an IPv6 zone `%eth0` is ignored) without allocating.
    /// - Parameter raw: ASCII bytes.
    /// - Returns: the address, or nil.
    package static func parseAddress(_ raw: UnsafeRawBufferPointer) -> Address? {
        var bytes = raw
        if let pct = bytes.firstIndex(of: 0x25) { bytes = UnsafeRawBufferPointer(rebasing: bytes[..<pct]) }
        if bytes.contains(0x3A) { return parseV6(bytes) }
        guard let v4 = parseV4(bytes) else { return nil }
        return Address(high: 0, low: UInt64(v4), isV4: true)
    }

    private static func parseV4(_ b: UnsafeRawBufferPointer) -> UInt32? {
        var value: UInt32 = 0
        var octets = 0
        var current = -1
        var digits = 0
        for c in b {
            if c == 0x2E {
                guard current >= 0, octets < 3 else { return nil }
                value = value << 8 | UInt32(current)
                octets += 1
                current = -1
                digits = 0
            } else if c >= 0x30, c <= 0x39 {
                digits += 1
                guard digits <= 3 else { return nil }
                current = (current < 0 ? 0 : current) * 10 + Int(c - 0x30)
                guard current <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard octets == 3, current >= 0 else { return nil }
        return value << 8 | UInt32(current)
    }

    private static func parseV6(_ b: UnsafeRawBufferPointer) -> Address? {
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 8) { groups in
            parseV6(b, groups)
        }
    }

    private static func parseV6(_ b: UnsafeRawBufferPointer, _ groups: UnsafeMutableBufferPointer<UInt16>) -> Address? {
        var count = 0
        var gapAt: Int?
        var i = 0
        let n = b.count
        if n >= 2, b[0] == 0x3A, b[1] == 0x3A {
            gapAt = 0
            i = 2
            if i == n { return Address(high: 0, low: 0, isV4: false) }
        } else if n >= 1, b[0] == 0x3A {
            return nil
        }
        while i < n {
            // Embedded IPv4 tail.
            var j = i
            while j < n, b[j] != 0x3A { j += 1 }
            let piece = UnsafeRawBufferPointer(rebasing: b[i..<j])
            if j == n, piece.contains(0x2E) {
                guard let v4 = parseV4(piece), count <= 6 else { return nil }
                groups[count] = UInt16(v4 >> 16)
                groups[count + 1] = UInt16(v4 & 0xFFFF)
                count += 2
                i = j
                break
            }
            guard !piece.isEmpty, piece.count <= 4 else { return nil }
            var g: UInt16 = 0
            for c in piece {
                let d: UInt16
                switch c {
                case 0x30...0x39: d = UInt16(c - 0x30)
                case 0x41...0x46: d = UInt16(c - 0x41 + 10)
                case 0x61...0x66: d = UInt16(c - 0x61 + 10)
                default: return nil
                }
                g = g << 4 | d
            }
            guard count < 8 else { return nil }
            groups[count] = g
            count += 1
            i = j
            if i < n {
                // At a colon.
                if i + 1 < n, b[i + 1] == 0x3A {
                    guard gapAt == nil else { return nil }
                    gapAt = count
                    i += 2
                } else {
                    i += 1
                    guard i < n else { return nil }
                }
            }
        }
        if let gap = gapAt {
            guard count < 8 else { return nil }
            let zeros = 8 - count
            var k = count - 1
            while k >= gap {
                groups[k + zeros] = groups[k]
                k -= 1
            }
            for z in gap..<(gap + zeros) { groups[z] = 0 }
            count = 8
        }
        guard count == 8 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for k in 0..<4 { high = high << 16 | UInt64(groups[k]) }
        for k in 4..<8 { low = low << 16 | UInt64(groups[k]) }
        return Address(high: high, low: low, isV4: false)
    }
}
