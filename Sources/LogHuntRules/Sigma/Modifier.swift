/// A Sigma value modifier (`field|contains|all`), SIGMA.md §1.7. Applied left to right.
package enum Modifier: String, Sendable, Hashable, CaseIterable {
    case contains
    case startswith
    case endswith
    /// The value list is AND-ed instead of OR-ed.
    case all
    /// The value is a regular expression (case-sensitive unless `i`).
    case re
    /// `re` flag: ignore case (also spelled `ignorecase`).
    case reIgnoreCase = "i"
    /// `re` flag: `^`/`$` match at line breaks (also spelled `multiline`).
    case reMultiline = "m"
    /// `re` flag: `.` matches a newline (also spelled `dotall`).
    case reDotAll = "s"
    /// IPv4 or IPv6 network in CIDR notation.
    case cidr
    case base64
    case base64offset
    /// UTF-16 little endian (also spelled `wide`).
    case utf16le
    case utf16be
    /// UTF-16 little endian with a byte order mark.
    case utf16
    /// Dashes also match `/`, en dash, em dash and horizontal bar.
    case windash
    /// Presence test; the value is a boolean.
    case exists
    /// The value names another field of the same event.
    case fieldref
    case gt
    case gte
    case lt
    case lte
    /// Not equal: the negation of the whole item.
    case neq
    /// `%name%` in the value is a placeholder.
    case expand
    /// Case-sensitive string matching.
    case cased
    case minute
    case hour
    case day
    case week
    case month
    case year

    /// Reads a modifier name, accepting the long aliases (`ignorecase`, `multiline`,
    /// `dotall`, `wide`). Names are matched exactly (Sigma modifiers are lowercase).
    package init?(name: String) {
        switch name {
        case "ignorecase": self = .reIgnoreCase
        case "multiline": self = .reMultiline
        case "dotall": self = .reDotAll
        case "wide": self = .utf16le
        default:
            guard let m = Modifier(rawValue: name) else { return nil }
            self = m
        }
    }

    /// The canonical spelling.
    package var name: String { rawValue }

    /// True for `i`, `m`, `s`.
    package var isRegexFlag: Bool { self == .reIgnoreCase || self == .reMultiline || self == .reDotAll }

    /// True for `gt`, `gte`, `lt`, `lte`.
    package var isComparison: Bool { self == .gt || self == .gte || self == .lt || self == .lte }

    /// True for the time-part modifiers (`minute` … `year`).
    package var isTimePart: Bool {
        switch self {
        case .minute, .hour, .day, .week, .month, .year: true
        default: false
        }
    }

    /// True for `base64`, `base64offset` and the UTF-16 encodings.
    package var isEncoding: Bool {
        switch self {
        case .base64, .base64offset, .utf16le, .utf16be, .utf16: true
        default: false
        }
    }
}
