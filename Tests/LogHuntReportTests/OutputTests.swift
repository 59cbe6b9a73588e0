import Foundation
import LogHuntCore
import Testing

@testable import LogHuntReport

@Suite struct OutputTests {
    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loghunt-out-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func atomicWriteReplacesFile() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.json"
        try AtomicFileWriter(path: path).write(Array("old\n".utf8))
        try AtomicFileWriter(path: path).write(Array("new\n".utf8))
        #expect(FileManager.default.contents(atPath: path) == Data("new\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.json"])
    }

    /// A rename that fails (the target is a directory) leaves no temporary file behind.
    @Test func atomicWriteLeavesNoTemporaryFileOnFailure() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/taken"
        try FileManager.default.createDirectory(atPath: target + "/inner", withIntermediateDirectories: true)
        #expect(throws: ReportError.self) { try AtomicFileWriter(path: target).write(Array("x".utf8)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["taken"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target) == ["inner"])
    }

    /// `-o /dev/null` (here through a symlink to it, so that a regression replaces the link and
    /// not the device) and a named pipe are written through: renaming a temporary file over
    /// them would replace the device or pipe with a regular file.
    @Test func devicesAndPipesAreWrittenThroughNotReplaced() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func kind(_ path: String, follow: Bool = true) -> mode_t {
            var info = stat()
            let rc = follow ? stat(path, &info) : lstat(path, &info)
            return rc == 0 ? info.st_mode & S_IFMT : 0
        }
        let link = dir + "/null"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        let stream = try AtomicFileStream(path: link)
        stream.write(Array("dropped\n".utf8))
        try stream.commit()
        #expect(kind(link, follow: false) == S_IFLNK)
        #expect(kind("/dev/null") == S_IFCHR)

        // The test holds the pipe open for reading and writing (Linux allows it), so the
        // writer's open does not wait and the bytes stay in the pipe's buffer.
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let fd = open(fifo, O_RDWR | O_NONBLOCK)
        #expect(fd >= 0)
        defer { close(fd) }
        try AtomicFileWriter(path: fifo).write(Array("through the pipe\n".utf8))
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
        #expect(n > 0 && Array(buffer[0..<max(0, n)]) == Array("through the pipe\n".utf8))
        #expect(kind(fifo) == S_IFIFO)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["null", "pipe"])
    }

    /// A block device is refused, not written through (a mistyped `-o /dev/sdb`). The node made
    /// here has a number no driver owns, so even a regression cannot reach a disk: opening it
    /// fails with "no such device" instead of the refusal. Needs root for `mknod`; skipped without.
    @Test func blockDevicesAreRefused() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = dir + "/disk"
        guard mknod(node, S_IFBLK | 0o600, dev_t(240 << 8)) == 0 else { return }
        #expect(throws: ReportError.cannotOpen(path: node, errno: EINVAL)) {
            try AtomicFileWriter(path: node).write(Array("x".utf8))
        }
        var info = stat()
        #expect(stat(node, &info) == 0 && info.st_mode & S_IFMT == S_IFBLK)
    }

    @Test func atomicWriteIntoMissingDirectoryFails() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            try AtomicFileWriter(path: dir + "/missing/out.json").write([0x41])
            Issue.record("expected an error")
        } catch {
            #expect(error == .cannotCreateTemporaryFile(path: dir + "/missing/out.json", errno: ENOENT))
            #expect(error.description.hasPrefix("cannot create a temporary file"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    /// A closed pipe is `.brokenPipe`, so the run can end quietly (`| head`).
    @Test func closedPipeIsBrokenPipe() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        #expect(throws: ReportError.brokenPipe) { try FileDescriptorOutput(fd: fds[1]).write("hello\n") }
    }

    @Test func progressAndSizes() {
        #expect(ProgressFormatter.bytes(512) == "512 B")
        #expect(ProgressFormatter.bytes(1536) == "1.5 KB")
        #expect(ProgressFormatter.duration(185) == "3m05s")
        #expect(ProgressFormatter.duration(7260) == "2h01m")
        let line = ProgressFormatter.line(
            ProgressSnapshot(files: 1, bytes: 10, events: 5, findings: 0, elapsedSeconds: 1), width: 30)
        #expect(line.hasPrefix("\r") && line.hasSuffix("\u{1B}[K"))
        #expect(line.count <= 30 + 4)
        #expect(1_234_567.grouped == "1,234,567")
    }

    @Test func statsMergeEqualsSinglePass() {
        let events = [
            ReportFixtures.githubEvent, ReportFixtures.awsEvent, ReportFixtures.githubEvent, ReportFixtures.entraEvent,
        ]
        var whole = StatsAccumulator()
        for e in events { whole.add(e) }
        var a = StatsAccumulator()
        var b = StatsAccumulator()
        for e in events.prefix(2) { a.add(e) }
        for e in events.dropFirst(2) { b.add(e) }
        a.merge(b)
        #expect(StatsWriter().json(a) == StatsWriter().json(whole))
        #expect(a.events == 4)
    }

    @Test func statsCounterIsBounded() throws {
        var stats = StatsAccumulator(distinctLimit: 2)
        for ip in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "1.1.1.1"] {
            stats.add(
                ReportFixtures.event(
                    "{}", provider: .aws, file: "f", line: 1, record: 0, time: "2022-12-22T00:00:00Z",
                    fields: [.sourceIP: ip]))
        }
        let group = try #require(stats.groups.first?.value)
        let counter = try #require(group.counters[.sourceIPs])
        #expect(counter.counts.count == 2)
        #expect(counter.overflow == 1)
    }
}

@Suite struct OutputDestinationTests {
    @Test func pathSelectsDestination() throws {
        #expect(OutputDestination(path: nil) == .standardOutput)
        #expect(OutputDestination(path: "-") == .standardOutput)
        #expect(OutputDestination(path: "out.sarif") == .file("out.sarif"))
        let dir = try OutputTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try OutputDestination(path: dir + "/r.json").write(Array("{}\n".utf8))
        #expect(FileManager.default.contents(atPath: dir + "/r.json") == Data("{}\n".utf8))
    }
}

@Suite struct AtomicFileStreamTests {
    @Test func commitMovesStreamIntoPlace() throws {
        let dir = try OutputTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stream = try AtomicFileStream(path: dir + "/events.jsonl")
        stream.write(Array("a\n".utf8))
        stream.write(Array("b\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir + "/events.jsonl"))
        try stream.commit()
        #expect(FileManager.default.contents(atPath: dir + "/events.jsonl") == Data("a\nb\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["events.jsonl"])
    }

    @Test func discardLeavesTargetAndNoTemporaryFile() throws {
        let dir = try OutputTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFileWriter(path: dir + "/out").write(Array("old".utf8))
        let stream = try AtomicFileStream(path: dir + "/out")
        stream.write(Array("new".utf8))
        stream.discard()
        #expect(FileManager.default.contents(atPath: dir + "/out") == Data("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out"])
    }

    @Test func failedRenameRemovesTemporaryFile() throws {
        let dir = try OutputTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A directory at the target is refused when the stream opens; one that appears while
        // the output is written makes the rename fail.
        try FileManager.default.createDirectory(atPath: dir + "/taken/inner", withIntermediateDirectories: true)
        #expect(throws: ReportError.cannotOpen(path: dir + "/taken", errno: EISDIR)) {
            try AtomicFileStream(path: dir + "/taken")
        }
        let stream = try AtomicFileStream(path: dir + "/late")
        try FileManager.default.createDirectory(atPath: dir + "/late/inner", withIntermediateDirectories: true)
        stream.write([0x41])
        #expect(throws: ReportError.self) { try stream.commit() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["late", "taken"])
    }
}
