/// Artifact URIs for SARIF: relative, `/`-separated and percent-encoded.
package enum SARIFURI {
    /// The `uriBaseId` of absolute paths outside the base directory; the run declares it as
    /// `file:///` in `originalUriBaseIds`.
    package static let rootBaseID = "ROOT"

    /// The URI of an input file, always relative: relative paths (without `./`) stay relative;
    /// an absolute path under `base` is made relative to it; other absolute paths lose their
    /// leading `/` and are relative to `rootBaseID` (see `baseID(forPath:base:)`); standard
    /// input is `stdin`. Every byte outside RFC 3986's unreserved set and `/` is percent-encoded.
    /// - Parameters:
    ///   - path: the file as given or found.
    ///   - base: the directory relative URIs are taken from (the working directory), if known.
    /// - Returns: the URI.
    package static func uri(forPath path: String, base: String?) -> String {
        if path == "-" { return "stdin" }
        var p = path
        if p.hasPrefix("/") {
            if let base, !base.isEmpty {
                let b = base.hasSuffix("/") ? base : base + "/"
                if p.hasPrefix(b) { p.removeFirst(b.count) }
            }
        }
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.hasPrefix("/") { p.removeFirst() }
        return encode(p)
    }

    /// `rootBaseID` for an absolute path outside `base`, else nil.
    package static func baseID(forPath path: String, base: String?) -> String? {
        guard path.hasPrefix("/") else { return nil }
        if let base, !base.isEmpty, path.hasPrefix(base.hasSuffix("/") ? base : base + "/") { return nil }
        return rootBaseID
    }

    /// Percent-encodes every byte but `A–Z a–z 0–9 - . _ ~ /`.
    package static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E, 0x2F:
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
