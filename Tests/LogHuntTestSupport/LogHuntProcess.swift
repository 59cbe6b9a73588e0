import Foundation

/// The result of running the `loghunt` binary.
package struct ProcessResult: Sendable {
    /// Exit status.
    package var status: Int32
    /// Standard output bytes.
    package var stdout: Data
    /// Standard error as text.
    package var stderr: String

    /// Standard output as text.
    package var output: String { String(decoding: stdout, as: UTF8.self) }

    /// Standard output parsed as one JSON value (Foundation is fine in tests).
    package func json() throws -> Any { try JSONSerialization.jsonObject(with: stdout) }

    /// Standard output parsed as one JSON object per line.
    package func jsonLines() throws -> [[String: Any]] {
        try output.split(separator: "\n").map {
            guard let obj = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else {
                throw CocoaError(.coderReadCorrupt)
            }
            return obj
        }
    }
}

/// Runs the built `loghunt` binary, the way ripgrep's `TestCommand` runs `rg`.
package enum LogHuntProcess {
    /// The debug binary next to the test bundle (`swift test` builds it: the CLI tests depend on it).
    package static var binary: String {
        let candidates = [
            TestPaths.packageRoot + "/.build/debug/loghunt",
            TestPaths.packageRoot + "/.build/x86_64-unknown-linux-gnu/debug/loghunt",
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// Runs `loghunt ARGS` in `directory` (the package root by default) with optional stdin.
    package static func run(
        _ arguments: [String], in directory: String? = nil, stdin: Data? = nil,
        environment: [String: String] = [:]
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? TestPaths.packageRoot)
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin {
            try input.fileHandleForWriting.write(contentsOf: stdin)
        }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a full stderr pipe cannot block the child.
        let errBox = ErrBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: outData, stderr: String(decoding: errBox.data, as: UTF8.self))
    }
}

/// Holds stderr bytes read on another thread (written once before `group.wait()`).
private final class ErrBox: @unchecked Sendable {
    var data = Data()
}

/// A temporary directory removed when the value is deinitialised.
package final class TempDirectory: @unchecked Sendable {
    /// The directory's path.
    package let path: String

    /// Creates a fresh directory under the system temporary directory.
    package init() throws {
        let base = NSTemporaryDirectory() + "loghunt-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    /// Writes `contents` to `name` inside the directory and returns the file's path.
    @discardableResult
    package func write(_ name: String, _ contents: String) throws -> String {
        try write(name, Data(contents.utf8))
    }

    /// Writes bytes to `name` inside the directory (creating subdirectories) and returns the path.
    @discardableResult
    package func write(_ name: String, _ contents: Data) throws -> String {
        let full = path + "/" + name
        let dir = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try contents.write(to: URL(fileURLWithPath: full))
        return full
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

extension LogHuntProcess {
    /// Runs a Python 3 script (for checks that use Python's `jsonschema`).
    package static func python(_ script: String, arguments: [String]) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: o, stderr: String(decoding: e, as: UTF8.self))
    }
}
