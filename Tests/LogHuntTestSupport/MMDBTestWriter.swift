import Foundation

/// A minimal MaxMind DB writer for tests (format spec: maxmind.github.io/MaxMind-DB):
/// an IPv6 search tree with 24-bit records, a data section of maps, strings and uint32s,
/// and the metadata map. IPv4 networks go under `::/96`, as in MaxMind's own databases.
/// Built by the test suite itself so CI needs nothing beyond libmaxminddb. Networks must not
/// overlap (a later, longer prefix inside an earlier one would cut the earlier one short).
package struct MMDBTestWriter: Sendable {
    /// A value in the data section.
    package indirect enum Value: Sendable {
        case string(String)
        case uint16(UInt16)
        case uint32(UInt32)
        case uint64(UInt64)
        case map([(String, Value)])
        case array([Value])
    }

    private enum Record {
        case empty
        case node(Int)
        case data(Int)
    }

    private var nodes: [[Record]] = [[.empty, .empty]]
    private var data: [UInt8] = []
    /// The metadata `database_type` (`GeoLite2-City`, `GeoLite2-ASN`).
    package let databaseType: String

    /// An empty database of that type.
    package init(databaseType: String) { self.databaseType = databaseType }

    /// Adds `value` for the IPv4 network `a.b.c.d/prefix`.
    package mutating func insert(ipv4 network: String, prefix: Int, _ value: Value) {
        let octets = network.split(separator: ".").compactMap { UInt8($0) }
        precondition(octets.count == 4)
        let bits = Array(repeating: 0 as UInt8, count: 96) + octets.flatMap { o in (0..<8).map { (o >> (7 - $0)) & 1 } }
        insert(bits: Array(bits.prefix(96 + prefix)), value)
    }

    /// Adds `value` for an IPv6 network given as its 16 bytes and a prefix length.
    package mutating func insert(ipv6 bytes: [UInt8], prefix: Int, _ value: Value) {
        let bits = bytes.flatMap { o in (0..<8).map { (o >> (7 - $0)) & 1 } }
        insert(bits: Array(bits.prefix(prefix)), value)
    }

    private mutating func insert(bits: [UInt8], _ value: Value) {
        let offset = data.count
        encode(value, into: &data)
        var node = 0
        for (depth, bit) in bits.enumerated() {
            let side = Int(bit)
            if depth == bits.count - 1 {
                nodes[node][side] = .data(offset)
                return
            }
            switch nodes[node][side] {
            case .node(let next):
                node = next
            default:
                nodes.append([.empty, .empty])
                nodes[node][side] = .node(nodes.count - 1)
                node = nodes.count - 1
            }
        }
    }

    /// The database file's bytes.
    package func bytes() -> [UInt8] {
        let count = nodes.count
        var out: [UInt8] = []
        for node in nodes {
            for record in node {
                let v: Int
                switch record {
                case .empty: v = count
                case .node(let n): v = n
                case .data(let offset): v = count + 16 + offset
                }
                out.append(UInt8((v >> 16) & 0xFF))
                out.append(UInt8((v >> 8) & 0xFF))
                out.append(UInt8(v & 0xFF))
            }
        }
        out.append(contentsOf: [UInt8](repeating: 0, count: 16))
        out.append(contentsOf: data)
        out.append(contentsOf: [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8))
        let metadata: Value = .map([
            ("node_count", .uint32(UInt32(count))),
            ("record_size", .uint16(24)),
            ("ip_version", .uint16(6)),
            ("database_type", .string(databaseType)),
            ("languages", .array([.string("en")])),
            ("binary_format_major_version", .uint16(2)),
            ("binary_format_minor_version", .uint16(0)),
            ("build_epoch", .uint64(1_700_000_000)),
            ("description", .map([("en", .string("loghunt test database"))])),
        ])
        encode(metadata, into: &out)
        return out
    }

    /// Writes the database to `path`.
    package func write(to path: String) throws {
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
    }

    // MARK: Data section encoding

    private func control(type: Int, size: Int, into out: inout [UInt8]) {
        let typeBits = type <= 7 ? type : 0
        var sizeBits: Int
        var extra: [UInt8] = []
        if size < 29 {
            sizeBits = size
        } else if size < 285 {
            sizeBits = 29
            extra = [UInt8(size - 29)]
        } else {
            sizeBits = 30
            let s = size - 285
            extra = [UInt8((s >> 8) & 0xFF), UInt8(s & 0xFF)]
        }
        out.append(UInt8(typeBits << 5 | sizeBits))
        if type > 7 { out.append(UInt8(type - 7)) }
        out.append(contentsOf: extra)
    }

    private func unsigned(_ v: UInt64, type: Int, into out: inout [UInt8]) {
        var bytes: [UInt8] = []
        var x = v
        while x > 0 {
            bytes.insert(UInt8(x & 0xFF), at: 0)
            x >>= 8
        }
        control(type: type, size: bytes.count, into: &out)
        out.append(contentsOf: bytes)
    }

    private func encode(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .string(let s):
            let b = Array(s.utf8)
            control(type: 2, size: b.count, into: &out)
            out.append(contentsOf: b)
        case .uint16(let v): unsigned(UInt64(v), type: 5, into: &out)
        case .uint32(let v): unsigned(UInt64(v), type: 6, into: &out)
        case .uint64(let v): unsigned(v, type: 9, into: &out)
        case .map(let pairs):
            control(type: 7, size: pairs.count, into: &out)
            for (k, v) in pairs {
                encode(.string(k), into: &out)
                encode(v, into: &out)
            }
        case .array(let items):
            control(type: 11, size: items.count, into: &out)
            for v in items { encode(v, into: &out) }
        }
    }
}
