/// A snapshot of a long run's progress.
package struct ProgressSnapshot: Sendable, Hashable {
    /// Files finished.
    package var files: Int
    /// Files found so far (nil while still walking).
    package var totalFiles: Int?
    /// Input bytes read (before decompression).
    package var bytes: Int64
    /// Events normalised.
    package var events: Int
    /// Findings so far.
    package var findings: Int
    /// Seconds since the run started.
    package var elapsedSeconds: Double

    /// Creates a snapshot.
    package init(
        files: Int = 0, totalFiles: Int? = nil, bytes: Int64 = 0, events: Int = 0, findings: Int = 0,
        elapsedSeconds: Double = 0
    ) {
        self.files = files
        self.totalFiles = totalFiles
        self.bytes = bytes
        self.events = events
        self.findings = findings
        self.elapsedSeconds = elapsedSeconds
    }
}

/// The progress line on standard error (only when it is a terminal; the facade decides).
/// The line starts with CR and ends with "erase to end of line", so each one overwrites the last.
package enum ProgressFormatter {
    /// CR and "erase line": what to write before the summary to clear the progress line.
    package static let clear = "\r\u{1B}[2K"

    /// `\r3/10 files  120.5 MB  45,120 events/s  12 findings  0:42` fitted to `width`.
    /// - Parameters:
    ///   - progress: the snapshot.
    ///   - width: the terminal width (the line is cut to `width - 1` so it never wraps).
    /// - Returns: the text to write (no newline).
    package static func line(_ progress: ProgressSnapshot, width: Int = 80) -> String {
        var parts: [String] = []
        if let total = progress.totalFiles {
            parts.append("\(progress.files.grouped)/\(total.grouped) files")
        } else {
            parts.append("\(progress.files.grouped) files")
        }
        parts.append(bytes(progress.bytes))
        let rate = progress.elapsedSeconds > 0 ? Int(Double(progress.events) / progress.elapsedSeconds) : 0
        parts.append("\(progress.events.grouped) events (\(rate.grouped)/s)")
        parts.append("\(progress.findings.grouped) findings")
        parts.append(duration(progress.elapsedSeconds))
        let text = "loghunt: " + parts.joined(separator: "  ")
        let cut = text.count < width ? text : String(text.prefix(max(0, width - 1)))
        return "\r" + cut + "\u{1B}[K"
    }

    /// `512 B`, `12.3 KB`, `1.5 GB` (powers of 1024).
    package static func bytes(_ n: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var v = Double(max(0, n))
        var u = 0
        while v >= 1024, u < units.count - 1 {
            v /= 1024
            u += 1
        }
        if u == 0 { return "\(Int(v)) B" }
        return oneDecimal(v) + " " + units[u]
    }

    /// `0.4s`, `42.0s`, `3m05s`, `2h01m`.
    package static func duration(_ seconds: Double) -> String {
        let s = max(0, seconds)
        if s < 60 { return oneDecimal(s) + "s" }
        let whole = Int(s)
        if whole < 3600 { return "\(whole / 60)m" + two(whole % 60) + "s" }
        return "\(whole / 3600)h" + two((whole % 3600) / 60) + "m"
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    private static func oneDecimal(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
