import LogHuntCore

/// Builds one document's AST from its YAML nodes, counting the errors it reports.
struct RuleBuilder {
    /// The file named in marks.
    let file: String
    /// Where diagnostics go.
    let sink: any DiagnosticSink
    /// Errors reported for this document.
    var errors = 0

    /// Creates a builder for one document.
    init(file: String, sink: any DiagnosticSink) {
        self.file = file
        self.sink = sink
    }

    // MARK: Diagnostics

    /// Reports an error (the document will be left out).
    mutating func error(_ e: RuleError, at mark: RuleMark) {
        errors += 1
        sink.emit(
            Diagnostic(
                .error, .ruleError, file: mark.file, line: mark.line, column: mark.column, message: e.description))
    }

    /// Reports a warning.
    func warning(_ e: RuleError, at mark: RuleMark) {
        sink.emit(
            Diagnostic(
                .warning, .ruleError, file: mark.file, line: mark.line, column: mark.column, message: e.description))
    }

    /// Reports a warning with a free-form message.
    func warning(_ message: String, at mark: RuleMark) {
        sink.emit(
            Diagnostic(.warning, .ruleError, file: mark.file, line: mark.line, column: mark.column, message: message))
    }

    // MARK: Documents

    /// Top-level keys a detection rule defines (others are custom fields).
    static let detectionRuleKeys: Set<String> = [
        "title", "id", "name", "related", "taxonomy", "status", "description", "license", "author", "references",
        "date", "modified", "logsource", "detection", "fields", "falsepositives", "level", "tags", "scope", "tests",
    ]

    /// Builds the document `root` holds, or nil after reporting why not.
    mutating func document(_ root: YAMLNode) -> RuleDocument? {
        guard case .mapping(let pairs, let mark) = root else {
            error(.notARule, at: root.mark)
            return nil
        }
        if let action = root["action"]?.scalar, root["detection"] == nil {
            error(.invalidValue(action.text, reason: "rule collections ('action:') are not supported"), at: action.mark)
            return nil
        }
        if root["correlation"] != nil { return correlation(root, pairs: pairs, mark: mark) }
        if root["filter"] != nil { return filter(root, pairs: pairs, mark: mark) }
        if root["detection"] != nil || root["logsource"] != nil { return detectionRule(root, pairs: pairs, mark: mark) }
        error(.notARule, at: mark)
        return nil
    }

    /// Builds a detection rule from its document.
    mutating func detectionRule(_ root: YAMLNode, pairs: [YAMLPair], mark: RuleMark) -> RuleDocument? {
        let meta = metadata(root, pairs: pairs, known: RuleBuilder.detectionRuleKeys, mark: mark)
        let source: LogSource
        if let node = root["logsource"] {
            source = logsource(node)
        } else {
            error(.missingKey("logsource", in: "a detection rule"), at: mark)
            source = LogSource(mark: mark)
        }
        guard let node = root["detection"] else {
            error(.missingKey("detection", in: "a detection rule"), at: mark)
            return nil
        }
        guard let detection = detection(node, place: "detection") else { return nil }
        let tests = root["tests"].map { testCases($0) } ?? []
        return .detection(SigmaRule(metadata: meta, logsource: source, detection: detection, tests: tests))
    }

    // MARK: Metadata

    /// The descriptive keys, and every key not in `known` as a custom field.
    mutating func metadata(_ root: YAMLNode, pairs: [YAMLPair], known: Set<String>, mark: RuleMark) -> RuleMetadata {
        var meta = RuleMetadata(title: "", mark: mark)
        if let title = root["title"] {
            meta.title = string(title, key: "title") ?? ""
        } else {
            error(.missingKey("title", in: "the rule"), at: mark)
        }
        meta.id = root["id"].flatMap { string($0, key: "id") }
        meta.name = root["name"].flatMap { string($0, key: "name") }
        if let node = root["status"], let s = string(node, key: "status") {
            if !["stable", "test", "experimental", "deprecated", "unsupported"].contains(s) {
                warning(.unknownStatus(s), at: node.mark)
            }
            meta.status = s
        }
        meta.description = root["description"].flatMap { string($0, key: "description") }
        meta.license = root["license"].flatMap { string($0, key: "license") }
        if let node = root["author"] {
            if case .sequence = node {
                meta.author = stringList(node, key: "author").joined(separator: ", ")
            } else {
                meta.author = string(node, key: "author")
            }
        }
        meta.references = root["references"].map { textList($0, key: "references") } ?? []
        meta.tags = root["tags"].map { stringList($0, key: "tags") } ?? []
        meta.falsePositives = root["falsepositives"].map { textList($0, key: "falsepositives") } ?? []
        meta.fields = root["fields"].map { stringList($0, key: "fields") } ?? []
        meta.scope = root["scope"].map { stringList($0, key: "scope") } ?? []
        meta.taxonomy = root["taxonomy"].flatMap { string($0, key: "taxonomy") }
        meta.date = root["date"].flatMap { date($0, key: "date") }
        meta.modified = root["modified"].flatMap { date($0, key: "modified") }
        if let node = root["level"], let s = string(node, key: "level") {
            if let level = Level(name: s), s == s.lowercased() {
                meta.level = level
            } else {
                error(.unknownLevel(s), at: node.mark)
            }
        }
        if let node = root["related"] {
            meta.related = related(node)
        }
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                error(.wrongType(key: "key", expected: "a string"), at: pair.key.mark)
                continue
            }
            if !known.contains(key) {
                meta.custom.append(CustomField(key: key, value: pair.value.json, mark: pair.key.mark))
            }
        }
        return meta
    }

    /// A date key (kept as text; warned about when it is not ISO-8601).
    mutating func date(_ node: YAMLNode, key: String) -> String? {
        guard let s = string(node, key: key) else { return nil }
        if Timestamp(parsing: s) == nil {
            warning(.invalidDate(s), at: node.mark)
        }
        return s
    }

    /// The `related:` list.
    mutating func related(_ node: YAMLNode) -> [RelatedRule] {
        guard case .sequence(let items, _) = node else {
            error(.wrongType(key: "related", expected: "a list of {id, type}"), at: node.mark)
            return []
        }
        var out: [RelatedRule] = []
        for item in items {
            guard case .mapping = item, let id = item["id"].flatMap({ string($0, key: "related.id") }) else {
                error(.wrongType(key: "related", expected: "a list of {id, type}"), at: item.mark)
                continue
            }
            let type = item["type"].flatMap { string($0, key: "related.type") } ?? ""
            out.append(RelatedRule(id: id, type: type, mark: item.mark))
        }
        return out
    }

    // MARK: Logsource

    /// The `logsource:` mapping (unknown keys kept as extras).
    mutating func logsource(_ node: YAMLNode) -> LogSource {
        guard case .mapping(let pairs, let mark) = node else {
            error(.wrongType(key: "logsource", expected: "a mapping"), at: node.mark)
            return LogSource(mark: node.mark)
        }
        var source = LogSource(mark: mark)
        for pair in pairs {
            guard let key = pair.key.scalar?.text else { continue }
            guard let value = string(pair.value, key: "logsource.\(key)") else { continue }
            switch key {
            case "category": source.category = value
            case "product": source.product = value
            case "service": source.service = value
            case "definition": source.definition = value
            default: source.extra.append(LogSourceKey(key: key, value: value))
            }
        }
        return source
    }

    // MARK: Tests

    /// The `tests:` list.
    mutating func testCases(_ node: YAMLNode) -> [RuleTestCase] {
        guard case .sequence(let items, _) = node else {
            error(.wrongType(key: "tests", expected: "a list of {name, event, match}"), at: node.mark)
            return []
        }
        var out: [RuleTestCase] = []
        for (k, item) in items.enumerated() {
            guard case .mapping(let pairs, let mark) = item else {
                error(.wrongType(key: "tests", expected: "a list of {name, event, match}"), at: item.mark)
                continue
            }
            let name = item["name"].flatMap { string($0, key: "tests.name") } ?? "test \(k + 1)"
            var match: Bool?
            if let m = item["match"] {
                if let s = m.scalar, s.kind == .bool {
                    match = ["true", "yes", "on"].contains(s.text.lowercased())
                } else {
                    error(.wrongType(key: "tests.match", expected: "true or false"), at: m.mark)
                }
            } else {
                error(.missingKey("match", in: "a test case"), at: mark)
            }
            for pair in pairs {
                let key = pair.key.scalar?.text ?? ""
                if !["name", "event", "events", "match", "description"].contains(key) {
                    error(.unknownKey(key, in: "a test case"), at: pair.key.mark)
                }
            }
            if let event = item["event"] {
                guard case .mapping = event else {
                    error(.wrongType(key: "tests.event", expected: "a mapping (the raw record)"), at: event.mark)
                    continue
                }
                if let match { out.append(RuleTestCase(name: name, event: event.json, match: match, mark: mark)) }
            } else if let events = item["events"] {
                guard case .sequence(let list, _) = events, !list.isEmpty else {
                    error(.wrongType(key: "tests.events", expected: "a list of raw records"), at: events.mark)
                    continue
                }
                if let match {
                    out.append(RuleTestCase(name: name, events: list.map(\.json), match: match, mark: mark))
                }
            } else {
                error(.missingKey("event", in: "a test case"), at: mark)
            }
        }
        return out
    }

    // MARK: Scalars

    /// A string-valued key (any non-null scalar, by its text).
    mutating func string(_ node: YAMLNode, key: String) -> String? {
        guard let s = node.scalar, s.kind != .null else {
            if node.isNull { return nil }
            error(.wrongType(key: key, expected: "a string"), at: node.mark)
            return nil
        }
        return s.text
    }

    /// A descriptive list of strings: an item that is not a string (often unquoted text with
    /// `: ` in it, which YAML reads as a mapping) is a warning and kept as its JSON text.
    func textList(_ node: YAMLNode, key: String) -> [String] {
        switch node {
        case .scalar(let s): return s.kind == .null ? [] : [s.text]
        case .sequence(let items, _):
            return items.compactMap { item in
                if let s = item.scalar { return s.kind == .null ? nil : s.text }
                warning(
                    "'\(key)' items should be strings; this one is \(item.kindName) (quote text that contains ': ')",
                    at: item.mark)
                return item.json.serialized()
            }
        case .mapping:
            warning("'\(key)' should be a list of strings", at: node.mark)
            return [node.json.serialized()]
        }
    }

    /// A list of strings (a single scalar counts as a list of one).
    mutating func stringList(_ node: YAMLNode, key: String) -> [String] {
        switch node {
        case .scalar(let s): return s.kind == .null ? [] : [s.text]
        case .sequence(let items, _):
            var out: [String] = []
            for item in items {
                if let s = item.scalar, s.kind != .null {
                    out.append(s.text)
                } else {
                    error(.wrongType(key: key, expected: "a list of strings"), at: item.mark)
                }
            }
            return out
        case .mapping:
            error(.wrongType(key: key, expected: "a list of strings"), at: node.mark)
            return []
        }
    }
}
