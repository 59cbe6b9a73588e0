import LogHuntCore
import LogHuntIngest
import LogHuntRules

/// A parser under fuzzing. Each target runs one input through its parser, exercises the
/// result, and returns the invariants the input broke (empty when all hold). A crash, a trap
/// or a hang inside the parser is a defect too; libFuzzer sees those directly.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `JSONParser.parse` within `Limits`, then a walk of the tape and a round trip.
    case json
    /// `GzipChunkSource` (and `GzipDecoder`) fed in small pieces.
    case gzip
    /// `RecordFramer` fed in random-sized chunks, compared with one chunk, then `RawRecord.parse`.
    case framer
    /// CSV rows through the framer and `CSVReader`: every row must become a JSON object.
    case csv
    /// `RuleLoader.load` on the input as rule text, then `RuleSet.validated`.
    case rules
    /// `ConditionParser` on the input as a condition (first line: extra identifiers).
    case condition

    /// The largest input worth trying (libFuzzer's `-max_len`).
    var maxLength: Int {
        switch self {
        case .json, .framer, .csv: 16_384
        case .gzip: 8_192
        case .rules: 8_192
        case .condition: 4_096
        }
    }

    /// Runs one input.
    /// - Parameter bytes: the input.
    /// - Returns: the broken invariants, as sentences.
    func run(_ bytes: [UInt8]) -> [String] {
        switch self {
        case .json: FuzzTarget.json(bytes)
        case .gzip: FuzzTarget.gzip(bytes)
        case .framer: FuzzTarget.framer(bytes, prefix: [])
        case .csv: FuzzTarget.csv(bytes)
        case .rules: FuzzTarget.rules(bytes)
        case .condition: FuzzTarget.condition(bytes)
        }
    }

    // MARK: json

    private static func json(_ bytes: [UInt8]) -> [String] {
        let limits = Limits()
        // Invalid UTF-8 must not crash the parser even though callers repair it first.
        _ = try? JSONParser.parse(bytes, maxDepth: limits.maxDepth)
        var problems: [String] = []
        // The C tape parser (tried first) and the Swift one accept the same texts, same tapes.
        if JSONParser.cTapeLayoutMatches {
            let viaC = JSONParser.tapeInC(bytes, maxDepth: limits.maxDepth)
            let viaSwift = try? JSONParser.parseInSwift(bytes, maxDepth: limits.maxDepth)
            if (viaC == nil) != (viaSwift == nil) {
                problems.append("the C and Swift parsers disagree on whether the text is JSON")
            } else if let viaC, let viaSwift,
                viaC.nodes != viaSwift.nodes || viaC.needsReencoding != viaSwift.needsReencoding
            {
                problems.append("the C and Swift parsers build different tapes")
            }
        }
        var text = bytes
        UTF8Repair.repair(&text)
        guard let document = try? JSONParser.parse(text, maxDepth: limits.maxDepth) else { return problems }
        problems += walk(document)
        let value = document.value(document.root)
        let serialized = Array(value.serialized().utf8)
        do {
            let again = try JSONParser.parse(serialized, maxDepth: limits.maxDepth + 1)
            if again.value(again.root) != value {
                problems.append("the serialised document parses to a different value")
            }
        } catch {
            problems.append("the serialised document does not parse again: \(error)")
        }
        return problems
    }

    /// Calls every accessor on every node; checks the ones that must agree.
    private static func walk(_ document: JSONDocument) -> [String] {
        var problems: [String] = []
        for i in document.nodes.indices {
            _ = document.rawBytes(i)
            _ = document.scalarText(i)
            _ = document.number(i)
            _ = document.bool(i)
            switch document.kind(i) {
            case .string:
                let decoded = document.decodeString(i)
                let count = document.withStringBytes(i) { $0.count }
                if count != decoded.utf8.count {
                    problems.append("withStringBytes and decodeString disagree on node \(i)")
                }
            case .array:
                if document.elements(i).count != Int(document.nodes[i].count) {
                    problems.append("array node \(i) lists a different number of elements")
                }
            case .object:
                for (key, _) in document.members(i) {
                    let name = document.decodeString(key)
                    if document.member(i, name) == nil {
                        problems.append("object node \(i) cannot find its own key")
                    }
                    _ = document.memberCaseInsensitive(i, name.uppercased())
                }
            case .null, .true, .false, .number:
                break
            }
        }
        return problems
    }

    // MARK: gzip

    private static func gzip(_ bytes: [UInt8]) -> [String] {
        var input = FuzzInput(bytes)
        var limits = Limits()
        // Small bounds keep bombs cheap per execution while still reaching the limit path.
        limits.maxGzipRatio = 50
        limits.gzipRatioGrace = 1 << 16
        let outputSize = 64 + Int(input.next() % 4_096)
        let pieces = inflate(MemoryChunkSource(chunks: input.chunks(upTo: 4_096)), limits, outputSize)
        let whole = inflate(MemoryChunkSource(chunks: [bytes]), limits, outputSize)
        var problems = pieces.problems + whole.problems
        // After damage both runs report, only a common prefix is required: ISA-L takes some
        // damaged deflate headers that zlib rejects and stops a few bytes later, and whether what it
        // decoded in between was delivered before zlib took over depends on where the pieces end.
        let damaged = pieces.corrupt && whole.corrupt
        let samePrefix = pieces.output.starts(with: whole.output) || whole.output.starts(with: pieces.output)
        if !pieces.limited && !whole.limited && pieces.output != whole.output && !(damaged && samePrefix) {
            problems.append("chunked input inflates to different bytes than one chunk")
        }
        return problems
    }

    /// How a corrupt-data diagnostic starts (not a cut, not trailing bytes).
    private static let corruptGzipText = String(
        IngestError.corruptGzip(member: 1, reason: "").description.prefix { $0 != "1" })

    private static func inflate(_ base: MemoryChunkSource, _ limits: Limits, _ outputSize: Int) -> (
        output: [UInt8], limited: Bool, corrupt: Bool, problems: [String]
    ) {
        let sink = DiagnosticCollector()
        var source = GzipChunkSource(base: base, file: "fuzz.gz", limits: limits, outputSize: outputSize, sink: sink)
        var output: [UInt8] = []
        var problems: [String] = []
        while let chunk = source.nextChunk() {
            if chunk.isEmpty { problems.append("an empty chunk") }
            output += chunk
            if output.count > (limits.maxGzipRatio + 1) * max(1, source.bytesConsumed) + limits.gzipRatioGrace
                + outputSize
            {
                problems.append("decoded \(output.count) bytes past the expansion limit")
                break
            }
        }
        if output.count != source.bytesDecoded { problems.append("bytesDecoded disagrees with the output") }
        let limited = sink.diagnostics.contains { $0.code == .limitExceeded }
        let corrupt = sink.diagnostics.contains { $0.code == .damagedGzip && $0.message.hasPrefix(corruptGzipText) }
        return (output, limited, corrupt, problems)
    }

    // MARK: framer and csv

    private static func framer(_ bytes: [UInt8], prefix: [UInt8]) -> [String] {
        var input = FuzzInput(bytes)
        var limits = Limits()
        // Half the inputs run under small limits. Whether an over-long record is dropped while
        // framing or emitted and rejected by `parse` depends on where the chunks end (it is
        // unusable either way), so chunked and whole framing are compared only under the default
        // limits, which inputs of at most `maxLength` bytes never reach.
        let smallLimits = input.next() & 1 == 0
        if smallLimits {
            limits.maxRecordBytes = 2_048
            limits.maxLineBytes = 2_048
            limits.maxDepth = 16
        }
        let text = prefix + bytes
        let chunks = input.chunks(upTo: 2_048).enumerated().map { $0 == 0 ? prefix + $1 : $1 }
        let whole = frame([text], limits)
        let pieces = frame(chunks, limits)
        var problems: [String] = []
        if !smallLimits && whole != pieces {
            func summary(_ records: [RawRecord]) -> String {
                records.map { "\($0.location.line):\($0.location.record):\($0.container):\($0.bytes.count)" }
                    .joined(separator: " ")
            }
            problems.append(
                "chunked framing (\(pieces.count) records) differs from one chunk (\(whole.count)): chunks "
                    + "\(chunks.map(\.count)); "
                    + "one chunk [\(summary(whole))] chunks [\(summary(pieces))]")
        }
        let lines = 1 + text.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        for record in pieces {
            if record.location.line < 1 || record.location.line > lines {
                problems.append("record \(record.location.record) starts on line \(record.location.line) of \(lines)")
            }
            switch record.parse(limits: limits) {
            case .success:
                break
            case .failure(let diagnostic):
                if record.container == .csv && diagnostic.code != .limitExceeded {
                    problems.append("CSV row became invalid JSON: \(diagnostic.message)")
                }
            }
        }
        return problems
    }

    private static func frame(_ chunks: [[UInt8]], _ limits: Limits) -> [RawRecord] {
        var framer = RecordFramer(file: "fuzz", limits: limits, sink: DiscardingDiagnosticSink())
        var out: [RawRecord] = []
        for chunk in chunks where !chunk.isEmpty {
            framer.push(chunk)
            while let record = framer.next() { out.append(record) }
        }
        framer.finish()
        while let record = framer.next() { out.append(record) }
        return out
    }

    private static let csvHeader = Array(
        "id,action,actor.login,actor.id,created_at,payload,actor_location.country_code,REPO,\n".utf8)

    private static func csv(_ bytes: [UInt8]) -> [String] {
        // Even first byte: rows under a fixed header; odd: the input brings its own header.
        let prefix = (bytes.first ?? 0) & 1 == 0 ? csvHeader : []
        var problems = framer(bytes, prefix: prefix)
        // CSVReader directly, one line per row.
        let text = prefix + bytes
        let rows = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        guard let headerRow = rows.first else { return problems }
        let header = Array(headerRow).withUnsafeBufferPointer { CSVReader.splitFields($0) }
        let reader = CSVReader(header: header, limits: Limits())
        for row in rows.dropFirst() {
            let fields = Array(row).withUnsafeBufferPointer { CSVReader.splitFields($0) }
            var json = reader.record(fields)
            UTF8Repair.repair(&json)
            do {
                let document = try JSONParser.parse(json, maxDepth: Limits().maxDepth + 20)
                if !document.isObject(document.root) { problems.append("a CSV row became a non-object") }
            } catch {
                problems.append(
                    "CSVReader made invalid JSON (\(error)): \(String(decoding: json.prefix(200), as: UTF8.self))")
            }
        }
        return problems
    }

    // MARK: rules and condition

    private static func rules(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let sink = DiagnosticCollector()
        let documents = RuleLoader.load(text: text, file: "fuzz.yml", limits: Limits(), sink: sink)
        _ = RuleSet(documents: documents).validated(sink: sink)
        var problems: [String] = []
        for diagnostic in sink.diagnostics where diagnostic.message.isEmpty {
            problems.append("a rule diagnostic without a message")
        }
        return problems
    }

    private static let identifiers = ["selection", "filter", "sel_1", "sel_2", "_private", "keywords", "filter_main_x"]

    private static func condition(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        var names = identifiers
        var condition = Substring(text)
        if let newline = text.firstIndex(of: "\n") {
            names += text[..<newline].split(separator: " ").map(String.init)
            condition = text[text.index(after: newline)...]
        }
        var parser = ConditionParser(identifiers: names)
        switch parser.parse(String(condition), at: RuleMark(file: "fuzz.yml", line: 1, column: 1)) {
        case .success:
            return []
        case .failure(let problem):
            return problem.mark.line < 1 || problem.mark.column < 1 ? ["a problem marked before the start"] : []
        }
    }
}
