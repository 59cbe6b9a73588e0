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

    /// Creates a reader.
    package init(file: String, limits: Limits, sink: any DiagnosticSink) {
        self.file = file
        self.limits = limits
        self.sink = sink
    }

    /// Every document of `text` that could be read, in order. Problems are emitted as
    /// `.ruleError` diagnostics; a document that cannot be read is left out.
    /// - Parameter text: the YAML text.
    /// - Returns: the documents' root nodes.
    package func documents(_ text: String) -> [YAMLNode] {
        var working = text
        var renamed: [Position: String] = [:]
        for attempt in 0..<200 {
            var composed: [Node] = []
            var failure: (any Error)?
            do {
                var sequence = try Yams.compose_all(yaml: working)
                while let node = sequence.next() { composed.append(node) }
                failure = sequence.error
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
            var walk = Walk(file: file, limits: limits, sink: sink, renamed: renamed)
            var out: [YAMLNode] = []
            for node in composed {
                switch walk.run(node) {
                case .success(let value): out.append(value)
                case .failure(let stop):
                    emit(stop.error, at: stop.mark)
                    return out
                }
            }
            if let failure { report(failure) }
            return out
        }
        emit(.invalidYAML("too many duplicate keys"), at: RuleMark(file: file, line: 1, column: 1))
        return []
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

    /// Creates a walk.
    init(file: String, limits: Limits, sink: any DiagnosticSink, renamed: [Position: String]) {
        self.file = file
        self.limits = limits
        self.sink = sink
        self.renamed = renamed
    }

    /// Converts one document, or says why it stopped.
    mutating func run(_ node: Node) -> Result<YAMLNode, WalkStop> {
        do {
            return .success(try convert(node, depth: 0))
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

    /// Converts a node, counting it against the budget.
    mutating func convert(_ node: Node, depth: Int) throws -> YAMLNode {
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
            return .scalar(YAMLScalar(text: s.string, style: style, tag: s.tag.rawValue, mark: mark(s.mark)))
        case .sequence(let seq):
            var items: [YAMLNode] = []
            items.reserveCapacity(seq.count)
            for item in seq { items.append(try convert(item, depth: depth + 1)) }
            return .sequence(items, mark(seq.mark))
        case .mapping(let map):
            var pairs: [YAMLPair] = []
            var hidden: Set<String> = []
            for (key, value) in map {
                if let m = key.mark, let original = renamed[Position(line: m.line, column: m.column)] {
                    hidden.insert(original)
                    count += 1
                    continue
                }
                let k = try convert(key, depth: depth + 1)
                let v = try convert(value, depth: depth + 1)
                if let text = k.scalar?.text, hidden.contains(text) {
                    let p = Position(line: k.mark.line, column: k.mark.column)
                    if warned.insert(p).inserted {
                        sink.emit(
                            Diagnostic(
                                .warning, .ruleError, file: file, line: p.line, column: p.column,
                                message: RuleError.duplicateKey(text).description))
                    }
                }
                pairs.append(YAMLPair(key: k, value: v))
            }
            return .mapping(pairs, mark(map.mark))
        case .alias(let alias):
            throw WalkStop(error: .invalidYAML("unresolved alias"), mark: mark(alias.mark))
        }
    }
}
