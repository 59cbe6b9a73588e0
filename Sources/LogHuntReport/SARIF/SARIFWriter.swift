import LogHuntCore
import LogHuntEngine
import LogHuntNormalize

/// `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF readers.
///
/// One run; `tool.driver` lists every rule that produced a finding; one result per finding with
/// its file and line, a JSON Pointer logical location for the record, and fingerprints that stay
/// the same across runs; one invocation whose notifications carry the input warnings.
/// GitHub's limits (CONVENTIONS §1.7) are respected: at most `maxResults` results, at most 20
/// tags per rule, notifications capped per file.
package struct SARIFWriter: FindingWriter {
    /// The schema URI written to `$schema`.
    package static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// Notification id for results left out over the cap.
    package static let truncatedResultsID = "LH4001"
    /// Notification id for notifications left out over the per-file cap.
    package static let truncatedNotificationsID = "LH4002"

    /// Settings.
    package var options: SARIFOptions
    /// Indentation for pretty output; nil for one line.
    package var indent: Int?

    /// Creates the writer.
    package init(options: SARIFOptions = SARIFOptions(), indent: Int? = 2) {
        self.options = options
        self.indent = indent
    }

    package func render(_ findings: [Finding], context: ReportContext) -> [UInt8] {
        var w = JSONTextWriter(indent: indent)
        w.value(log(findings, context: context))
        w.appendRaw(0x0A)
        return w.take()
    }

    /// The whole SARIF log as a JSON tree.
    package func log(_ findings: [Finding], context: ReportContext) -> JSONValue {
        let kept = Self.cap(findings, to: max(0, options.maxResults))
        let omitted = findings.count - kept.count

        // Rules: every rule that produced a finding (kept or not), sorted by id for stable indices.
        var rulesByID: [String: RuleInfo] = [:]
        for f in findings where rulesByID[f.rule.id] == nil { rulesByID[f.rule.id] = f.rule }
        let rules = rulesByID.values.sorted { $0.id < $1.id }
        var ruleIndex: [String: Int] = [:]
        for (i, r) in rules.enumerated() { ruleIndex[r.id] = i }

        // Artifacts: every file a result points at, sorted by path.
        var files = Set<String>()
        for f in kept {
            files.insert(f.location.file)
            for r in f.related.prefix(options.maxRelatedLocations) { files.insert(r.file) }
        }
        let artifactFiles = files.sorted()
        var artifactIndex: [String: Int] = [:]
        for (i, file) in artifactFiles.enumerated() { artifactIndex[file] = i }

        let results = kept.map { result($0, ruleIndex: ruleIndex[$0.rule.id] ?? 0, artifactIndex: artifactIndex) }

        var (execution, configuration, codes) = notifications(context.diagnostics)
        if omitted > 0 {
            codes.insert(Self.truncatedResultsID)
            execution.append(
                notification(
                    level: "warning", id: Self.truncatedResultsID,
                    text:
                        "\(omitted) of \(findings.count) findings were left out: GitHub code scanning accepts at most \(options.maxResults) results a run; the most severe were kept",
                    file: nil, line: nil, column: nil))
        }

        var driver: [JSONMember] = [
            m("name", .string(context.toolName)),
            m("version", .string(context.toolVersion)),
            m("semanticVersion", .string(context.toolVersion)),
        ]
        if let uri = options.informationURI { driver.append(m("informationUri", .string(uri))) }
        driver.append(m("rules", .array(rules.map(Self.descriptor))))
        let descriptors = codes.sorted().map(Self.notificationDescriptor)
        if !descriptors.isEmpty { driver.append(m("notifications", .array(descriptors))) }

        var invocation: [JSONMember] = [m("executionSuccessful", .bool(context.executionSuccessful))]
        if let c = options.commandLine { invocation.append(m("commandLine", .string(c))) }
        if let t = options.startTime { invocation.append(m("startTimeUtc", .string(t.iso8601))) }
        if let t = options.endTime { invocation.append(m("endTimeUtc", .string(t.iso8601))) }
        if let e = options.exitCode { invocation.append(m("exitCode", .int(e))) }
        if let base = options.baseDirectory, base.hasPrefix("/") {
            let uri = "file://" + SARIFURI.encode(base.hasSuffix("/") ? base : base + "/")
            invocation.append(m("workingDirectory", .object([m("uri", .string(uri))])))
        }
        invocation.append(m("toolExecutionNotifications", .array(execution)))
        invocation.append(m("toolConfigurationNotifications", .array(configuration)))

        var run: [JSONMember] = [
            m("tool", .object([m("driver", .object(driver))])),
            m("invocations", .array([.object(invocation)])),
        ]
        if let id = options.automationID { run.append(m("automationDetails", .object([m("id", .string(id))]))) }
        let inputFiles = artifactFiles + context.diagnostics.compactMap(\.file)
        if inputFiles.contains(where: { SARIFURI.baseID(forPath: $0, base: options.baseDirectory) != nil }) {
            run.append(
                m("originalUriBaseIds", .object([m(SARIFURI.rootBaseID, .object([m("uri", .string("file:///"))]))])))
        }
        run.append(m("columnKind", .string("unicodeCodePoints")))
        run.append(
            m(
                "artifacts",
                .array(
                    artifactFiles.map { file in
                        .object([
                            m("location", .object(artifactLocation(file))),
                            m("roles", .array([.string("analysisTarget")])),
                        ])
                    })))
        run.append(m("results", .array(results)))
        var properties = context.summary.json
        if case .object(var members) = properties {
            members.append(m("omittedResults", .int(omitted)))
            properties = .object(members)
        }
        run.append(m("properties", properties))

        return .object([
            m("$schema", .string(Self.schemaURI)),
            m("version", .string("2.1.0")),
            m("runs", .array([.object(run)])),
        ])
    }

    /// The findings to keep under the cap: the most severe (ties: earliest), in their given order.
    package static func cap(_ findings: [Finding], to limit: Int) -> [Finding] {
        guard findings.count > limit else { return findings }
        let chosen = findings.indices.sorted { a, b in
            let (la, lb) = (findings[a].rule.level, findings[b].rule.level)
            return la != lb ? la > lb : a < b
        }.prefix(limit)
        return chosen.sorted().map { findings[$0] }
    }

    // MARK: Rules

    /// A rule's `reportingDescriptor`.
    package static func descriptor(_ r: RuleInfo) -> JSONValue {
        let level = SARIFLevel(r.level)
        let title = r.title.isEmpty ? r.id : r.title
        let full = r.description.isEmpty ? title : r.description
        var tags: [String] = ["security"]
        for t in r.tags where !t.isEmpty && !tags.contains(t) && tags.count < 20 { tags.append(t) }
        var members: [JSONMember] = [
            m("id", .string(r.id)),
            m("name", .string(clip(title, 255))),
            m("shortDescription", .object([m("text", .string(clip(title, 1024)))])),
            m("fullDescription", .object([m("text", .string(clip(full, 1024)))])),
            m(
                "help",
                .object([
                    m("text", .string(helpText(r, markdown: false))),
                    m("markdown", .string(helpText(r, markdown: true))),
                ])),
        ]
        if let uri = r.references.first(where: { $0.hasPrefix("https://") || $0.hasPrefix("http://") }) {
            members.append(m("helpUri", .string(uri)))
        }
        members.append(m("defaultConfiguration", .object([m("level", .string(level.level))])))
        var props: [JSONMember] = [
            m("tags", .array(tags.map { .string($0) })),
            m("precision", .string(SARIFLevel.precision(status: r.status))),
            m("security-severity", .string(level.securitySeverity)),
            m("sigma-level", .string(r.level.name)),
            m("kind", .string(r.kind.rawValue)),
        ]
        if !r.file.isEmpty { props.append(m("file", .string(r.file))) }
        members.append(m("properties", .object(props)))
        return .object(members)
    }

    private static func helpText(_ r: RuleInfo, markdown: Bool) -> String {
        var parts: [String] = []
        let title = r.title.isEmpty ? r.id : r.title
        parts.append(markdown ? "**\(title)**" : title)
        if !r.description.isEmpty { parts.append(r.description) }
        if !r.falsePositives.isEmpty {
            parts.append(
                (markdown ? "**False positives**\n\n" : "False positives:\n")
                    + r.falsePositives.map { "- " + $0 }.joined(separator: "\n"))
        }
        if !r.references.isEmpty {
            parts.append(
                (markdown ? "**References**\n\n" : "References:\n")
                    + r.references.map { "- " + $0 }.joined(separator: "\n"))
        }
        var meta = "Sigma rule \(r.id), level \(r.level.name)"
        if let s = r.status { meta += ", status \(s)" }
        if !r.file.isEmpty { meta += ", file \(r.file)" }
        parts.append(meta)
        return parts.joined(separator: "\n\n")
    }

    // MARK: Results

    private func result(_ f: Finding, ruleIndex: Int, artifactIndex: [String: Int]) -> JSONValue {
        let fp = Fingerprint.of(f)
        var members: [JSONMember] = [
            m("ruleId", .string(f.rule.id)),
            m("ruleIndex", .int(ruleIndex)),
            m("kind", .string("fail")),
            m("level", .string(SARIFLevel(f.rule.level).level)),
            m("message", .object([m("text", .string(Self.message(f)))])),
            m("locations", .array([location(f.location, artifactIndex: artifactIndex, id: nil)])),
            m(
                "partialFingerprints",
                .object([
                    m(Fingerprint.key, .string(fp)),
                    m("primaryLocationLineHash", .string(Fingerprint.primaryLocationLineHash(fp))),
                ])),
        ]
        let related = f.related.prefix(options.maxRelatedLocations)
        if !related.isEmpty {
            members.append(
                m(
                    "relatedLocations",
                    .array(related.enumerated().map { k, l in location(l, artifactIndex: artifactIndex, id: k + 1) })))
        }
        var props: [JSONMember] = []
        if let t = f.timestamp { props.append(m("timestamp", .string(t.iso8601))) }
        if let e = f.event {
            props.append(m("provider", .string(e.provider.rawValue)))
            for field: ECSField in [.action, .outcome, .userName, .sourceIP, .country, .credentialID, .targetName] {
                if let v = e.fields[field] { props.append(m(field.rawValue, .string(v))) }
            }
        }
        props.append(m("record", .int(f.location.record)))
        if let c = f.correlation { props.append(m("correlation", FindingEncoder.correlation(c))) }
        if f.relatedOmitted > 0 { props.append(m("relatedOmitted", .int(f.relatedOmitted))) }
        if !f.notes.isEmpty { props.append(m("notes", .array(f.notes.map { .string($0) }))) }
        members.append(m("properties", .object(props)))
        return .object(members)
    }

    /// The result's `message.text`: what happened, who, from where, with which credential
    /// (control and bidi characters shown as escapes).
    package static func message(_ f: Finding) -> String {
        let title = f.rule.title.isEmpty ? f.rule.id : f.rule.title
        var s = title
        func value(_ field: ECSField) -> String? { FindingEncoder.pivotValue(f, field) ?? f.event?.fields[field] }
        var detail: [String] = []
        if let a = f.event?.fields[.action] { detail.append(a) }
        if let u = value(.userName) { detail.append("by " + u) }
        if let ip = value(.sourceIP) {
            var from = "from " + ip
            if let cc = f.event?.fields[.country] { from += " (\(cc))" }
            detail.append(from)
        }
        if let c = value(.credentialID) { detail.append("with credential " + c) }
        if let t = value(.targetName) { detail.append("on " + t) }
        if !detail.isEmpty { s += ": " + detail.joined(separator: " ") }
        if let c = f.correlation {
            var corr = c.type
            if let nv = c.newValue { corr += " new value " + nv }
            if let v = c.value { corr += " value " + JSONValue.double(v).serialized() }
            s += " [" + corr + "]"
        }
        // Viewers show this text as is: make log-borne control characters visible.
        return s.isEmpty ? "finding" : TerminalText.escape(s)
    }

    private func location(_ l: SourceLocation, artifactIndex: [String: Int], id: Int?) -> JSONValue {
        var artifact = artifactLocation(l.file)
        if let i = artifactIndex[l.file] { artifact.append(m("index", .int(i))) }
        let pointer = (options.recordPointerPrefix[l.file] ?? "") + "/" + String(l.record)
        var members: [JSONMember] = []
        if let id { members.append(m("id", .int(id))) }
        members.append(
            m(
                "physicalLocation",
                .object([
                    m("artifactLocation", .object(artifact)),
                    m("region", .object([m("startLine", .int(max(1, l.line))), m("startColumn", .int(1))])),
                ])))
        members.append(
            m(
                "logicalLocations",
                .array([
                    .object([
                        m("name", .string(String(l.record))),
                        m("fullyQualifiedName", .string(pointer)),
                        m("kind", .string("object")),
                    ])
                ])))
        return .object(members)
    }

    /// `uri` and, for absolute paths outside the base directory, `uriBaseId`.
    private func artifactLocation(_ file: String) -> [JSONMember] {
        var members = [m("uri", .string(SARIFURI.uri(forPath: file, base: options.baseDirectory)))]
        if let id = SARIFURI.baseID(forPath: file, base: options.baseDirectory) {
            members.append(m("uriBaseId", .string(id)))
        }
        return members
    }

    // MARK: Notifications

    /// Execution and configuration notifications for the diagnostics, capped per file, and the
    /// descriptor ids they use.
    private func notifications(_ diagnostics: [Diagnostic]) -> ([JSONValue], [JSONValue], Set<String>) {
        var execution: [JSONValue] = []
        var configuration: [JSONValue] = []
        var codes = Set<String>()
        var perFile: [String: Int] = [:]
        var dropped: [String: (execution: Bool, count: Int)] = [:]
        var droppedOrder: [String] = []
        for d in diagnostics {
            let isConfiguration = d.code == .ruleError || d.code == .unresolvedPlaceholder
            let key = d.file ?? ""
            let n = perFile[key, default: 0]
            perFile[key] = n + 1
            if n >= options.maxNotificationsPerFile {
                if dropped[key] == nil { droppedOrder.append(key) }
                dropped[key, default: (!isConfiguration, 0)].count += 1
                continue
            }
            codes.insert(d.code.rawValue)
            let note = notification(
                level: d.severity == .error ? "error" : "warning", id: d.code.rawValue, text: d.message, file: d.file,
                line: d.line, column: d.column)
            if isConfiguration { configuration.append(note) } else { execution.append(note) }
        }
        for key in droppedOrder {
            guard let (isExecution, count) = dropped[key] else { continue }
            codes.insert(Self.truncatedNotificationsID)
            let whereText = key.isEmpty ? "" : " in \(key)"
            let note = notification(
                level: "note", id: Self.truncatedNotificationsID,
                text: "\(count) more \(count == 1 ? "warning" : "warnings")\(whereText) not listed",
                file: key.isEmpty ? nil : key,
                line: nil, column: nil)
            if isExecution { execution.append(note) } else { configuration.append(note) }
        }
        return (execution, configuration, codes)
    }

    private func notification(level: String, id: String, text: String, file: String?, line: Int?, column: Int?)
        -> JSONValue
    {
        var members: [JSONMember] = [
            m("level", .string(level)),
            m("message", .object([m("text", .string(text.isEmpty ? id : text))])),
            m("descriptor", .object([m("id", .string(id))])),
        ]
        if let file {
            var physical: [JSONMember] = [m("artifactLocation", .object(artifactLocation(file)))]
            if let line, line >= 1 {
                var region: [JSONMember] = [m("startLine", .int(line))]
                if let column, column >= 1 { region.append(m("startColumn", .int(column))) }
                physical.append(m("region", .object(region)))
            }
            members.append(m("locations", .array([.object([m("physicalLocation", .object(physical))])])))
        }
        return .object(members)
    }

    /// The `reportingDescriptor` for a notification id.
    package static func notificationDescriptor(_ id: String) -> JSONValue {
        let text: String
        switch Diagnostic.Code(rawValue: id) {
        case .malformedRecord: text = "A record that is not valid JSON or a CSV row that cannot be read"
        case .damagedGzip: text = "A damaged or truncated gzip stream"
        case .limitExceeded: text = "A record or line over a configured limit"
        case .invalidUTF8: text = "Invalid UTF-8 that was repaired"
        case .unreadableInput: text = "An input that could not be read"
        case .unrecognisedFormat: text = "An input whose format could not be recognised"
        case .unknownProvider: text = "A record whose source could not be recognised"
        case .regexLimit: text = "A regular expression that hit its match limit on a record"
        case .ruleError: text = "A rule file problem"
        case .unresolvedPlaceholder: text = "A rule left out because a placeholder has no value"
        case .stateLimit: text = "A correlation or state limit that was reached"
        case .other: text = "Another problem"
        case nil:
            text =
                id == truncatedResultsID
                ? "Results left out over GitHub's per-run limit" : "Notifications left out over the per-file limit"
        }
        return .object([m("id", .string(id)), m("shortDescription", .object([m("text", .string(text))]))])
    }
}

private func m(_ key: String, _ value: JSONValue) -> JSONMember { JSONMember(key: key, value: value) }

private func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
