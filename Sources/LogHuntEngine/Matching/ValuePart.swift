/// One piece of a Sigma string value after escape processing: literal bytes, `*` (any run,
/// including empty) or `?` (exactly one character).
package enum ValuePart: Sendable, Hashable {
    /// Literal UTF-8 bytes (after an encoding modifier they may be any bytes).
    case literal([UInt8])
    /// `*`: any run of characters, including none.
    case anyRun
    /// `?`: exactly one character.
    case anyChar

    /// True for `*` and `?`.
    package var isWildcard: Bool {
        switch self {
        case .literal: false
        case .anyRun, .anyChar: true
        }
    }
}

extension [ValuePart] {
    /// Adjacent literals merged, runs of `*` collapsed, empty literals dropped.
    package var normalised: [ValuePart] {
        var out: [ValuePart] = []
        for part in self {
            switch (part, out.last) {
            case (.literal(let b), _) where b.isEmpty: continue
            case (.literal(let b), .literal(let a)?):
                out[out.count - 1] = .literal(a + b)
            case (.anyRun, .anyRun?): continue
            default: out.append(part)
            }
        }
        return out
    }

    /// True when some part is a wildcard.
    package var hasWildcards: Bool { contains { $0.isWildcard } }

    /// The literal bytes when the value has no wildcards, else nil.
    package var plainBytes: [UInt8]? {
        var out: [UInt8] = []
        for part in self {
            guard case .literal(let b) = part else { return nil }
            out += b
        }
        return out
    }

    /// A readable form (`*` and `?` for wildcards, literal `*`/`?`/`\` escaped) for messages and docs.
    package var sigmaText: String {
        var out = ""
        for part in self {
            switch part {
            case .anyRun: out += "*"
            case .anyChar: out += "?"
            case .literal(let b):
                for ch in String(decoding: b, as: UTF8.self) {
                    if ch == "*" || ch == "?" || ch == "\\" { out.append("\\") }
                    out.append(ch)
                }
            }
        }
        return out
    }
}
