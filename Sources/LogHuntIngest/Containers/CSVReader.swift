import LogHuntCore

/// Turns CSV rows (RFC 4180) into JSON object text, driven by the header row.
///
/// - Dotted headers (`actor_location.country_code`, GitHub) become nested objects.
/// - Headers written all in capitals (`OCCURRED_AT`) are lowercased, so `id`/`ID` and
///   `occurred_at`/`OCCURRED_AT` give the same keys; surrounding blanks are trimmed.
/// - Cells: empty cells are left out (as a JSON export leaves out absent fields); `true` and
///   `false` become booleans; canonical integers (no leading zero, at most 18 digits) become
///   numbers; cells holding JSON objects or arrays (CircleCI's `actor`, `target`, `scope`,
///   `payload`, `request`, `metadata`) are embedded as JSON; everything else is a string.
/// - Cells beyond the header are kept as `column_N` (1-based).
package struct CSVReader: Sendable {
    private struct Node: Sendable {
        /// The key, already quoted as JSON.
        var key: [UInt8]
        var name: String
        var column: Int?
        var children: [Node] = []
    }

    private var roots: [Node] = []
    private let columnCount: Int
    private let maxDepth: Int

    /// Creates a reader from the header row's fields.
    /// - Parameters:
    ///   - header: the header cells, unquoted.
    ///   - limits: `maxDepth` bounds the JSON cells accepted.
    package init(header: [[UInt8]], limits: Limits) {
        columnCount = header.count
        maxDepth = limits.maxDepth
        var taken: Set<String> = []
        for (column, cell) in header.enumerated() {
            var name = String(decoding: cell, as: UTF8.self).trimmingBlanks
            if name.isEmpty { name = "column_\(column + 1)" }
            let hasLower = name.unicodeScalars.contains { $0.properties.isLowercase }
            if !hasLower { name = name.lowercased() }
            if taken.contains(name) { name += "_\(column + 1)" }
            taken.insert(name)
            let segments = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if segments.count > 1 && segments.count <= 16 && !segments.contains(where: \.isEmpty)
                && Self.insert(&roots, segments[...], column: column)
            {
                continue
            }
            roots.append(Node(key: Self.quotedKey(name), name: name, column: column))
        }
    }

    private static func quotedKey(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        JSONEncoding.appendQuoted(name, to: &out)
        return out
    }

    /// Inserts a dotted header into the tree; false on a conflict with a plain column.
    private static func insert(_ nodes: inout [Node], _ segments: ArraySlice<String>, column: Int) -> Bool {
        guard let first = segments.first else { return false }
        let rest = segments.dropFirst()
        if let k = nodes.firstIndex(where: { $0.name == first }) {
            if nodes[k].column != nil || rest.isEmpty { return false }
            return insert(&nodes[k].children, rest, column: column)
        }
        var node = Node(key: quotedKey(first), name: first, column: rest.isEmpty ? column : nil)
        if !rest.isEmpty {
            guard insert(&node.children, rest, column: column) else { return false }
        }
        nodes.append(node)
        return true
    }

    /// The JSON object text for one row.
    /// - Parameter fields: the row's cells, unquoted.
    /// - Returns: UTF-8 JSON text.
    package func record(_ fields: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [0x7B]
        var first = true
        write(roots, fields, &out, &first)
        if fields.count > columnCount {
            for column in columnCount..<fields.count where !fields[column].isEmpty {
                if !first { out.append(0x2C) }
                first = false
                out.append(contentsOf: Self.quotedKey("column_\(column + 1)"))
                out.append(0x3A)
                appendValue(fields[column], &out)
            }
        }
        out.append(0x7D)
        return out
    }

    private func hasValue(_ node: Node, _ fields: [[UInt8]]) -> Bool {
        if let column = node.column { return column < fields.count && !fields[column].isEmpty }
        return node.children.contains { hasValue($0, fields) }
    }

    private func write(_ nodes: [Node], _ fields: [[UInt8]], _ out: inout [UInt8], _ first: inout Bool) {
        for node in nodes where hasValue(node, fields) {
            if !first { out.append(0x2C) }
            first = false
            out.append(contentsOf: node.key)
            out.append(0x3A)
            if let column = node.column {
                appendValue(fields[column], &out)
            } else {
                out.append(0x7B)
                var innerFirst = true
                write(node.children, fields, &out, &innerFirst)
                out.append(0x7D)
            }
        }
    }

    private func appendValue(_ cell: [UInt8], _ out: inout [UInt8]) {
        if cell == Array("true".utf8) || cell == Array("false".utf8) {
            out.append(contentsOf: cell)
            return
        }
        if Self.isCanonicalInteger(cell) {
            out.append(contentsOf: cell)
            return
        }
        if let firstByte = cell.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }),
            firstByte == 0x7B || firstByte == 0x5B
        {
            var repaired = cell
            UTF8Repair.repair(&repaired)
            if (try? JSONParser.parse(repaired, maxDepth: maxDepth)) != nil {
                out.append(contentsOf: repaired)
                return
            }
        }
        JSONEncoding.appendQuoted(String(decoding: cell, as: UTF8.self), to: &out)
    }

    /// `0` or an optional minus and 1–18 digits without a leading zero.
    private static func isCanonicalInteger(_ cell: [UInt8]) -> Bool {
        var digits = cell[...]
        if digits.first == 0x2D { digits = digits.dropFirst() }
        guard let first = digits.first, digits.count <= 18 else { return false }
        if first == 0x30 { return digits.count == 1 && cell.count == 1 }
        return digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// True when the row holds only blanks.
    package static func isBlank(_ row: UnsafeBufferPointer<UInt8>) -> Bool {
        row.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x00 }
    }

    /// Splits one row into unquoted cells (RFC 4180: `"` quoting, `""` for a quote, commas
    /// and newlines inside quotes).
    package static func splitFields(_ row: UnsafeBufferPointer<UInt8>) -> [[UInt8]] {
        var fields: [[UInt8]] = []
        var cell: [UInt8] = []
        var i = 0
        let n = row.count
        var inQuotes = false
        var quotedCell = false
        while i < n {
            let c = row[i]
            if inQuotes {
                if c == 0x22 {
                    if i + 1 < n && row[i + 1] == 0x22 {
                        cell.append(0x22)
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    cell.append(c)
                }
            } else if c == 0x2C {
                fields.append(cell)
                cell.removeAll(keepingCapacity: true)
                quotedCell = false
            } else if c == 0x22 && cell.isEmpty && !quotedCell {
                inQuotes = true
                quotedCell = true
            } else {
                cell.append(c)
            }
            i += 1
        }
        fields.append(cell)
        return fields
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate var trimmingBlanks: String {
        var scalars = Substring(self)
        while let f = scalars.first, f == " " || f == "\t" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
