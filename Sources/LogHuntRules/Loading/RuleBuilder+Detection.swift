import LogHuntCore

extension RuleBuilder {
    /// Reads a `detection:` (or a filter's `filter:`) mapping. Keys in `reserved` are not
    /// search identifiers (`condition`, and `rules` for filters).
    mutating func detection(_ node: YAMLNode, place: String, reserved: Set<String> = ["condition"]) -> Detection? {
        guard case .mapping(let pairs, let mark) = node else {
            error(.wrongType(key: place, expected: "a mapping"), at: node.mark)
            return nil
        }
        var identifiers: [SearchIdentifier] = []
        var names: [String] = []
        var conditionNode: YAMLNode?
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                error(.wrongType(key: "search identifier", expected: "a string"), at: pair.key.mark)
                continue
            }
            if key == "condition" {
                conditionNode = pair.value
                continue
            }
            if reserved.contains(key) { continue }
            if key == "timeframe" {
                error(.legacyAggregation, at: pair.key.mark)
                continue
            }
            names.append(key)
            if let body = searchBody(pair.value, name: key) {
                identifiers.append(SearchIdentifier(name: key, body: body, mark: pair.key.mark))
            }
        }
        guard let conditionNode else {
            error(.missingKey("condition", in: place), at: mark)
            return nil
        }
        var scalars: [YAMLScalar] = []
        switch conditionNode {
        case .scalar(let s) where s.kind != .null: scalars = [s]
        case .sequence(let items, _) where !items.isEmpty:
            for item in items {
                if let s = item.scalar, s.kind != .null {
                    scalars.append(s)
                } else {
                    error(.wrongType(key: "condition", expected: "a string or a list of strings"), at: item.mark)
                }
            }
        default:
            error(.wrongType(key: "condition", expected: "a string or a list of strings"), at: conditionNode.mark)
        }
        guard !scalars.isEmpty else { return nil }
        var parser = ConditionParser(identifiers: names)
        var conditions: [Condition] = []
        for scalar in scalars {
            switch parser.parse(scalar) {
            case .success(let c): conditions.append(c)
            case .failure(let problem): error(problem.error, at: problem.mark)
            }
        }
        guard conditions.count == scalars.count else { return nil }
        let condition = conditions.count == 1 ? conditions[0] : .or(conditions)
        return Detection(identifiers: identifiers, condition: condition, conditionText: scalars.map(\.text), mark: mark)
    }

    /// A search identifier's value: a map, a list of maps, or a keyword list.
    mutating func searchBody(_ node: YAMLNode, name: String) -> SearchIdentifier.Body? {
        switch node {
        case .mapping:
            return detectionMap(node).map { .maps([$0]) }
        case .scalar(let s):
            if s.kind == .null {
                error(
                    .wrongType(key: name, expected: "a mapping, a list of mappings or a list of keywords"), at: s.mark)
                return nil
            }
            return keywordItem([node], mark: s.mark).map { .keywords($0) }
        case .sequence(let items, let mark):
            if items.isEmpty {
                error(.emptyValueList, at: mark)
                return nil
            }
            if items.allSatisfy({ if case .mapping = $0 { true } else { false } }) {
                var maps: [DetectionMap] = []
                for item in items {
                    if let map = detectionMap(item) { maps.append(map) }
                }
                return maps.count == items.count ? .maps(maps) : nil
            }
            if items.allSatisfy({ $0.scalar != nil }) {
                return keywordItem(items, mark: mark).map { .keywords($0) }
            }
            error(.wrongType(key: name, expected: "a list of mappings or a list of keywords, not a mix"), at: mark)
            return nil
        }
    }

    /// A field-less item from a plain list of keywords.
    mutating func keywordItem(_ nodes: [YAMLNode], mark: RuleMark) -> DetectionItem? {
        let values = nodes.compactMap(\.scalar).map { sigmaValue($0, modifiers: []) }
        if values.count > 1, values.contains(where: \.isNull) {
            error(.nullInList, at: values.first(where: \.isNull)?.mark ?? mark)
            return nil
        }
        return DetectionItem(field: nil, modifiers: [], values: values, mark: mark)
    }

    /// One map of a search identifier (every item must hold).
    mutating func detectionMap(_ node: YAMLNode) -> DetectionMap? {
        guard case .mapping(let pairs, let mark) = node else { return nil }
        var items: [DetectionItem] = []
        let before = errors
        for pair in pairs {
            guard let key = pair.key.scalar else {
                error(.wrongType(key: "field", expected: "a string"), at: pair.key.mark)
                continue
            }
            if let item = detectionItem(key: key, value: pair.value) { items.append(item) }
        }
        if pairs.isEmpty {
            error(.wrongType(key: "search identifier", expected: "a non-empty mapping"), at: mark)
        }
        return errors == before ? DetectionMap(items: items, mark: mark) : nil
    }

    // MARK: Items

    /// One `field|modifiers: values` pair, validated.
    mutating func detectionItem(key: YAMLScalar, value: YAMLNode) -> DetectionItem? {
        let pieces = key.text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let field = pieces[0].isEmpty ? nil : pieces[0]
        var modifiers: [Modifier] = []
        var modifierMarks: [RuleMark] = []
        var offset = pieces[0].unicodeScalars.count + 1
        var ok = true
        for piece in pieces.dropFirst() {
            let m = key.mark(atOffset: offset)
            if let modifier = Modifier(name: piece) {
                modifiers.append(modifier)
                modifierMarks.append(m)
            } else {
                error(.unknownModifier(piece), at: m)
                ok = false
            }
            offset += piece.unicodeScalars.count + 1
        }
        guard ok else { return nil }
        guard validateChain(modifiers, marks: modifierMarks, field: field, keyMark: key.mark) else { return nil }

        var scalars: [YAMLScalar] = []
        var isList = false
        switch value {
        case .scalar(let s): scalars = [s]
        case .sequence(let items, let mark):
            isList = true
            if items.isEmpty {
                error(.emptyValueList, at: mark)
                return nil
            }
            for item in items {
                guard let s = item.scalar else {
                    error(.wrongType(key: key.text, expected: "a scalar or a list of scalars"), at: item.mark)
                    return nil
                }
                scalars.append(s)
            }
        case .mapping(_, let mark):
            error(.wrongType(key: key.text, expected: "a scalar or a list of scalars"), at: mark)
            return nil
        }
        let values = scalars.map { sigmaValue($0, modifiers: modifiers) }
        if isList, values.count > 1, let null = values.first(where: \.isNull) {
            error(.nullInList, at: null.mark)
            return nil
        }
        if let i = modifiers.firstIndex(of: .all), values.count < 2 {
            error(.allOnSingleValue, at: modifierMarks[i])
            return nil
        }
        guard validateValues(values, modifiers: modifiers, marks: modifierMarks) else { return nil }
        return DetectionItem(field: field, modifiers: modifiers, values: values, mark: key.mark)
    }

    /// A value with its wildcard (or regex, or placeholder) reading.
    func sigmaValue(_ s: YAMLScalar, modifiers: [Modifier]) -> SigmaValue {
        let parts: [SigmaStringPart]?
        if s.kind == .null {
            parts = []
        } else if modifiers.contains(.re) {
            parts = modifiers.contains(.expand) ? RuleBuilder.placeholderParts(s.text) : [.literal(s.text)]
        } else {
            parts = SigmaStringPart.parse(s.text, placeholders: modifiers.contains(.expand))
        }
        return SigmaValue(text: s.text, kind: s.kind, quoted: s.quoted, parts: parts, mark: s.mark)
    }

    /// `%name%` placeholders in a regular expression (no wildcards; `\%` escapes).
    static func placeholderParts(_ text: String) -> [SigmaStringPart] {
        SigmaStringPart.parse(text, placeholders: true).reduce(into: [SigmaStringPart]()) { out, part in
            let piece: SigmaStringPart
            switch part {
            case .anyRun: piece = .literal("*")
            case .anyChar: piece = .literal("?")
            default: piece = part
            }
            if case .literal(let b) = piece, case .literal(let a)? = out.last {
                out[out.count - 1] = .literal(a + b)
            } else {
                out.append(piece)
            }
        }
    }

    // MARK: Validation (SIGMA.md §1.13 item 9)

    /// Where each modifier may appear.
    mutating func validateChain(_ modifiers: [Modifier], marks: [RuleMark], field: String?, keyMark: RuleMark) -> Bool {
        let before = errors
        var seen: Set<Modifier> = []
        for (i, m) in modifiers.enumerated() {
            let mark = marks[i]
            if !seen.insert(m).inserted {
                error(.misplacedModifier(m.name, reason: "is given twice"), at: mark)
                continue
            }
            switch m {
            case .exists:
                if modifiers.count != 1 {
                    error(.misplacedModifier("exists", reason: "must be the only modifier"), at: mark)
                }
                if field == nil {
                    error(.misplacedModifier("exists", reason: "needs a field name"), at: mark)
                }
            case .re:
                let allowedBefore: Set<Modifier> = [.expand]
                if !modifiers[..<i].allSatisfy({ allowedBefore.contains($0) }) {
                    error(.misplacedModifier("re", reason: "must be the first modifier"), at: mark)
                }
                let allowedAfter: Set<Modifier> = [
                    .reIgnoreCase, .reMultiline, .reDotAll, .all, .expand, .contains, .startswith, .endswith, .neq,
                    .cased,
                ]
                if let bad = modifiers[(i + 1)...].first(where: { !allowedAfter.contains($0) }) {
                    error(
                        .misplacedModifier(bad.name, reason: "cannot follow 're'"),
                        at: marks[modifiers.firstIndex(of: bad) ?? i])
                }
            case .reIgnoreCase, .reMultiline, .reDotAll:
                if !modifiers[..<i].contains(.re) {
                    error(
                        .misplacedModifier(m.name, reason: "is a regular expression flag and needs 're' before it"),
                        at: mark)
                }
            case .cidr:
                if !modifiers[..<i].allSatisfy({ $0 == .expand }) {
                    error(.misplacedModifier("cidr", reason: "must be the first modifier"), at: mark)
                }
                let allowedAfter: Set<Modifier> = [.all, .neq, .expand]
                if let bad = modifiers[(i + 1)...].first(where: { !allowedAfter.contains($0) }) {
                    error(
                        .misplacedModifier(bad.name, reason: "cannot be combined with 'cidr'"),
                        at: marks[modifiers.firstIndex(of: bad) ?? i])
                }
            case .fieldref:
                if field == nil {
                    error(.misplacedModifier("fieldref", reason: "needs a field name"), at: mark)
                }
                let allowed: Set<Modifier> = [.fieldref, .contains, .startswith, .endswith, .neq, .all, .cased]
                if let bad = modifiers.first(where: { !allowed.contains($0) }) {
                    error(
                        .misplacedModifier(bad.name, reason: "cannot be combined with 'fieldref'"),
                        at: marks[modifiers.firstIndex(of: bad) ?? i])
                }
            case .gt, .gte, .lt, .lte:
                if let other = modifiers.first(where: { $0.isComparison && $0 != m }),
                    i > (modifiers.firstIndex(of: other) ?? 0)
                {
                    error(
                        .misplacedModifier(
                            m.name, reason: "cannot be combined with '\(other.name)'; use two selections"), at: mark)
                }
                let allowed: Set<Modifier> = [
                    .gt, .gte, .lt, .lte, .minute, .hour, .day, .week, .month, .year, .all, .expand,
                ]
                if let bad = modifiers.first(where: { !allowed.contains($0) }), (modifiers.firstIndex(of: bad) ?? 0) < i
                {
                    error(.misplacedModifier(m.name, reason: "cannot follow '\(bad.name)'"), at: mark)
                }
            case .contains, .startswith, .endswith:
                if let other = modifiers[..<i].first(where: { [.contains, .startswith, .endswith].contains($0) }) {
                    error(.misplacedModifier(m.name, reason: "cannot be combined with '\(other.name)'"), at: mark)
                }
            default:
                break
            }
        }
        return errors == before
    }

    /// Values the modifiers cannot take.
    mutating func validateValues(_ values: [SigmaValue], modifiers: [Modifier], marks: [RuleMark]) -> Bool {
        let before = errors
        let has = Set(modifiers)
        for value in values {
            if value.isNull {
                if let m = modifiers.first(where: { $0 != .all && $0 != .cased }) {
                    error(.invalidValue("null", reason: "modifier '\(m.name)' cannot take null"), at: value.mark)
                }
                continue
            }
            if has.contains(.exists), value.boolValue == nil {
                error(.invalidValue(value.text, reason: "'exists' takes true or false"), at: value.mark)
            }
            if has.contains(.base64) || has.contains(.base64offset), value.hasWildcards {
                let name = has.contains(.base64) ? "base64" : "base64offset"
                error(
                    .invalidValue(
                        value.text, reason: "'\(name)' values cannot contain wildcards (escape them with \\)"),
                    at: value.mark)
            }
            if has.contains(.fieldref), value.hasWildcards || value.text.isEmpty {
                error(
                    .invalidValue(value.text, reason: "'fieldref' takes a field name without wildcards"), at: value.mark
                )
            }
            if has.contains(.expand), value.hasPlaceholders {
                // Checked once the placeholder's values are known.
                continue
            }
            if has.contains(.cidr), !CIDR.isValid(value.text) {
                error(.invalidValue(value.text, reason: "not an IPv4 or IPv6 network in CIDR notation"), at: value.mark)
            }
            if modifiers.contains(where: \.isTimePart) {
                if value.intValue == nil {
                    error(
                        .invalidValue(value.text, reason: "time-part modifiers compare with an integer"), at: value.mark
                    )
                }
            } else if modifiers.contains(where: \.isComparison) {
                if value.numberValue == nil, value.kind != .int, value.kind != .float,
                    Timestamp(parsing: value.text) == nil
                {
                    error(
                        .invalidValue(
                            value.text, reason: "'gt', 'gte', 'lt' and 'lte' compare with a number or an ISO-8601 date"),
                        at: value.mark)
                }
            }
            if has.contains(.expand) {
                warning("'expand' value '\(value.text)' has no %placeholder%", at: value.mark)
            }
        }
        return errors == before
    }
}
