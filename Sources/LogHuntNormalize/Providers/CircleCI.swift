import LogHuntCore
import LogHuntIngest

/// CircleCI audit log (CSV with JSON cells, or streamed JSON/NDJSON).
enum CircleCI {
    /// Fills the ECS fields of a CircleCI audit record. Object cells that are still JSON
    /// text (an undecoded CSV cell) are parsed here.
    /// - Parameters:
    ///   - r: the record.
    ///   - wanted: the fields to fill.
    /// - Returns: the mapped fields.
    static func map(_ r: RecordView, wanted: ECSFieldSet) -> FieldMapping {
        var m = FieldMapping(wanted: wanted)
        m.setTimestamp(r.firstTimestamp(r.node("occurred_at"), r.node("common_fields", "timestamp")))
        m.set(.action, r.text("action"))
        if let success = r.bool(of: r.node("success")) {
            m.setOutcome(success ? .success : .failure)
        } else if let word = r.text("common_fields", "outcome") {
            m.setOutcome(Outcome(resultWord: word))
        } else {
            m.setOutcome(.unknown)
        }
        m.set(.eventID, r.text("id"))
        m.set(.dataset, "circleci.audit")
        let actor = Cell(r, "actor")
        m.set(.userName, actor.text("name"))
        m.set(.userID, actor.text("id"))
        m.set(.targetName, Cell(r, "target").text("name"))
        let organization = Cell(r, "organization")
        let scope = Cell(r, "scope")
        m.set(.organizationName, organization.text("name"))
        m.set(.organizationName, scope.text("name"))
        m.set(.organizationID, organization.text("id"))
        m.set(.organizationID, scope.text("id"))
        let request = Cell(r, "request")
        m.set(.httpRequestID, request.text("id"))
        m.setSource(request.text("ip_address"))
        m.setSource(r.text("common_fields", "source_ip"))
        return m
    }

    /// An object-valued cell: the member object itself, or the object parsed from JSON text.
    private struct Cell {
        let view: RecordView?
        let node: Int?

        init(_ r: RecordView, _ key: String) {
            let n = r.node(key)
            if r.isObject(n) {
                view = r
                node = n
            } else if let text = r.text(of: n), text.hasPrefix("{"),
                let doc = try? JSONParser.parse(Array(text.utf8), maxDepth: 64), doc.isObject(doc.root)
            {
                view = RecordView(doc)
                node = doc.root
            } else {
                view = nil
                node = nil
            }
        }

        func text(_ key: String) -> String? { view?.text(from: node, key) }
    }
}
