import LogHuntCore
import LogHuntRegex

/// What a predicate checks about a field's value(s). A field with several values (an array, or a
/// path through an array) matches when any value does; an object matches when any nested string
/// leaf does.
package enum ValueTest: Sendable {
    /// A Sigma string value (plain, wildcards, contains/startswith/endswith, encodings).
    case string(WildcardPattern)
    /// One of several plain values, ignoring case (the optimiser's OR-of-equals rewrite).
    case literalSet(LiteralSet)
    /// `|re` (unanchored search).
    case regex(PCRE2Pattern)
    /// A YAML number: equal by value to a JSON number or a numeric string.
    case number(Double, text: String)
    /// A YAML boolean: JSON `true`/`false` or the strings `"true"`/`"false"` (any case).
    case bool(Bool)
    /// YAML null: the field is missing or JSON null.
    case null
    /// `|exists`: presence (any value, even null or empty) when true; absence when false.
    case exists(Bool)
    /// `|gt` and friends against a number.
    case compare(ComparisonOperator, Double)
    /// `|gt` and friends against an ISO-8601 date or date-time (loghunt extension).
    case compareTime(ComparisonOperator, Timestamp)
    /// `|minute` … `|year`: that part of a date-time field (in UTC) equals the number, or
    /// compares with it when a comparison modifier follows (`|hour|gte: 20`).
    case timePart(TimePart, ComparisonOperator?, Int)
    /// `|cidr`.
    case cidr(IPNetwork)
    /// Any of several networks (the optimiser's OR-of-`|cidr` rewrite, e.g. an expanded
    /// address-range list): the address is parsed once, not once per network.
    case cidrSet(IPNetworkSet)
    /// `|fieldref`: the field equals (or starts with, ends with, contains) another field.
    case fieldRef(FieldRef, FieldRefMode, caseSensitive: Bool)

    /// Rough relative cost of one check, for cheapest-first ordering.
    package var cost: Int {
        switch self {
        case .exists, .null, .bool: 1
        case .number, .compare, .literalSet: 2
        case .string(let p): p.isPlain ? 2 : (p.parts.count <= 3 ? 3 : 5)
        case .cidr, .cidrSet, .compareTime, .timePart: 6
        case .fieldRef: 8
        case .regex: 20
        }
    }
}

/// `gt`, `gte`, `lt`, `lte`.
package enum ComparisonOperator: String, Sendable, Hashable {
    /// Greater than, greater or equal, less than, less or equal.
    case gt, gte, lt, lte

    /// Applies the comparison `lhs op rhs`.
    /// - Parameters:
    ///   - lhs: the field's value.
    ///   - rhs: the rule's value.
    /// - Returns: the result.
    @inline(__always)
    package func holds<T: Comparable>(_ lhs: T, _ rhs: T) -> Bool {
        switch self {
        case .gt: lhs > rhs
        case .gte: lhs >= rhs
        case .lt: lhs < rhs
        case .lte: lhs <= rhs
        }
    }
}

/// The Sigma v2.1 time-part modifiers.
package enum TimePart: String, Sendable, Hashable {
    /// Minute (0–59), hour (0–23), day of month (1–31), ISO week (1–53), month (1–12), year.
    case minute, hour, day, week, month, year

    /// The part of `t` (UTC; `week` is the ISO week).
    /// - Parameter t: the instant.
    /// - Returns: the part's value.
    package func value(of t: Timestamp) -> Int {
        let c = t.components
        switch self {
        case .minute: return c.minute
        case .hour: return c.hour
        case .day: return c.day
        case .week: return c.isoWeek
        case .month: return c.month
        case .year: return c.year
        }
    }
}

/// How `|fieldref` compares the two fields.
package enum FieldRefMode: String, Sendable, Hashable {
    /// Plain, `startswith`, `endswith`, `contains`.
    case equals, startsWith, endsWith, contains
}

/// A test on one field.
package struct Predicate: Sendable {
    /// The field.
    package var field: FieldRef
    /// The test.
    package var test: ValueTest

    /// Creates a predicate.
    /// - Parameters:
    ///   - field: the field.
    ///   - test: the test.
    package init(field: FieldRef, test: ValueTest) {
        self.field = field
        self.test = test
    }
}
