import CByteScan
import LogHuntCore

/// The source family of an event (`event.provider`).
package enum Provider: String, Sendable, Hashable, Codable, CaseIterable {
    case github
    case circleci
    case aws
    case gcp
    case azure
    case entra
    case unknown

    /// Position in `Provider.allCases` (a switch, not a search: it is read for every event; a
    /// test checks it against `allCases`).
    /// Equality by case. Without it `==` resolves to the standard library's generic
    /// `RawRepresentable` operator, which compared the raw strings through protocol witnesses.
    @inline(__always)
    package static func == (a: Provider, b: Provider) -> Bool { a.ordinal == b.ordinal }

    /// Inequality by case (the generic `RawRepresentable` `!=` otherwise).
    @inline(__always)
    package static func != (a: Provider, b: Provider) -> Bool { a.ordinal != b.ordinal }

    package var ordinal: Int {
        switch self {
        case .github: 0
        case .circleci: 1
        case .aws: 2
        case .gcp: 3
        case .azure: 4
        case .entra: 5
        case .unknown: 6
        }
    }

    /// The Sigma `logsource.product` values that select this provider.
    /// Entra sign-in logs are `product: azure` in Sigma (`service: signinlogs`).
    package var sigmaProducts: [String] {
        switch self {
        case .entra: ["azure", "entra"]
        default: [rawValue]
        }
    }

    /// The Sigma `logsource.service` values the detector gives this provider's events, each
    /// with the `event.dataset` the mapping sets for it (how SQL over `loghunt normalize`
    /// output tells services apart).
    package var sigmaServices: [(service: String, dataset: String)] {
        switch self {
        case .github: [("audit", "github.audit")]
        case .circleci: [("audit", "circleci.audit")]
        case .aws: [("cloudtrail", "aws.cloudtrail")]
        case .gcp: [("gcp.audit", "gcp.audit")]
        case .azure: [("activitylogs", "azure.activitylogs"), ("auditlogs", "azure.auditlogs")]
        case .entra: [("signinlogs", "azure.signinlogs")]
        case .unknown: []
        }
    }
}

/// The normalised (ECS) fields loghunt fills. Rules use these dotted names; JSON output
/// nests them (`{"user": {"name": …}}`). `credential.id` and `target.name` are loghunt
/// extensions fixed by the contract.
package enum ECSField: String, Sendable, Hashable, Codable, CaseIterable {
    case timestamp = "@timestamp"
    case provider = "event.provider"
    case action = "event.action"
    case outcome = "event.outcome"
    case eventID = "event.id"
    case dataset = "event.dataset"
    case userName = "user.name"
    case userID = "user.id"
    case userEmail = "user.email"
    case userTargetName = "user.target.name"
    case sourceIP = "source.ip"
    case sourceAddress = "source.address"
    case country = "source.geo.country_iso_code"
    case city = "source.geo.city_name"
    case asNumber = "source.as.number"
    case asOrganization = "source.as.organization.name"
    case userAgent = "user_agent.original"
    case accountID = "cloud.account.id"
    case projectID = "cloud.project.id"
    case region = "cloud.region"
    case serviceName = "cloud.service.name"
    case organizationName = "organization.name"
    case organizationID = "organization.id"
    case credentialID = "credential.id"
    case targetName = "target.name"
    case networkProtocol = "network.protocol"
    case logLevel = "log.level"
    case sourcePort = "source.port"
    case userFullName = "user.full_name"
    case httpRequestID = "http.request.id"
    case cloudProvider = "cloud.provider"
    /// Elastic's name for the GCP `protoPayload.methodName`, which SigmaHQ's GCP rules use.
    case gcpMethodName = "gcp.audit.method_name"

    /// The field for a dotted ECS name, or nil when `name` is not one of loghunt's ECS fields.
    package init?(name: String) { self.init(rawValue: name) }

    /// Position in `ECSField.allCases` (storage index). A switch, not a table: it is read
    /// for every field of every event. `ECSFieldTests` checks it against `allCases`.
    /// Equality by case (as `Provider.==`: not the raw strings through protocol witnesses).
    @inline(__always)
    package static func == (a: ECSField, b: ECSField) -> Bool { a.index == b.index }

    /// Inequality by case (the generic `RawRepresentable` `!=` otherwise).
    @inline(__always)
    package static func != (a: ECSField, b: ECSField) -> Bool { a.index != b.index }

    package var index: Int {
        switch self {
        case .timestamp: 0
        case .provider: 1
        case .action: 2
        case .outcome: 3
        case .eventID: 4
        case .dataset: 5
        case .userName: 6
        case .userID: 7
        case .userEmail: 8
        case .userTargetName: 9
        case .sourceIP: 10
        case .sourceAddress: 11
        case .country: 12
        case .city: 13
        case .asNumber: 14
        case .asOrganization: 15
        case .userAgent: 16
        case .accountID: 17
        case .projectID: 18
        case .region: 19
        case .serviceName: 20
        case .organizationName: 21
        case .organizationID: 22
        case .credentialID: 23
        case .targetName: 24
        case .networkProtocol: 25
        case .logLevel: 26
        case .sourcePort: 27
        case .userFullName: 28
        case .httpRequestID: 29
        case .cloudProvider: 30
        case .gcpMethodName: 31
        }
    }

    /// The number of fields (the storage size).
    package static let count = ECSField.allCases.count
}

/// A set of ECS fields (one bit per field): which fields a hunt's rules read, so that the
/// normaliser fills only those and leaves the rest to `Normalizer.completed(_:)` for the
/// events that are reported.
package struct ECSFieldSet: Sendable, Hashable {
    /// One bit per `ECSField.index`.
    package private(set) var bits: UInt64

    /// Every field.
    package static let all = ECSFieldSet(ECSField.allCases)
    /// No field.
    package static let none = ECSFieldSet([])

    /// The set of `fields`.
    package init<S: Sequence>(_ fields: S) where S.Element == ECSField {
        bits = 0
        for f in fields { bits |= 1 << UInt64(f.index) }
    }

    /// Whether `field` is in the set.
    @inline(__always) package func contains(_ field: ECSField) -> Bool { bits & (1 << UInt64(field.index)) != 0 }

    /// Adds `field`.
    package mutating func insert(_ field: ECSField) { bits |= 1 << UInt64(field.index) }

    /// Adds every field of `other`.
    package mutating func formUnion(_ other: ECSFieldSet) { bits |= other.bits }

    /// The set with the fields the mapping computes together added: a field whose value
    /// depends on another field's (the caller address is parsed into `source.ip`,
    /// `source.port` or `source.address`, whichever it is; GeoIP fills all of `source.geo.*`
    /// and `source.as.*` from `source.ip` when one of them is missing; Azure's `user.email`
    /// comes from `user.name`). With those added, every field in the set gets exactly the
    /// value full normalisation gives it.
    package var closedUnderMapping: ECSFieldSet {
        var out = self
        if out.bits & Self.geo.bits != 0 { out.formUnion(Self.geoAndSource) }
        if out.bits & Self.source.bits != 0 { out.formUnion(Self.source) }
        if out.contains(.userEmail) { out.insert(.userName) }
        return out
    }

    /// The caller-address fields, parsed from one text.
    private static let source = ECSFieldSet([.sourceIP, .sourcePort, .sourceAddress])
    /// The enrichment fields (looked up by `source.ip`).
    private static let geo = ECSFieldSet([.country, .city, .asNumber, .asOrganization])
    /// Both.
    private static let geoAndSource = ECSFieldSet([
        .country, .city, .asNumber, .asOrganization, .sourceIP, .sourcePort, .sourceAddress,
    ])
}

/// The ECS fields of one event: a bit per field that has a value, and the values of those
/// fields alone, in field order. An event carries the few fields its hunt's rules read, so
/// this is one small buffer, not a slot per field to allocate, clear and destroy per event.
package struct ECSValues: Sendable, Hashable {
    /// Bit `ECSField.index` set for each field with a value.
    private var mask: UInt64 = 0
    /// The values, ordered by field index (the value of a field is at the rank of its bit).
    private var values: [String] = []

    /// All fields absent.
    package init() {}

    /// The value of `field`, or nil when the source did not have it. Setting nil or an empty
    /// string removes it.
    package subscript(field: ECSField) -> String? {
        @inline(__always) get {
            let bit: UInt64 = 1 << UInt64(field.index)
            guard mask & bit != 0 else { return nil }
            return values[(mask & (bit &- 1)).nonzeroBitCount]
        }
        set {
            let bit: UInt64 = 1 << UInt64(field.index)
            let rank = (mask & (bit &- 1)).nonzeroBitCount
            let value = newValue.flatMap { $0.isEmpty ? nil : $0 }
            switch (mask & bit != 0, value) {
            case (true, let v?):
                values[rank] = v
            case (true, nil):
                values.remove(at: rank)
                mask &= ~bit
            case (false, let v?):
                // Room for a typical event's fields at the first one: one allocation.
                if values.capacity == 0 { values.reserveCapacity(8) }
                values.insert(v, at: rank)
                mask |= bit
            case (false, nil):
                break
            }
        }
    }

    /// The fields that are present, in declaration order.
    package var present: [(ECSField, String)] {
        ECSField.allCases.compactMap { f in self[f].map { (f, $0) } }
    }
}

/// A normalised event: ECS fields resolved once, plus the untouched raw record.
package struct Event: Sendable {
    /// Where the record came from.
    package var location: SourceLocation
    /// The raw record, unchanged.
    package var raw: JSONDocument
    /// The source family.
    package var provider: Provider
    /// Sigma `logsource.service` of the record (`audit`, `cloudtrail`, `gcp.audit`,
    /// `activitylogs`, `signinlogs`, `auditlogs`), when known.
    package var service: String?
    /// The event's time, when it has one.
    package var timestamp: Timestamp?
    /// The ECS fields.
    package var fields: ECSValues
    /// Which ECS fields were mapped (`.all` unless the normaliser was told that only some
    /// are read; `Normalizer.completed(_:)` maps the rest).
    package var mapped: ECSFieldSet
    /// The normaliser's index of `raw`'s root members (`RecordView.memberIndex`: one packed
    /// word per member), kept so that rules and correlations look root keys up through it as
    /// the mapping did; empty when there is none (small roots, events built by hand).
    package var rootMembers: [UInt64] = []

    /// Creates an event.
    package init(
        location: SourceLocation, raw: JSONDocument, provider: Provider, service: String? = nil,
        timestamp: Timestamp? = nil, fields: ECSValues = ECSValues(), mapped: ECSFieldSet = .all,
        rootMembers: [UInt64] = []
    ) {
        self.location = location
        self.raw = raw
        self.provider = provider
        self.service = service
        self.timestamp = timestamp
        self.fields = fields
        self.mapped = mapped
        self.rootMembers = rootMembers
    }
}

extension Event {
    /// The value node of the root member whose key is `key` through `members` (this event's
    /// `rootMembers`, which must not be empty): the first exact key, else with
    /// `caseInsensitive` the first equal ignoring ASCII case; what a scan of the root finds.
    /// - Parameters:
    ///   - document: the event's raw record.
    ///   - members: its root index.
    ///   - key: the key's UTF-8.
    ///   - caseInsensitive: accept a key equal ignoring ASCII case.
    /// - Returns: the value node, or nil.
    @inline(__always)
    package static func indexedRootMember(
        _ document: JSONDocument, _ members: UnsafeBufferPointer<UInt64>, _ key: UnsafeRawBufferPointer,
        caseInsensitive: Bool
    ) -> Int? {
        RecordView.findIndexed(document, members, key, caseInsensitive)
    }
}

extension Event {
    /// The one node `path` reaches in `raw`, through `rootMembers` (`.some(nil)`: none), as
    /// the path's walk would find it with exact keys; nil when only the walk can tell: no root
    /// index, Azure or Entra (keys compare ignoring case), or an array at the first of two keys
    /// (the walk fans out over its elements). Two keys `a.b`: the flat key `a.b` at the root
    /// first, else `b` in the object at `a` (the longest literal key first, as `FieldPath` and
    /// `CompiledPath` walk).
    @inline(__always)
    package func node(at path: RootKeyPath) -> Int?? {
        guard !rootMembers.isEmpty, provider != .azure, provider != .entra else { return nil }
        // `RecordView.memberIndex` builds root indexes only where the C layout matches.
        let found = rootMembers.withUnsafeBufferPointer { members in
            raw.nodes.withUnsafeBufferPointer { nodes in
                raw.bytes.withUnsafeBufferPointer { bytes in
                    lh_root_path(
                        nodes.baseAddress, bytes.baseAddress, members.baseAddress, Int64(members.count),
                        path.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(path.bytes.count),
                        Int64(path.split ?? -1), path.head, path.splitHead)
                }
            }
        }
        if found >= 0 { return .some(Int(found)) }
        if found == Int64(LH_MEMBER_NONE) { return .some(nil) }
        if found == Int64(LH_MEMBER_WALK) { return nil }
        return swiftNode(at: path)
    }

    /// `node(at:)` in Swift: the definition `lh_root_path` follows, and the answer when a key
    /// has escapes or the index has no table.
    package func swiftNode(at path: RootKeyPath) -> Int?? {
        guard !rootMembers.isEmpty, provider != .azure, provider != .entra else { return nil }
        let doc = raw
        return rootMembers.withUnsafeBufferPointer { members -> Int?? in
            let hit = Event.indexedRootMember(doc, members, path.bytes, caseInsensitive: false)
            guard let split = path.split, hit == nil else { return .some(hit) }
            guard
                let outer = Event.indexedRootMember(
                    doc, members, UnsafeRawBufferPointer(rebasing: path.bytes[0..<split]), caseInsensitive: false)
            else { return .some(nil) }
            switch doc.kind(outer) {
            case .object:
                return doc.member(outer, utf8Key: UnsafeRawBufferPointer(rebasing: path.bytes[(split + 1)...]))
            case .array: return nil
            default: return .some(nil)
            }
        }
    }

    /// Calls `body` with every node `path` reaches in `raw`, as `FieldPath.visit(in:from:caseInsensitive:_:)`
    /// from the root does, looking the root's keys up through `rootMembers` when there is one.
    /// - Parameters:
    ///   - path: the path.
    ///   - caseInsensitive: compare keys ASCII-case-insensitively (exact keys preferred).
    ///   - body: called per node; returns false to stop.
    package func visit(_ path: FieldPath, caseInsensitive: Bool, _ body: (Int) -> Bool) {
        guard !rootMembers.isEmpty else {
            path.visit(in: raw, caseInsensitive: caseInsensitive, body)
            return
        }
        let document = raw
        if path.components.count == 1 {
            // One key: the walk would make exactly this one lookup at the root.
            var key = path.name
            let hit = key.withUTF8 { key in
                rootMembers.withUnsafeBufferPointer {
                    RecordView.findIndexed(document, $0, UnsafeRawBufferPointer(key), caseInsensitive)
                }
            }
            if let hit { _ = body(hit) }
            return
        }
        rootMembers.withUnsafeBufferPointer { members in
            path.visit(
                in: document, caseInsensitive: caseInsensitive,
                rootMember: { RecordView.findIndexed(document, members, $0, caseInsensitive) }, body)
        }
    }
}
