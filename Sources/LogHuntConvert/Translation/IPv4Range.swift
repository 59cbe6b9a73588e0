import LogHuntCore

/// An IPv4 network as an inclusive range of 32-bit address numbers, and the SQL that turns a
/// text into its address number (NULL when the text is not a dotted quad; `::ffff:a.b.c.d`
/// is read as `a.b.c.d`, as the engine does).
struct IPv4Range: Sendable, Hashable {
    /// The first address.
    var low: UInt32
    /// The last address.
    var high: UInt32

    /// Parses `a.b.c.d` or `a.b.c.d/n`.
    /// - Throws: `ConvertError.unsupportedCIDR` for IPv6 or malformed values.
    init(parsing text: String) throws(ConvertError) {
        let trimmed = text.trimmingCharacters(in: " ")
        let pieces = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let address = IPv4Range.parse(pieces[0]) else { throw .unsupportedCIDR(text) }
        var prefix = 32
        if pieces.count == 2 {
            guard let p = Int(pieces[1]), (0...32).contains(p) else { throw .unsupportedCIDR(text) }
            prefix = p
        }
        let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
        low = address & mask
        high = low | ~mask
    }

    private static func parse(_ s: Substring) -> UInt32? {
        let octets = s.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for o in octets {
            guard !o.isEmpty, o.count <= 3, o.allSatisfy({ $0.isASCII && $0.isNumber }), let n = UInt32(o), n <= 255
            else { return nil }
            value = value << 8 | n
        }
        return value
    }

    /// The address number of text `x` (NULL when it is not an IPv4 address).
    static func number(of x: String, dialect: SQLDialect) -> String {
        let t = "(CASE WHEN lower(substr(\(x), 1, 7)) = '::ffff:' THEN substr(\(x), 8) ELSE \(x) END)"
        let parts = dialect.split(t, "\\.")
        let octet = { (i: Int) in dialect.tryBigint(dialect.elementAt(parts, i)) }
        let valid = dialect.regex(t, "^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$")
        let inRange = (1...4).map { "\(octet($0)) <= 255" }.joined(separator: " AND ")
        let sum = "\(octet(1)) * 16777216 + \(octet(2)) * 65536 + \(octet(3)) * 256 + \(octet(4))"
        return "(CASE WHEN \(valid) AND \(inRange) THEN \(sum) END)"
    }
}
