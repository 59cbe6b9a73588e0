/// A rule's `logsource`: which events it applies to.
package struct LogSource: Sendable, Hashable {
    /// `category`.
    package var category: String?
    /// `product` (`github`, `circleci`, `aws`, `gcp`, `azure`, …); nil applies to every source.
    package var product: String?
    /// `service` (`cloudtrail`, `gcp.audit`, `signinlogs`, …).
    package var service: String?
    /// Free-text `definition`.
    package var definition: String?
    /// Any other keys, in file order (Sigma allows them).
    package var extra: [LogSourceKey]
    /// Where the `logsource` mapping starts.
    package var mark: RuleMark

    /// Creates a log source.
    package init(
        category: String? = nil, product: String? = nil, service: String? = nil,
        definition: String? = nil, extra: [LogSourceKey] = [], mark: RuleMark
    ) {
        self.category = category
        self.product = product
        self.service = service
        self.definition = definition
        self.extra = extra
        self.mark = mark
    }

    /// `product/service` (or `product`, `category`, `*`), for listings.
    package var summary: String {
        let parts = [product, service, product == nil && service == nil ? category : nil].compactMap { $0 }
        return parts.isEmpty ? "*" : parts.joined(separator: "/")
    }
}

/// An extra `logsource` key and its value as text.
package struct LogSourceKey: Sendable, Hashable {
    /// The key.
    package var key: String
    /// The value's text.
    package var value: String

    /// Creates a key/value pair.
    package init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
