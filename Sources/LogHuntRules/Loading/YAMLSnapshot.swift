import LogHuntCore

/// The built-in YAML files as the reader already read them: `YAMLReader.documents(_:)` of a
/// text that is byte for byte one of `BuiltinRules.files` or `BuiltinRules.mappings` decodes
/// its stored node trees instead of composing the text with Yams (about three fifths of
/// start-up: composing, resolving tags through `NSRegularExpression`, checking duplicate keys
/// and walking Yams' nodes).
///
/// The snapshots (`BuiltinRules.snapshots`, written by `loghunt rules snapshot` through
/// `scripts/embed-rules`) are made by the reader itself, so decoding one gives exactly the
/// nodes parsing gives; a test compares the two for every built-in file. A text that differs
/// from the built-in one by a byte, a stale snapshot, a snapshot that does not decode, or
/// limits tighter than the file needs all take the ordinary path.
///
/// Layout (integers as LEB128 varints): the magic `LHY1`; the largest node count and depth of
/// the file's documents (the walk's budgets); the number of documents; then each document's
/// root. A node is a byte 0 (scalar), 1 (sequence) or 2 (mapping) and its mark's line and
/// column; a scalar adds its style and kind bytes and its UTF-8 text (length, bytes); a
/// sequence its count and items; a mapping its count and key/value nodes.
package enum YAMLSnapshot {
    /// One stored file.
    package struct Entry: Sendable {
        /// The built-in path (`Rules/…`) whose text the snapshot was made from.
        package var path: String
        /// FNV-1a 64 of that text's UTF-8.
        package var hash: UInt64
        /// The encoded documents, in base64.
        package var base64: String

        /// Creates an entry.
        package init(path: String, hash: UInt64, base64: String) {
            self.path = path
            self.hash = hash
            self.base64 = base64
        }
    }

    static let magic: [UInt8] = Array("LHY1".utf8)

    /// The stored entries by hash, with each one's built-in text (nil: no such built-in file).
    private static let table: [UInt64: (entry: Entry, text: String)] = {
        var texts: [String: String] = [:]
        for file in BuiltinRules.files + BuiltinRules.mappings { texts[file.path] = file.text }
        var out: [UInt64: (entry: Entry, text: String)] = [:]
        for entry in BuiltinRules.snapshots {
            if let text = texts[entry.path] { out[entry.hash] = (entry, text) }
        }
        return out
    }()

    /// The documents of `text` from its snapshot, or nil when it has none that applies.
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - file: the path its marks name.
    ///   - limits: the reader's budgets; a file needing more is left to the reader.
    /// - Returns: the documents, as `YAMLReader.documents(_:)` gives them.
    package static func documents(of text: String, file: String, limits: Limits) -> [YAMLNode]? {
        guard !table.isEmpty, let (entry, builtin) = table[hash(text)], sameBytes(text, builtin),
            let bytes = Base64.decode(Array(entry.base64.utf8))
        else { return nil }
        return decode(bytes, file: file, limits: limits)
    }

    // MARK: Encoding

    /// Encodes documents (`YAMLReader.documents(_:)` of one file).
    /// - Parameter documents: the documents.
    /// - Returns: the snapshot's bytes.
    package static func encode(_ documents: [YAMLNode]) -> [UInt8] {
        var out = magic
        let sizes = documents.map(measure)
        varint(sizes.map(\.nodes).max() ?? 0, &out)
        varint(sizes.map(\.depth).max() ?? 0, &out)
        varint(documents.count, &out)
        for d in documents { encode(d, &out) }
        return out
    }

    /// A document's node count and its deepest node's depth (the root is at 0), as the
    /// reader's walk counts them.
    static func measure(_ node: YAMLNode) -> (nodes: Int, depth: Int) {
        switch node {
        case .scalar: return (1, 0)
        case .sequence(let items, _):
            var nodes = 1
            var depth = 0
            for item in items {
                let m = measure(item)
                nodes += m.nodes
                depth = max(depth, m.depth + 1)
            }
            return (nodes, depth)
        case .mapping(let pairs, _):
            var nodes = 1
            var depth = 0
            for pair in pairs {
                let k = measure(pair.key)
                let v = measure(pair.value)
                nodes += k.nodes + v.nodes
                depth = max(depth, k.depth + 1, v.depth + 1)
            }
            return (nodes, depth)
        }
    }

    private static func encode(_ node: YAMLNode, _ out: inout [UInt8]) {
        switch node {
        case .scalar(let s):
            out.append(0)
            varint(s.mark.line, &out)
            varint(s.mark.column, &out)
            out.append(styleCode(s.style))
            out.append(kindCode(s.kind))
            varint(s.text.utf8.count, &out)
            out.append(contentsOf: s.text.utf8)
        case .sequence(let items, let mark):
            out.append(1)
            varint(mark.line, &out)
            varint(mark.column, &out)
            varint(items.count, &out)
            for item in items { encode(item, &out) }
        case .mapping(let pairs, let mark):
            out.append(2)
            varint(mark.line, &out)
            varint(mark.column, &out)
            varint(pairs.count, &out)
            for pair in pairs {
                encode(pair.key, &out)
                encode(pair.value, &out)
            }
        }
    }

    private static func varint(_ value: Int, _ out: inout [UInt8]) {
        var v = UInt64(max(value, 0))
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static let styles: [YAMLScalar.Style] = [.plain, .singleQuoted, .doubleQuoted, .block]
    private static let kinds: [SigmaValue.Kind] = [.string, .int, .float, .bool, .null]

    private static func styleCode(_ style: YAMLScalar.Style) -> UInt8 {
        UInt8(styles.firstIndex(of: style) ?? 0)
    }

    private static func kindCode(_ kind: SigmaValue.Kind) -> UInt8 {
        UInt8(kinds.firstIndex(of: kind) ?? 0)
    }

    // MARK: Decoding

    /// Decodes a snapshot; nil when it is malformed or needs more than `limits` allow.
    /// - Parameters:
    ///   - bytes: the snapshot.
    ///   - file: the path the marks name.
    ///   - limits: the reader's budgets.
    /// - Returns: the documents.
    package static func decode(_ bytes: [UInt8], file: String, limits: Limits) -> [YAMLNode]? {
        bytes.withUnsafeBufferPointer { buffer in
            var r = Reader(bytes: buffer, file: file)
            guard buffer.count >= magic.count, Array(buffer[0..<magic.count]) == magic else { return nil }
            r.position = magic.count
            guard let nodes = r.varint(), let depth = r.varint(), nodes <= limits.maxYAMLNodes,
                depth <= limits.maxYAMLDepth, let count = r.varint(), count <= buffer.count
            else { return nil }
            var out: [YAMLNode] = []
            out.reserveCapacity(count)
            for _ in 0..<count {
                guard let d = r.node(depth: 0, maxDepth: depth) else { return nil }
                out.append(d)
            }
            return r.position == buffer.count ? out : nil
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let file: String
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
            self.bytes = bytes
            self.file = file
        }

        mutating func byte() -> UInt8? {
            guard position < bytes.count else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func varint() -> Int? {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while let b = byte() {
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return v <= UInt64(Int32.max) ? Int(v) : nil }
                shift += 7
                if shift > 35 { return nil }
            }
            return nil
        }

        mutating func mark() -> RuleMark? {
            guard let line = varint(), let column = varint() else { return nil }
            return RuleMark(file: file, line: line, column: column)
        }

        /// One node; the stored depth bounds the recursion even for a corrupt snapshot.
        mutating func node(depth: Int, maxDepth: Int) -> YAMLNode? {
            guard depth <= maxDepth, let tag = byte(), let mark = mark() else { return nil }
            switch tag {
            case 0:
                guard let style = byte(), Int(style) < YAMLSnapshot.styles.count, let kind = byte(),
                    Int(kind) < YAMLSnapshot.kinds.count, let n = varint(), n <= bytes.count - position
                else { return nil }
                let text = String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + n]), as: UTF8.self)
                position += n
                return .scalar(
                    YAMLScalar(
                        text: text, style: YAMLSnapshot.styles[Int(style)], kind: YAMLSnapshot.kinds[Int(kind)],
                        mark: mark))
            case 1:
                guard let n = varint(), n <= bytes.count - position else { return nil }
                var items: [YAMLNode] = []
                items.reserveCapacity(n)
                for _ in 0..<n {
                    guard let item = node(depth: depth + 1, maxDepth: maxDepth) else { return nil }
                    items.append(item)
                }
                return .sequence(items, mark)
            case 2:
                guard let n = varint(), n <= bytes.count - position else { return nil }
                var pairs: [YAMLPair] = []
                pairs.reserveCapacity(n)
                for _ in 0..<n {
                    guard let key = node(depth: depth + 1, maxDepth: maxDepth),
                        let value = node(depth: depth + 1, maxDepth: maxDepth)
                    else { return nil }
                    pairs.append(YAMLPair(key: key, value: value))
                }
                return .mapping(pairs, mark)
            default:
                return nil
            }
        }
    }

    // MARK: Text

    /// True when the two texts have the same UTF-8 bytes (eight at a time: the generic
    /// `elementsEqual` of the UTF-8 views cost about 40 instructions a byte).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                let rx = UnsafeRawBufferPointer(x)
                let ry = UnsafeRawBufferPointer(y)
                var i = 0
                while i + 8 <= rx.count {
                    if rx.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        != ry.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    {
                        return false
                    }
                    i += 8
                }
                while i < rx.count {
                    if rx[i] != ry[i] { return false }
                    i += 1
                }
                return true
            }
        }
    }

    /// FNV-1a 64 of the text's UTF-8.
    package static func hash(_ text: String) -> UInt64 {
        var t = text
        return t.withUTF8 { FNV1a.hash(UnsafeRawBufferPointer($0)) }
    }

    // MARK: Generating

    /// The Swift source of `BuiltinRules+Snapshot.swift`: every built-in rule and mapping
    /// file read by `YAMLReader` (its snapshot path turned off) and encoded. A file whose
    /// reading reports anything is left out, so the snapshot never hides a diagnostic.
    /// - Returns: the source text and the paths left out.
    package static func generatedSource() -> (source: String, leftOut: [String]) {
        var lines = [
            "// swift-format-ignore-file",
            "// Generated by `loghunt rules snapshot` (scripts/embed-rules) from BuiltinRules. Do not edit.",
            "",
            "extension BuiltinRules {",
            "    /// The built-in rule and mapping files as `YAMLReader` reads them (`YAMLSnapshot`).",
            "    package static let snapshots: [YAMLSnapshot.Entry] = [",
        ]
        var leftOut: [String] = []
        for file in BuiltinRules.files + BuiltinRules.mappings {
            let collector = DiagnosticCollector()
            let reader = YAMLReader(file: file.path, limits: Limits(), sink: collector, snapshots: false)
            let documents = reader.documents(file.text)
            guard collector.diagnostics.isEmpty else {
                leftOut.append(file.path)
                continue
            }
            let hex = String(hash(file.text), radix: 16)
            lines.append("        YAMLSnapshot.Entry(")
            // `debugDescription` is the path as a Swift string literal, escapes included.
            lines.append("            path: \(file.path.debugDescription), hash: 0x\(hex),")
            lines.append("            base64: \"\(Base64.encode(encode(documents)))\"")
            lines.append("        ),")
        }
        lines.append("    ]")
        lines.append("}")
        lines.append("")
        return (lines.joined(separator: "\n"), leftOut)
    }
}
