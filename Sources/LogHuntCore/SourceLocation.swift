/// Where a record came from: the file as given or found, the 1-based line (after
/// decompression) where the record starts, and its 0-based index within the file.
package struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The path as given on the command line or found while walking a directory; `-` for stdin.
    package var file: String
    /// 1-based line of the decompressed stream where the record starts.
    package var line: Int
    /// 0-based index of the record within its file.
    package var record: Int

    /// Creates a location.
    package init(file: String, line: Int, record: Int) {
        self.file = file
        self.line = line
        self.record = record
    }

    /// `FILE:LINE`, the form diagnostics use.
    package var description: String { "\(file):\(line)" }

    package static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.record != b.record { return a.record < b.record }
        return a.line < b.line
    }
}
