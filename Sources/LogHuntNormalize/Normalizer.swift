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

    /// Creates a normaliser.
    /// - Parameter enricher: offline GeoIP lookups, or nil for none.
    package init(enricher: (any GeoEnricher)? = nil) {
        self.enricher = enricher
    }

    /// The normaliser one worker thread uses: the same mapping, the enricher's per-worker form.
    /// - Returns: the worker's normaliser.
    package func forWorker() -> Normalizer { Normalizer(enricher: enricher?.forWorker()) }

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
        let raw = Normalizer.embeddedRecord(in: document) ?? document
        // One member index of the root object serves the detector's and the mapping's lookups.
        let rootMembers = raw.nodes.isEmpty ? [] : RecordView.memberIndex(raw, raw.root)
        let detection = ProviderDetector.detect(raw, rootMembers: rootMembers)
        let members = detection.base == raw.root ? rootMembers : []
        var mapping: FieldMapping
        switch detection.provider {
        case .github:
            mapping = GitHub.map(RecordView(raw, base: detection.base, members: members))
        case .circleci:
            mapping = CircleCI.map(RecordView(raw, caseInsensitive: detection.caseInsensitive, members: members))
        case .aws:
            mapping = CloudTrail.map(RecordView(raw, caseInsensitive: detection.caseInsensitive, members: members))
        case .gcp:
            mapping = GCPAudit.map(RecordView(raw, base: detection.base, caseInsensitive: true, members: members))
        case .azure:
            let view = RecordView(raw, caseInsensitive: true, members: members)
            mapping = detection.service == "auditlogs" ? AzureActivity.mapAuditLog(view) : AzureActivity.map(view)
        case .entra:
            mapping = EntraSignIn.map(RecordView(raw, caseInsensitive: true, members: members))
        case .unknown:
            mapping = Normalizer.mapUnknown(RecordView(raw))
        }
        // Panther's copy of the event time, for re-serialised records that lost theirs.
        if mapping.timestamp == nil {
            mapping.setTimestamp(RecordView(raw).timestamp(of: RecordView(raw).node("p_event_time")))
        }
        if let enricher, let ip = mapping.fields[.sourceIP],
            mapping.fields[.country] == nil || mapping.fields[.asNumber] == nil, let geo = enricher.locate(ip)
        {
            mapping.set(.country, geo.countryISOCode)
            mapping.set(.city, geo.cityName)
            mapping.set(.asNumber, geo.asNumber.map { String($0) })
            mapping.set(.asOrganization, geo.asOrganization)
        }
        return Event(
            location: location, raw: raw, provider: detection.provider, service: detection.service,
            timestamp: mapping.timestamp, fields: mapping.fields)
    }

    /// The record embedded as JSON text in a wrapper element: `lookup-events`
    /// (`{"CloudTrailEvent": "<json>"}`), CloudWatch Logs (`{"logStreamName", "message": "<json>"}`)
    /// or a GCP Pub/Sub push body (`{"message": {"data": "<base64 json>"}, "subscription"}`).
    /// - Parameter document: the outer record.
    /// - Returns: the parsed inner record, or nil when there is none (or it is not a JSON object).
    package static func embeddedRecord(in document: JSONDocument) -> JSONDocument? {
        guard !document.nodes.isEmpty, document.isObject(document.root) else { return nil }
        let v = RecordView(document)
        var inner = v.node("CloudTrailEvent")
        if inner == nil, let message = v.node("message"),
            v.node("logStreamName") != nil || v.node("ingestionTime") != nil
        {
            inner = message
        }
        var base64 = false
        if inner == nil, let message = v.node("message"), v.isObject(message),
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
    private static func mapUnknown(_ r: RecordView) -> FieldMapping {
        var m = FieldMapping()
        m.setTimestamp(
            r.firstTimestamp(r.node("@timestamp"), r.node("timestamp"), r.node("time"), r.node("eventTime"))
                ?? r.firstTimestamp(r.node("TimeGenerated"), r.node("createdDateTime"), r.node("created_at")))
        return m
    }
}
