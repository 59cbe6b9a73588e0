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
        _ bytes: [UInt8], named name: String, json: Bool = false,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let path = directory + "/" + name
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("missing snapshot \(name); run with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        let expected = [UInt8](data)
        if json {
            let lines = { (b: [UInt8]) in
                b.split(separator: 0x0A).compactMap { try? JSONParser.parse(Array($0)).value() }
            }
            let whole = { (b: [UInt8]) in try? JSONParser.parse(b).value() }
            let same: Bool
            if let a = whole(bytes), let b = whole(expected) {
                same = a == b
            } else {
                let (a, b) = (lines(bytes), lines(expected))
                same = a == b && (!a.isEmpty || bytes.isEmpty)
            }
            #expect(
                same, "\(name) differs from its snapshot: \(firstDifference(bytes, expected))",
                sourceLocation: sourceLocation)
        } else {
            let same = bytes == expected
            #expect(
                same, "\(name) differs from its snapshot: \(firstDifference(bytes, expected))",
                sourceLocation: sourceLocation)
        }
    }

    /// The first line that differs, for the failure message.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
        let la = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let lb = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for k in 0..<max(la.count, lb.count) {
            let x = k < la.count ? String(la[k]) : "<end>"
            let y = k < lb.count ? String(lb[k]) : "<end>"
            if x != y { return "line \(k + 1): got \(x.debugDescription), expected \(y.debugDescription)" }
        }
        return "same lines"
    }
}
