import LogHuntCore
import LogHuntIngest

/// The Normalize stage: turns a `Record` into an `Event` (provider, Sigma service, time and
/// ECS fields), keeping the raw record for rules that name source fields.
///
/// A pure function over values: it never fails and never does I/O (an optional
/// `GeoEnricher` reads its already-open database). Safe to share across worker threads.
package struct Normalizer: Sendable {
    /// Fills `source.geo.*` and `source.as.*` from `source.ip` where the source did not.
    package let enricher: (any GeoEnricher)?
    /// The ECS fields to fill (`.all` by default). A hunt asks only for the fields its rules
    /// read and completes the few events it reports with `completed(_:)`; each wanted field
    /// gets the same value as under full normalisation.
    /// (The union over providers.)
    package let wanted: ECSFieldSet
    /// Per `Provider.ordinal`: the fields to fill on that provider's events (each closed under
    /// mapping). A hunt's GitHub rules read raw fields where its CloudTrail rules read ECS
    /// ones; filling every field any rule reads on every event made a `String` per field that
    /// no rule of the event's provider looks at.
    private let byProvider: [ECSFieldSet]

    /// Creates a normaliser.
    /// - Parameters:
    ///   - enricher: offline GeoIP lookups, or nil for none.
    ///   - wanted: the ECS fields to fill.
    package init(enricher: (any GeoEnricher)? = nil, wanted: ECSFieldSet = .all) {
        self.init(enricher: enricher, byProvider: Array(repeating: wanted, count: Provider.allCases.count))
    }

    private init(enricher: (any GeoEnricher)?, byProvider: [ECSFieldSet]) {
        self.enricher = enricher
        let closed = byProvider.map { $0 == .all ? .all : $0.closedUnderMapping }
        self.byProvider = closed
        self.wanted = closed.reduce(into: ECSFieldSet.none) { $0.formUnion($1) }
    }

    /// The normaliser one worker thread uses: the same mapping, the enricher's per-worker form.
    /// - Returns: the worker's normaliser.
    package func forWorker() -> Normalizer { Normalizer(enricher: enricher?.forWorker(), byProvider: byProvider) }

    /// This normaliser filling only `fields` (and what they depend on).
    /// - Parameter fields: the ECS fields to fill.
    /// - Returns: the normaliser.
    package func wanting(_ fields: ECSFieldSet) -> Normalizer { Normalizer(enricher: enricher, wanted: fields) }

    /// This normaliser filling, on each provider's events, only the fields `fields` gives for
    /// it (and what they depend on).
    /// - Parameter fields: the fields per provider.
    /// - Returns: the normaliser.
    package func wanting(_ fields: (Provider) -> ECSFieldSet) -> Normalizer {
        Normalizer(enricher: enricher, byProvider: Provider.allCases.map(fields))
    }

    /// The fields this normaliser fills on `provider`'s events.
    /// - Parameter provider: a provider.
    /// - Returns: the fields.
    package func wanted(for provider: Provider) -> ECSFieldSet { byProvider[provider.ordinal] }

    /// `event` with every ECS field mapped (itself when it already is): for the events that are
    /// reported after a hunt normalised them for its rules only.
    /// - Parameter event: an event this or another normaliser produced.
    /// - Returns: the event with all fields.
    package func completed(_ event: Event) -> Event {
        guard event.mapped != .all, !event.raw.nodes.isEmpty else { return event }
        // `event.raw` is already the embedded record where there was one.
        return map(event.raw, location: event.location, wanted: .all)
    }

    /// Normalises one record. Unknown shapes give an `.unknown` event (hunted by rules
    /// without a product) with whatever time it carries.
    /// - Parameter record: the record.
    /// - Returns: the event. For a `lookup-events` element or a CloudWatch Logs event the raw
    ///   record is the embedded CloudTrail record (`CloudTrailEvent` / `message`), parsed.
    package func normalize(_ record: Record) -> Event {
        normalize(document: record.document, location: record.location)
    }

    /// Normalises one parsed record.
    /// - Parameters:
    ///   - document: the record.
    ///   - location: where it came from.
    /// - Returns: the event.
    package func normalize(document: JSONDocument, location: SourceLocation) -> Event {
        guard !document.nodes.isEmpty else { return Event(location: location, raw: document, provider: .unknown) }
        // One member index of the root object serves the wrapper check, the detector and the mapping.
        let rootMembers = RecordView.memberIndex(document, document.root)
        if let inner = Normalizer.embeddedRecord(in: document, rootMembers: rootMembers) {
            return map(inner, location: location, wanted: nil)
        }
        return map(document, location: location, wanted: nil, rootMembers: rootMembers)
    }

    /// Detects the provider of `raw` (no longer a wrapper) and maps the `wanted` fields (nil:
    /// the ones this normaliser fills for the detected provider).
    /// - Parameter rootMembers: `RecordView.memberIndex` of `raw`'s root, when already built.
    private func map(
        _ raw: JSONDocument, location: SourceLocation, wanted asked: ECSFieldSet?, rootMembers known: [UInt64]? = nil
    ) -> Event {
        // One member index of the root object serves the detector's and the mapping's lookups.
        let rootMembers = known ?? (raw.nodes.isEmpty ? [] : RecordView.memberIndex(raw, raw.root))
        let detection = ProviderDetector.detect(raw, rootMembers: rootMembers)
        let wanted = asked ?? byProvider[detection.provider.ordinal]
        let members = detection.base == raw.root ? rootMembers : []
        var mapping: FieldMapping
        switch detection.provider {
        case .github:
            mapping = GitHub.map(RecordView(raw, base: detection.base, members: members), wanted: wanted)
        case .circleci:
            mapping = CircleCI.map(
                RecordView(raw, caseInsensitive: detection.caseInsensitive, members: members), wanted: wanted)
        case .aws:
            mapping = CloudTrail.map(
                RecordView(raw, caseInsensitive: detection.caseInsensitive, members: members), wanted: wanted)
        case .gcp:
            mapping = GCPAudit.map(
                RecordView(raw, base: detection.base, caseInsensitive: true, members: members), wanted: wanted)
        case .azure:
            let view = RecordView(raw, caseInsensitive: true, members: members)
            mapping =
                detection.service == "auditlogs"
                ? AzureActivity.mapAuditLog(view, wanted: wanted) : AzureActivity.map(view, wanted: wanted)
        case .entra:
            mapping = EntraSignIn.map(RecordView(raw, caseInsensitive: true, members: members), wanted: wanted)
        case .unknown:
            mapping = Normalizer.mapUnknown(RecordView(raw), wanted: wanted)
        }
        // Panther's copy of the event time, for re-serialised records that lost theirs.
        if mapping.timestamp == nil {
            mapping.setTimestamp(RecordView(raw).timestamp(of: RecordView(raw).node("p_event_time")))
        }
        if let enricher, mapping.wants(.country), let ip = mapping.fields[.sourceIP],
            mapping.fields[.country] == nil || mapping.fields[.asNumber] == nil, let geo = enricher.locate(ip)
        {
            mapping.set(.country, geo.countryISOCode)
            mapping.set(.city, geo.cityName)
            mapping.set(.asNumber, geo.asNumber.map { String($0) })
            mapping.set(.asOrganization, geo.asOrganization)
        }
        return Event(
            location: location, raw: raw, provider: detection.provider, service: detection.service,
            timestamp: mapping.timestamp, fields: mapping.fields, mapped: mapping.wanted, rootMembers: rootMembers)
    }

    /// The record embedded as JSON text in a wrapper element: `lookup-events`
    /// (`{"CloudTrailEvent": "<json>"}`), CloudWatch Logs (`{"logStreamName", "message": "<json>"}`)
    /// or a GCP Pub/Sub push body (`{"message": {"data": "<base64 json>"}, "subscription"}`).
    /// - Parameter document: the outer record.
    /// - Returns: the parsed inner record, or nil when there is none (or it is not a JSON object).
    package static func embeddedRecord(in document: JSONDocument) -> JSONDocument? {
        embeddedRecord(in: document, rootMembers: [])
    }

    /// `embeddedRecord(in:)` with the root's member index (`RecordView.memberIndex`) built.
    static func embeddedRecord(in document: JSONDocument, rootMembers: [UInt64]) -> JSONDocument? {
        guard !document.nodes.isEmpty, document.isObject(document.root) else { return nil }
        let v = RecordView(document, members: rootMembers)
        var inner = v.node("CloudTrailEvent")
        // One lookup of `message` for both wrappers (most records have none).
        let message = inner == nil ? v.node("message") : nil
        if inner == nil, let message, v.node("logStreamName") != nil || v.node("ingestionTime") != nil {
            inner = message
        }
        var base64 = false
        if inner == nil, let message, v.isObject(message),
            v.node("subscription") != nil || v.member(message, "messageId") != nil
        {
            // GCP Pub/Sub push body: the LogEntry is base64 in `message.data`.
            inner = v.member(message, "data")
            base64 = true
        }
        guard let inner, v.kind(inner) == .string else { return nil }
        var bytes = document.withStringBytes(inner) { Array($0) }
        if base64 {
            guard let decoded = Base64.decode(bytes) else { return nil }
            bytes = decoded
        }
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == 0x7B,
            let parsed = try? JSONParser.parse(bytes), parsed.isObject(parsed.root)
        else { return nil }
        return parsed
    }

    /// An unknown record still gets a time when it has a usual time field.
    private static func mapUnknown(_ r: RecordView, wanted: ECSFieldSet) -> FieldMapping {
        var m = FieldMapping(wanted: wanted)
        m.setTimestamp(
            r.firstTimestamp(r.node("@timestamp"), r.node("timestamp"), r.node("time"), r.node("eventTime"))
                ?? r.firstTimestamp(r.node("TimeGenerated"), r.node("createdDateTime"), r.node("created_at")))
        return m
    }
}
