import Foundation
import LogHuntCore
import LogHuntIngest
import Testing

/// Golden files in `Snapshots/<name>`, next to this file; `RECORD_SNAPSHOTS=1` rewrites them.
enum Snapshot {
    static var directory: String {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast()
        return parts.joined(separator: "/") + "/Snapshots"
    }

    /// Compares `bytes` with the snapshot exactly (`json: true`: as parsed JSON values, so only
    /// whitespace may differ).
    static func expect(
        _ bytes: [UInt8], named name: String, json: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let path = directory + "/" + name
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("missing snapshot \(name); run with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        let expected = [UInt8](data)
        if json {
            let lines = { (b: [UInt8]) in b.split(separator: 0x0A).compactMap { try? JSONParser.parse(Array($0)).value() } }
            let whole = { (b: [UInt8]) in try? JSONParser.parse(b).value() }
            if let a = whole(bytes), let b = whole(expected) {
                #expect(a == b, "\(name) differs from its snapshot", sourceLocation: sourceLocation)
            } else {
                #expect(lines(bytes) == lines(expected), "\(name) differs from its snapshot", sourceLocation: sourceLocation)
                #expect(!lines(bytes).isEmpty || bytes.isEmpty, sourceLocation: sourceLocation)
            }
        } else {
            #expect(
                String(decoding: bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                "\(name) differs from its snapshot", sourceLocation: sourceLocation)
        }
    }
}
