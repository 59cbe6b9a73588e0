import LogHuntCore
import LogHuntEngine
import LogHuntNormalize

/// Stable identities of findings for SARIF `partialFingerprints`.
///
/// Built from what identifies the finding and does not move between exports: the rule id, the
/// provider, the event's own id (`event.id`: CloudTrail `eventID`, GitHub `_document_id`, GCP
/// `insertId`, CircleCI `id`) and the canonical raw record (keys sorted, compact), hashed together with SHA-256.
/// Never from file paths or line numbers, which change when an export is re-cut.
///
/// The raw hash is part of the key even when the event has an id: real exports reuse ids for
/// different records (the Entra sample in ../shared/realdata has five sign-ins sharing one
/// `properties.id`), and a fingerprint must be unique per (rule, event). A record delivered
/// twice byte for byte is one event and gets one fingerprint.
package enum Fingerprint {
    /// The `partialFingerprints` key for loghunt's own fingerprint.
    package static let key = "loghunt/event/v1"

    /// The hex SHA-256 identity of a finding.
    /// - Parameter finding: the finding.
    /// - Returns: 64 hex digits.
    package static func of(_ finding: Finding) -> String {
        var material: [UInt8] = Array("loghunt/v1".utf8)
        func add(_ s: String) {
            material.append(0)
            material.append(contentsOf: s.utf8)
        }
        add(finding.rule.id)
        if let e = finding.event {
            add(e.provider.rawValue)
            add("id:" + (e.fields[.eventID] ?? ""))
            let canonical = RawRecord.canonical(e.raw)
            add("raw:" + String(canonical.count))
            material.append(0)
            material.append(contentsOf: canonical)
        } else {
            add("-")
            add("time:" + String(finding.timestamp?.nanoseconds ?? 0))
        }
        if let c = finding.correlation {
            add(c.type)
            add(JSONValue.object(c.group).serialized())
            add(c.newValue ?? "")
            add(c.windowStart.map { String($0.nanoseconds) } ?? "")
        }
        return SHA256.hex(material)
    }

    /// GitHub's `primaryLocationLineHash`: the first 16 hex digits and `:1`.
    package static func primaryLocationLineHash(_ fingerprint: String) -> String {
        String(fingerprint.prefix(16)) + ":1"
    }
}
