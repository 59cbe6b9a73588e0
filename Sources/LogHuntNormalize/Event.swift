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

/// Fixed storage for the ECS fields of one event.
package struct ECSValues: Sendable, Hashable {
    private var storage: [String?]

    /// All fields absent.
    package init() { storage = Array(repeating: nil, count: ECSField.count) }

    /// The value of `field`, or nil when the source did not have it.
    package subscript(field: ECSField) -> String? {
        get { storage[field.index] }
        set { storage[field.index] = newValue.flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// The fields that are present, in declaration order.
    package var present: [(ECSField, String)] {
        ECSField.allCases.compactMap { f in storage[f.index].map { (f, $0) } }
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

    /// Creates an event.
    package init(
        location: SourceLocation, raw: JSONDocument, provider: Provider, service: String? = nil,
        timestamp: Timestamp? = nil, fields: ECSValues = ECSValues()
    ) {
        self.location = location
        self.raw = raw
        self.provider = provider
        self.service = service
        self.timestamp = timestamp
        self.fields = fields
    }
}
