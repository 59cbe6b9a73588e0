#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LogHuntCore
import LogHuntEngine
import LogHuntTestSupport
import Testing

/// `--state FILE`: first-seen baselines that survive between runs, crashes and concurrent runs.
@Suite struct CorrelationStateTests {
    private let day = 24.0 * 60

    private func spec(_ baseline: CorrelationSpec.Baseline?) -> CorrelationSpec {
        CorrelationNewValueTests.newIP(baseline)
    }

    private func login(_ minutes: Double, _ record: Int, _ actor: String, _ ip: String, file: String) throws -> Hit {
        try Fixture.hit(0, minutes, record: record, file: file, ["actor": actor, "actor_ip": ip])
    }

    /// One hunt with `--state path`: load, run, save.
    private func hunt(_ spec: CorrelationSpec, _ hits: [Hit], state path: String) throws -> CorrelationResult {
        let state = try CorrelationState.load(path: path)
        let result = Fixture.run([spec], hits, state: state)
        try result.state.save(to: path)
        return result
    }

    private func values(_ result: CorrelationResult) -> [String] {
        result.findings.compactMap { $0.correlation?.newValue }
    }

    @Test func secondRunFlagsOnlyWhatIsNewAgainstEverythingSeenBefore() throws {
        let dir = try TempDirectory()
        let path = dir.path + "/state.json"
        let spec = spec(try CorrelationNewValueTests.until(12 * 60))
        let today = [
            try login(60, 0, "alice", "1.1.1.1", file: "day1.json"),  // baseline
            try login(13 * 60, 1, "alice", "2.2.2.2", file: "day1.json"),  // new today
        ]
        #expect(values(try hunt(spec, today, state: path)) == ["2.2.2.2"])
        let tomorrow = [
            try login(day + 60, 0, "alice", "1.1.1.1", file: "day2.json"),
            try login(day + 61, 1, "alice", "2.2.2.2", file: "day2.json"),  // seen yesterday
            try login(day + 62, 2, "alice", "3.3.3.3", file: "day2.json"),  // new
            try login(day + 63, 3, "bob", "1.1.1.1", file: "day2.json"),  // a new group
        ]
        #expect(values(try hunt(spec, tomorrow, state: path)) == ["3.3.3.3", "1.1.1.1"])
        // Without the state, yesterday's 2.2.2.2 would be new again.
        #expect(values(Fixture.run([spec], tomorrow)).contains("2.2.2.2"))
        let baseline = try #require(try CorrelationState.load(path: path).rules["new-ip"])
        #expect(baseline.firstSeen.count == 4)
    }

    @Test func runningTheSameExportAgainReportsTheSameFindings() throws {
        let dir = try TempDirectory()
        let path = dir.path + "/state.json"
        let spec = spec(try CorrelationNewValueTests.until(60))
        let hits = [try login(0, 0, "a", "1.1.1.1", file: "x.json"), try login(70, 1, "a", "2.2.2.2", file: "x.json")]
        let first = Fixture.summary(try hunt(spec, hits, state: path).findings)
        #expect(first.count == 1)
        #expect(Fixture.summary(try hunt(spec, hits, state: path).findings) == first)
    }

    @Test func baselinePeriodStartsAtTheEarliestEventStateRemembers() throws {
        let dir = try TempDirectory()
        let path = dir.path + "/state.json"
        let spec = spec(.period(try Fixture.span("14d")))
        let early = [
            try login(0, 0, "a", "1.1.1.1", file: "w1.json"), try login(5 * day, 1, "a", "2.2.2.2", file: "w1.json"),
        ]
        #expect(try hunt(spec, early, state: path).findings.isEmpty)
        let late = [
            try login(20 * day, 0, "a", "2.2.2.2", file: "w3.json"),
            try login(20 * day + 1, 1, "a", "3.3.3.3", file: "w3.json"),
        ]
        // Alone, day 20 would be its own baseline; with the state, the baseline ended on day 14.
        #expect(Fixture.run([spec], late).findings.isEmpty)
        #expect(values(try hunt(spec, late, state: path)) == ["3.3.3.3"])
    }

    @Test func aValueIsReportedInTheRunThatHoldsItsEarliestOccurrence() throws {
        let dir = try TempDirectory()
        let path = dir.path + "/state.json"
        let spec = spec(try CorrelationNewValueTests.until(60))
        // The later export is hunted first…
        let later = [try login(200, 0, "a", "9.9.9.9", file: "later.json")]
        #expect(values(try hunt(spec, later, state: path)) == ["9.9.9.9"])
        // …then the earlier one, holding an earlier (post-baseline) occurrence: that one is the
        // first, whatever order the exports were hunted in.
        let earlier = [try login(100, 0, "a", "9.9.9.9", file: "earlier.json")]
        let result = try hunt(spec, earlier, state: path)
        #expect(result.findings.map(\.location.file) == ["earlier.json"])
        // And the later export is now known.
        #expect(try hunt(spec, later, state: path).findings.isEmpty)
    }

    @Test func stateOfARuleWhoseFieldsChangedStartsAgain() throws {
        var state = CorrelationState()
        state.rules["new-ip"] = CorrelationState.Baseline(
            groupBy: ["user"], fields: ["ip"], earliest: Fixture.origin,
            firstSeen: [CorrelationState.key(group: ["a"], value: ["1.1.1.1"]): Fixture.origin])
        let hits = [try login(70, 0, "a", "1.1.1.1", file: "x.json")]
        let result = Fixture.run([spec(try CorrelationNewValueTests.until(60))], hits, state: state)
        #expect(values(result) == ["1.1.1.1"])
        #expect(result.diagnostics.contains { $0.message.contains("baseline starts again") })
        let baseline = try #require(result.state.rules["new-ip"])
        #expect(baseline.groupBy == ["actor"])
    }

    @Test func stateOfOtherRulesIsKept() throws {
        var state = CorrelationState()
        state.rules["retired-rule"] = CorrelationState.Baseline(
            groupBy: [], fields: ["x"], firstSeen: ["\u{1E}y": Fixture.origin])
        let result = Fixture.run([spec(nil)], [], state: state)
        #expect(result.state.rules["retired-rule"] == state.rules["retired-rule"])
    }

    // MARK: The file

    @Test func encodingRoundTrips() throws {
        var state = CorrelationState()
        state.rules["r\"1"] = CorrelationState.Baseline(
            groupBy: ["actor"], fields: ["a", "b"], earliest: Timestamp(nanoseconds: -5),
            firstSeen: [
                CorrelationState.key(group: ["x\ny"], value: ["1", "ü"]): Timestamp(
                    nanoseconds: 1_671_616_800_123_456_789)
            ])
        state.rules["empty"] = CorrelationState.Baseline(groupBy: [], fields: ["f"])
        let bytes = state.encoded()
        #expect(try CorrelationState.decode(bytes, path: "s") == state)
        #expect(state.encoded() == bytes)
    }

    @Test func aMissingFileIsAnEmptyState() throws {
        let dir = try TempDirectory()
        #expect(try CorrelationState.load(path: dir.path + "/none.json") == CorrelationState())
    }

    @Test func leftoverTemporaryFileOfAnInterruptedSaveIsIgnoredAndCleanedUp() throws {
        let dir = try TempDirectory()
        let path = dir.path + "/state.json"
        let spec = spec(try CorrelationNewValueTests.until(60))
        _ = try hunt(spec, [try login(0, 0, "a", "1.1.1.1", file: "x.json")], state: path)
        // A crash after writing part of the temporary file, before the rename.
        let partial = String(decoding: try CorrelationState.load(path: path).encoded().prefix(30), as: UTF8.self)
        let leftover = try dir.write("state.json.tmp.99999", partial)
        let loaded = try CorrelationState.load(path: path)
        let kept = try #require(loaded.rules["new-ip"])
        #expect(kept.firstSeen.count == 1)
        try loaded.save(to: path)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(try CorrelationState.load(path: path) == loaded)
    }

    @Test func truncatedStateIsRejectedClearly() throws {
        let dir = try TempDirectory()
        var state = CorrelationState()
        state.rules["r"] = CorrelationState.Baseline(
            groupBy: ["g"], fields: ["f"], firstSeen: ["a\u{1E}b": Fixture.origin])
        let bytes = state.encoded()
        let path = try dir.write("state.json", Data(bytes.prefix(bytes.count - 10)))
        let error = #expect(throws: CorrelationError.self) { try CorrelationState.load(path: path) }
        let text = String(describing: try #require(error))
        #expect(text.hasPrefix("state file \(path) is damaged (not complete JSON"))
        #expect(text.hasSuffix("move it away to start a new baseline"))
        // Saving over a damaged file refuses too, rather than silently dropping the baseline.
        #expect(throws: CorrelationError.self) { try CorrelationState().save(to: path) }
    }

    @Test(arguments: [
        ("", "the file is empty"),
        ("{\"rules\":{}}", "not a loghunt state file"),
        ("[1,2]", "not a loghunt state file"),
        ("{\"format\":\"loghunt-state\",\"rules\":{}}", "no version"),
        (
            "{\"format\":\"loghunt-state\",\"version\":1,\"rules\":{\"r\":{\"group-by\":[],\"fields\":[]}}}",
            "a rule entry is incomplete"
        ),
        (
            "{\"format\":\"loghunt-state\",\"version\":1,\"rules\":{\"r\":{\"group-by\":[],\"fields\":[],\"seen\":[[\"k\",\"x\"]]}}}",
            "rule r has a bad entry"
        ),
    ])
    func damagedStateFilesAreRejected(content: String, reason: String) throws {
        let dir = try TempDirectory()
        let path = try dir.write("state.json", content)
        #expect(throws: CorrelationError.corruptState(path: path, reason: reason)) {
            try CorrelationState.load(path: path)
        }
    }

    @Test func unknownVersionIsRejected() throws {
        let dir = try TempDirectory()
        let path = try dir.write("state.json", "{\"format\":\"loghunt-state\",\"version\":2,\"rules\":{}}")
        let error = #expect(throws: CorrelationError.self) { try CorrelationState.load(path: path) }
        #expect(error == .unsupportedStateVersion(found: 2, supported: 1))
        #expect(
            String(describing: try #require(error)) == "state file has version 2, but this loghunt reads only version 1"
        )
    }

    @Test func twoRunsSavingAtOnceKeepBothBaselines() async throws {
        let dir = try TempDirectory()
        let path = dir.path + "/state.json"
        func state(_ ip: String) -> CorrelationState {
            CorrelationState(rules: [
                "new-ip": CorrelationState.Baseline(
                    groupBy: ["actor"], fields: ["actor_ip"], earliest: Fixture.origin,
                    firstSeen: [CorrelationState.key(group: ["a"], value: [ip]): Fixture.origin])
            ])
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<8 {
                group.addTask { try state("10.0.0.\(i)").save(to: path) }
            }
            try await group.waitForAll()
        }
        let merged = try CorrelationState.load(path: path)
        let both = try #require(merged.rules["new-ip"])
        #expect(both.firstSeen.count == 8)
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(entries == ["state.json", "state.json.lock"])
    }

    @Test func aRunHoldingTheLockMakesTheOtherFailClearly() throws {
        let dir = try TempDirectory()
        let path = dir.path + "/state.json"
        let fd = open(path + ".lock", O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let error = #expect(throws: CorrelationError.self) {
            try CorrelationState().save(to: path, timeoutSeconds: 0.1)
        }
        #expect(error == .stateLocked(path: path))
        #expect(String(describing: try #require(error)) == "state file \(path) is locked by another loghunt run")
        _ = flock(fd, LOCK_UN)
        try CorrelationState().save(to: path, timeoutSeconds: 0.1)
        #expect(try CorrelationState.load(path: path) == CorrelationState())
    }
}

extension CorrelationStateTests {
    @Test func anUnwritableLocationIsAClearError() throws {
        let dir = try TempDirectory()
        let path = dir.path + "/missing/state.json"
        let error = #expect(throws: CorrelationError.self) { try CorrelationState().save(to: path) }
        let text = String(describing: try #require(error))
        #expect(text == "cannot lock state file \(path).lock: no such file or directory")
    }
}
