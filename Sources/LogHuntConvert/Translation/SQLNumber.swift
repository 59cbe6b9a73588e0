/// Number and LIKE-pattern text for SQL.
enum SQLNumber {
    /// A double as a SQL literal (integers without a fraction, others in E notation).
    static func text(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "CAST(\(d) AS DOUBLE)"
    }

    /// Escapes `\`, `%` and `_` for a LIKE pattern with `\` as the escape character.
    static func escapeLike(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if c == "\\" || c == "%" || c == "_" { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out
    }
}
