import Foundation
import LogHuntCore
import Testing

@testable import LogHuntIngest

#if canImport(Glibc)
import Glibc
#endif

@Suite struct InputWalkerTests {
    private func expand(_ paths: [String]) -> ([String], [Diagnostic]) {
        let sink = DiagnosticCollector()
        let found = InputWalker.expand(paths, limits: Limits(), sink: sink)
        return (found.map(\.displayPath), sink.diagnostics)
    }

    @Test func walksDirectoriesSortedSkippingHiddenDigestAndMarkers() {
        let dir = TempDir()
        defer { dir.cleanup() }
        dir.write("b/2.json", "{}")
        dir.write("b/10.json", "{}")
        dir.write("a.json", "{}")
        dir.write(".hidden.json", "{}")
        dir.write(".git/config.json", "{}")
        dir.write("AWSLogs/1/CloudTrail-Digest/eu/d.json.gz", "{}")
        dir.write("AWSLogs/1/CloudTrail/eu/r.json.gz", "{}")
        dir.write("circleci_connectivity_test_1700000000", "")
        let (found, diagnostics) = expand([dir.path + "/"])
        let root = dir.path + "/"
        #expect(
            found == [
                root + "AWSLogs/1/CloudTrail/eu/r.json.gz", root + "a.json", root + "b/10.json", root + "b/2.json",
            ])
        #expect(diagnostics.isEmpty)
    }

    @Test func explicitPathsKeepTheirOrderAndStdinIsDash() {
        let dir = TempDir()
        defer { dir.cleanup() }
        let z = dir.write("z.json", "{}")
        let a = dir.write("a.json", "{}")
        let sink = DiagnosticCollector()
        let found = InputWalker.expand([z, "-", a], limits: Limits(), sink: sink)
        #expect(found.map(\.displayPath) == [z, "-", a])
        #expect(found.map(\.kind) == [.file, .stdin, .file])
        // An explicitly named digest path is skipped too.
        #expect(expand([dir.path + "/CloudTrail-Digest/x.json"]).0.isEmpty)
    }

    @Test func missingPathIsADiagnostic() {
        let (found, diagnostics) = expand(["/nonexistent/loghunt/x.json"])
        #expect(found.isEmpty)
        #expect(diagnostics.map(\.description) == ["/nonexistent/loghunt/x.json: no such file or directory"])
        #expect(diagnostics.map(\.code) == [.unreadableInput])
    }

    @Test func symlinkLoopIsReportedOnceAndFilesFoundOnce() {
        let dir = TempDir()
        defer { dir.cleanup() }
        dir.write("logs/a.json", "{}")
        symlink(dir.path + "/logs", dir.path + "/logs/again")
        let (found, diagnostics) = expand([dir.path + "/logs"])
        #expect(found == [dir.path + "/logs/a.json"])
        #expect(diagnostics.map(\.code) == [.unreadableInput])
        #expect(diagnostics.first?.file == dir.path + "/logs/again")
        #expect(diagnostics.first?.message.contains("loop") == true)
    }

    @Test func fifoSocketAndDeviceAreDiagnosedNotRead() {
        let dir = TempDir()
        defer { dir.cleanup() }
        mkfifo(dir.path + "/pipe.json", 0o644)
        dir.write("ok.json", "{}")
        let (found, diagnostics) = expand([dir.path, "/dev/null"])
        #expect(found == [dir.path + "/ok.json"])
        #expect(diagnostics.map(\.file) == [dir.path + "/pipe.json", "/dev/null"])
        #expect(
            diagnostics.map(\.message) == [
                "not a regular file (FIFO); skipped", "not a regular file (character device); skipped",
            ])
    }

    @Test func unreadableFileIsDiagnosed() {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.write("secret.json", "{}")
        chmod(path, 0)
        let (found, diagnostics) = expand([path])
        if geteuid() == 0 {
            // Root reads anything; the FIFO and device tests cover the refusal path.
            #expect(found == [path])
        } else {
            #expect(found.isEmpty)
            #expect(diagnostics.map(\.code) == [.unreadableInput])
        }
    }

    @Test func danglingSymlinkIsDiagnosed() {
        let dir = TempDir()
        defer { dir.cleanup() }
        symlink(dir.path + "/gone.json", dir.path + "/link.json")
        let (found, diagnostics) = expand([dir.path])
        #expect(found.isEmpty)
        #expect(diagnostics.map(\.description) == [dir.path + "/link.json: no such file or directory"])
    }

    @Test func readingADirectoryPathAsAFileIsADiagnosticNotACrash() {
        let dir = TempDir()
        defer { dir.cleanup() }
        let (f, _) = read(path: dir.path)
        #expect(f.records.isEmpty)
        #expect(f.diagnostics.map(\.code) == [.unreadableInput])
    }
}

@Suite struct InputWalkerDocumentationTests {
    @Test func documentationBesideExportsIsSkippedOnlyWhileWalking() throws {
        let dir = FileManager.default.temporaryDirectory.path + "/loghunt-walk-doc-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["README.md", "export.json", "notes.pdf", "CloudTrail.json.gz", "shot.PNG"] {
            _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data("{}".utf8))
        }
        let sink = DiagnosticCollector()
        let found = InputWalker.expand([dir], limits: Limits(), sink: sink).map {
            ($0.displayPath as NSString).lastPathComponent
        }
        #expect(found.sorted() == ["CloudTrail.json.gz", "export.json"])
        #expect(sink.diagnostics.isEmpty)
        // Named on the command line, a .md file is still read (and refused by content).
        let explicit = InputWalker.expand([dir + "/README.md"], limits: Limits(), sink: sink)
        #expect(explicit.count == 1)
        #expect(InputWalker.isDocumentationName("a.json") == false)
        #expect(InputWalker.isDocumentationName("no-extension") == false)
    }
}
