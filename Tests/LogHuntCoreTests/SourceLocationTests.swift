import Foundation
import Testing

@testable import LogHuntCore

/// Locations hold their file as an interned number; they must still behave as if they held the
/// path: equal exactly when the paths are, ordered by path text (not by the order paths were
/// first seen), and encoded with the path itself.
@Suite struct SourceLocationTests {
    @Test func locationsCompareByPathNotByTheOrderPathsWereSeen() {
        let tag = UUID().uuidString
        // "z…" is interned first, so it gets the smaller number.
        let z = SourceLocation(file: "z-\(tag).json", line: 1, record: 0)
        let a = SourceLocation(file: "a-\(tag).json", line: 9, record: 8)
        #expect(z.fileID < a.fileID)
        #expect(a < z)
        #expect(!(z < a))
        #expect(SourceLocation(file: "a-\(tag).json", line: 9, record: 8) == a)
        #expect(SourceLocation(file: "a-\(tag).json", line: 9, record: 9) != a)
        #expect(a.file == "a-\(tag).json")
        #expect(a.description == "a-\(tag).json:9")
        var moved = a
        moved.file = "z-\(tag).json"
        #expect(moved.fileID == z.fileID)
        // Same file: record index first, then line.
        #expect(
            SourceLocation(file: "a-\(tag).json", line: 50, record: 1)
                < SourceLocation(file: "a-\(tag).json", line: 2, record: 2))
    }

    @Test func encodingCarriesThePathAndDecodingInternsIt() throws {
        let location = SourceLocation(file: "logs/github audit.ndjson", line: 445, record: 444)
        let data = try JSONEncoder().encode(location)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["file"] as? String == "logs/github audit.ndjson")
        #expect(object["line"] as? Int == 445)
        #expect(object["record"] as? Int == 444)
        #expect(try JSONDecoder().decode(SourceLocation.self, from: data) == location)
    }

    /// Threads interning overlapping paths at once agree on every path's number, and every
    /// number reads back as its path.
    @Test func concurrentInterningGivesOneNumberPerPath() async {
        let tag = UUID().uuidString
        let paths = (0..<3000).map { "dir-\(tag)/file-\($0 % 1500).json.gz" }
        let results = await withTaskGroup(of: [String: UInt32].self) { group in
            for t in 0..<4 {
                group.addTask {
                    var seen: [String: UInt32] = [:]
                    for p in t % 2 == 0 ? paths : paths.reversed() { seen[p] = SourcePaths.shared.id(for: p) }
                    return seen
                }
            }
            var all: [[String: UInt32]] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 4)
        for r in results.dropFirst() { #expect(r == results[0]) }
        #expect(Set(results[0].values).count == 1500)
        for (p, id) in results[0] { #expect(SourcePaths.shared.path(id) == p) }
        #expect(SourcePaths.shared.path(UInt32.max) == "")
    }
}
