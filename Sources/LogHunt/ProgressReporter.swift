import Foundation
import LogHuntReport

/// The progress line of a long run on standard error: files, bytes, events per second and
/// findings, redrawn twice a second from a background thread, and cleared before the summary.
/// Only on a terminal (or with `--progress`), never with `-q`.
///
/// `@unchecked Sendable`: counters are guarded by `lock`; the thread only reads them under it.
final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshot = ProgressSnapshot()
    private var running = true
    private let started = Date()
    private let console: Console
    private let width: Int
    private let done = DispatchSemaphore(value: 0)

    /// Starts drawing, or returns nil when progress should not be shown.
    static func start(_ config: HuntConfiguration, totalFiles: Int, console: Console) -> ProgressReporter? {
        guard !config.quiet, config.stderrIsTerminal || config.forceProgress else { return nil }
        return ProgressReporter(totalFiles: totalFiles, console: console, width: config.terminalWidth)
    }

    private init(totalFiles: Int, console: Console, width: Int) {
        self.console = console
        self.width = width
        snapshot.totalFiles = totalFiles
        let thread = Thread { [weak self] in
            while let self, self.tick() { Thread.sleep(forTimeInterval: 0.5) }
            self?.done.signal()
        }
        thread.start()
    }

    /// Adds one batch's counts.
    func add(_ counts: InputCounts, findings: Int = 0) {
        lock.lock()
        snapshot.files += counts.files
        snapshot.bytes += counts.bytesRead
        snapshot.events += counts.events
        snapshot.findings += findings
        lock.unlock()
    }

    private func tick() -> Bool {
        lock.lock()
        guard running else {
            lock.unlock()
            return false
        }
        var s = snapshot
        lock.unlock()
        s.elapsedSeconds = Date().timeIntervalSince(started)
        console.writeErr(Array(ProgressFormatter.line(s, width: width).utf8))
        return true
    }

    /// Stops drawing and clears the line.
    func stop() {
        lock.lock()
        running = false
        lock.unlock()
        done.wait()
        console.writeErr(Array(ProgressFormatter.clear.utf8))
    }
}
