/// The wrapper objects whose array member holds the records.
package enum WrapperKind: Sendable, Hashable {
    /// `Records` (CloudTrail), `records` (Azure), `value` (Graph, Azure REST), `items`.
    case records
    /// `Events` of `aws cloudtrail lookup-events`; each element's `CloudTrailEvent` string is the record.
    case lookupEvents
    /// `events` of `aws logs filter-log-events`; each element's `message` string is the record.
    case cloudWatch

    /// The container reported for records found in this wrapper.
    package var container: ContainerFormat {
        switch self {
        case .records: .wrapper
        case .lookupEvents: .lookupEvents
        case .cloudWatch: .cloudWatchEvents
        }
    }

    /// The wrapper named by a top-level key, given as the key's raw bytes.
    /// - Returns: the kind and whether the key is unambiguous (`Records`, `records`, `Events`);
    ///   ambiguous keys (`value`, `items`, `events`) are a wrapper only when the array holds objects.
    package static func classify(_ key: UnsafeBufferPointer<UInt8>) -> (kind: WrapperKind, strong: Bool)? {
        switch key.count {
        case 5:
            if equal(key, "items") { return (.records, false) }
            if equal(key, "value") { return (.records, false) }
        case 6:
            if equal(key, "Events") { return (.lookupEvents, true) }
            if equal(key, "events") { return (.cloudWatch, false) }
        case 7:
            if equal(key, "Records") || equal(key, "records") { return (.records, true) }
        default:
            break
        }
        return nil
    }

    /// True when `key` spells a CloudTrail digest file's fingerprint key.
    package static func isDigestKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        key.count == 26 && equal(key, "digestPublicKeyFingerprint")
    }

    @inline(__always)
    private static func equal(_ key: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard key.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for k in 0..<key.count where key[k] != p[k] { return false }
        return true
    }
}
