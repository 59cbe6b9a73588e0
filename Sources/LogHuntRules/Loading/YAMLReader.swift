import LogHuntCore
import Yams

/// Reads YAML text safely: `Yams.compose_all`, then a bounded walk of each document's node
/// tree (node budget counted after alias expansion, depth limit) into `YAMLNode`s.
///
/// Nothing converts untrusted YAML to Swift values before the budget check, so an alias bomb
/// is rejected in milliseconds. Yams rejects duplicate keys outright; the reader instead keeps
/// the last value (as PyYAML, and so pySigma, does) and warns.
package struct YAMLReader {
    /// The file named in marks and diagnostics.
    package var file: String
    /// The limits (`maxYAMLNodes`, `maxYAMLDepth`).
    package var limits: Limits
    /// Where problems go.
    package var sink: any DiagnosticSink
    /// Whether a built-in text is decoded from its snapshot (`YAMLSnapshot`) instead of read.
    package var snapshots: Bool

    /// Creates a reader.
    package init(file: String, limits: Limits, sink: any DiagnosticSink, snapshots: Bool = true) {
        self.file = file
        self.limits = limits
        self.sink = sink
        self.snapshots = snapshots
    }

    /// Every document of `text` that could be read, in order. Problems are emitted as
    /// `.ruleError` diagnostics; a document that cannot be read is left out. A built-in
    /// file's exact text is decoded from its snapshot (`YAMLSnapshot`), which gives the same
    /// nodes.
    /// - Parameter text: the YAML text.
    /// - Returns: the documents' root nodes.
    package func documents(_ text: String) -> [YAMLNode] {
        if snapshots, let stored = YAMLSnapshot.documents(of: text, file: file, limits: limits) { return stored }
        let marker = YAMLReader.unusedScalar(in: text, from: 0xF0000)
        var working = YAMLReader.neutraliseAliases(in: text, marker: marker)
        var renamed: [Position: String] = [:]
        for attempt in 0..<200 {
            var composed: [Node] = []
            var failure: (any Error)?
            // The sequence owns the parser, which owns the anchors the nodes refer to weakly.
            var sequence: YamlSequence<Node>?
            do {
                var s = try Yams.compose_all(yaml: working)
                while let node = s.next() { composed.append(node) }
                failure = s.error
                sequence = s
            } catch {
                failure = error
            }
            if let yamlError = failure as? YamlError, case .duplicatedKeysInMapping(let keys, let context) = yamlError,
                let next = YAMLReader.hideKey(in: working, at: context.mark, attempt: attempt)
            {
                renamed[Position(line: context.mark.line, column: context.mark.column)] = keys.first ?? ""
                working = next
                continue
            }
            var walk = Walk(file: file, limits: limits, sink: sink, renamed: renamed, aliasMarker: marker)
            var out: [YAMLNode] = []
            var stopped = false
            withExtendedLifetime(sequence) {
                for node in composed {
                    // Budgets and anchors are per document, as YAML scopes anchors.
                    walk.count = 0
                    walk.anchors = [:]
                    switch walk.run(node) {
                    case .success(let value): out.append(value)
                    case .failure(let stop):
                        emit(stop.error, at: stop.mark)
                        stopped = true
                        return
                    }
                }
            }
            if !stopped, let failure { report(failure) }
            return out
        }
        emit(.invalidYAML("too many duplicate keys"), at: RuleMark(file: file, line: 1, column: 1))
        return []
    }

    /// `text` with every `*` that may start an alias replaced by `marker` (one scalar, so
    /// every line and column stays put).
    ///
    /// Yams expands aliases while composing and hashes mapping keys, so an alias bomb used as
    /// a key would hang inside Yams before any budget could apply. With aliases turned into
    /// plain scalars, composing is linear in the text and the walk expands them itself, within
    /// the node budget. A `*` is replaced when nothing but spaces separates it from the start
    /// of its line or from one of `- ? : [ { ,`; this over-approximates (a `*` inside quotes or
    /// a block scalar may be replaced too), which is harmless: only plain scalars that start
    /// with the marker are read back as aliases, and no plain scalar can start with `*`.
    static func neutraliseAliases(in text: String, marker: Unicode.Scalar) -> String {
        guard text.utf8.contains(0x2A) else { return text }
        var scalars = Array(text.unicodeScalars)
        for i in scalars.indices where scalars[i] == "*" {
            var j = i - 1
            while j >= 0, scalars[j] == " " || scalars[j] == "\t" { j -= 1 }
            if j < 0 || "\n\r-?:[{,".unicodeScalars.contains(scalars[j]) {
                scalars[i] = marker
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    /// The first scalar from `start` on that does not occur in `text`.
    static func unusedScalar(in text: String, from start: UInt32) -> Unicode.Scalar {
        let present = Set(text.unicodeScalars.filter { $0.value >= start && $0.value < start + 0x200 }.map(\.value))
        var v = start
        while present.contains(v) { v += 1 }
        return Unicode.Scalar(v) ?? "\u{F0000}"
    }

    private func emit(_ error: RuleError, at mark: RuleMark, _ severity: Diagnostic.Severity = .error) {
        sink.emit(
            Diagnostic(
                severity, .ruleError, file: mark.file, line: mark.line, column: mark.column, message: error.description)
        )
    }

    private func report(_ error: any Error) {
        guard let yamlError = error as? YamlError else {
            emit(.invalidYAML(String(describing: error)), at: RuleMark(file: file, line: 1, column: 1))
            return
        }
        func at(_ m: Mark) -> RuleMark { RuleMark(file: file, line: max(m.line, 1), column: max(m.column, 1)) }
        func text(_ problem: String, _ context: YamlError.Context?) -> String {
            if let context, !context.text.isEmpty { return "\(problem) (\(context.text))" }
            return problem
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            emit(.invalidYAML(text(problem, context)), at: at(mark))
        case .reader(let problem, _, _, _):
            emit(.invalidYAML(problem), at: RuleMark(file: file, line: 1, column: 1))
        case .duplicatedKeysInMapping(let keys, let context):
            emit(.duplicateKey(keys.joined(separator: "', '")), at: at(context.mark))
        default:
            emit(.invalidYAML(String(describing: yamlError)), at: RuleMark(file: file, line: 1, column: 1))
        }
    }

    /// `text` with the key at `mark` made unique (its first character replaced by a private-use
    /// character, which keeps every column), or nil when that is not possible.
    static func hideKey(in text: String, at mark: Mark, attempt: Int) -> String? {
        var scalars = Array(text.unicodeScalars)
        var line = 1
        var i = 0
        while i < scalars.count, line < mark.line {
            if scalars[i] == "\n" { line += 1 }
            i += 1
        }
        guard line == mark.line else { return nil }
        var target = i + mark.column - 1
        guard target < scalars.count else { return nil }
        if scalars[target] == "'" || scalars[target] == "\"" { target += 1 }
        guard target < scalars.count, scalars[target] != "\n", scalars[target] != "'", scalars[target] != "\"",
            let marker = Unicode.Scalar(0xE000 + UInt32(attempt))
        else { return nil }
        scalars[target] = marker
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }
}

/// A line and column in the text.
struct Position: Hashable {
    /// 1-based line.
    var line: Int
    /// 1-based column.
    var column: Int
}

/// Why a walk stopped.
struct WalkStop: Error {
    /// What is wrong.
    var error: RuleError
    /// Where.
    var mark: RuleMark
}

/// The bounded walk over one composed document.
private struct Walk {
    /// The file named in marks.
    var file: String
    /// The node and depth budget.
    var limits: Limits
    /// Where duplicate-key warnings go.
    var sink: any DiagnosticSink
    /// Keys hidden because a later duplicate wins, by position.
    var renamed: [Position: String]
    /// Nodes visited so far (aliases expanded).
    var count = 0
    /// Duplicate keys already reported.
    var warned: Set<Position> = []
    /// The scalar that marks a neutralised alias (`*name` became `<marker>name`).
    var aliasMarker: Unicode.Scalar
    /// Anchored nodes converted so far: the node, its expanded size and its height.
    var anchors: [String: (node: YAMLNode, size: Int, height: Int)] = [:]

    /// Creates a walk.
    init(
        file: String, limits: Limits, sink: any DiagnosticSink, renamed: [Position: String],
        aliasMarker: Unicode.Scalar
    ) {
        self.file = file
        self.limits = limits
        self.sink = sink
        self.renamed = renamed
        self.aliasMarker = aliasMarker
    }

    /// Converts one document, or says why it stopped.
    mutating func run(_ node: Node) -> Result<YAMLNode, WalkStop> {
        do {
            return .success(try convert(node, depth: 0).node)
        } catch let stop as WalkStop {
            return .failure(stop)
        } catch {
            return .failure(
                WalkStop(error: .invalidYAML(String(describing: error)), mark: RuleMark(file: file, line: 1, column: 1))
            )
        }
    }

    /// A Yams mark as a rule mark.
    func mark(_ m: Mark?) -> RuleMark {
        RuleMark(file: file, line: m?.line ?? 1, column: m?.column ?? 1)
    }

    /// Converts a node, counting it against the budget; registers its anchor afterwards (an
    /// alias refers to the latest anchor completed before it, as in libyaml).
    mutating func convert(_ node: Node, depth: Int) throws -> (node: YAMLNode, height: Int) {
        let before = count
        let result = try convertUnanchored(node, depth: depth)
        if let name = node.anchor?.rawValue {
            anchors[name] = (result.node, count - before, result.height)
        }
        return result
    }

    /// Converts a node without registering its anchor.
    mutating func convertUnanchored(_ node: Node, depth: Int) throws -> (node: YAMLNode, height: Int) {
        if case .scalar(let s) = node, s.style == .plain, s.string.unicodeScalars.first == aliasMarker {
            let name = String(s.string.unicodeScalars.dropFirst())
            guard let target = anchors[name] else {
                throw WalkStop(error: .invalidYAML("found undefined alias '\(name)'"), mark: mark(s.mark))
            }
            count += target.size
            if count > limits.maxYAMLNodes {
                throw WalkStop(error: .aliasExpansion(limit: limits.maxYAMLNodes), mark: mark(s.mark))
            }
            if depth + target.height > limits.maxYAMLDepth + 1 {
                throw WalkStop(error: .tooDeep(limit: limits.maxYAMLDepth), mark: mark(s.mark))
            }
            return (target.node, target.height)
        }
        count += 1
        if count > limits.maxYAMLNodes {
            throw WalkStop(error: .aliasExpansion(limit: limits.maxYAMLNodes), mark: mark(node.mark))
        }
        if depth > limits.maxYAMLDepth {
            throw WalkStop(error: .tooDeep(limit: limits.maxYAMLDepth), mark: mark(node.mark))
        }
        switch node {
        case .scalar(let s):
            let style: YAMLScalar.Style =
                switch s.style {
                case .singleQuoted: .singleQuoted
                case .doubleQuoted: .doubleQuoted
                case .literal, .folded: .block
                default: .plain
                }
            var text = s.string
            if text.unicodeScalars.contains(aliasMarker) {
                // A `*` that was not an alias (in quotes, a block scalar, mid-scalar): restore it.
                text = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == aliasMarker ? "*" : $0 }))
            }
            return (.scalar(YAMLScalar(text: text, style: style, tag: s.tag.rawValue, mark: mark(s.mark))), 1)
        case .sequence(let seq):
            var items: [YAMLNode] = []
            var height = 0
            items.reserveCapacity(seq.count)
            for item in seq {
                let converted = try convert(item, depth: depth + 1)
                items.append(converted.node)
                height = max(height, converted.height)
            }
            return (.sequence(items, mark(seq.mark)), height + 1)
        case .mapping(let map):
            var pairs: [YAMLPair] = []
            var hidden: Set<String> = []
            var height = 0
            for (key, value) in map {
                if let m = key.mark, let original = renamed[Position(line: m.line, column: m.column)] {
                    hidden.insert(original)
                    count += 1
                    continue
                }
                let k = try convert(key, depth: depth + 1)
                let v = try convert(value, depth: depth + 1)
                height = max(height, k.height, v.height)
                if let text = k.node.scalar?.text, hidden.contains(text) {
                    let p = Position(line: k.node.mark.line, column: k.node.mark.column)
                    if warned.insert(p).inserted {
                        sink.emit(
                            Diagnostic(
                                .warning, .ruleError, file: file, line: p.line, column: p.column,
                                message: RuleError.duplicateKey(text).description))
                    }
                }
                pairs.append(YAMLPair(key: k.node, value: v.node))
            }
            return (.mapping(pairs, mark(map.mark)), height + 1)
        case .alias(let alias):
            throw WalkStop(error: .invalidYAML("unresolved alias"), mark: mark(alias.mark))
        }
    }
}
