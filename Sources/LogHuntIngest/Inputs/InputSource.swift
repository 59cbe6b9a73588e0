/// One input to read: a file found on disk or standard input.
package struct InputSource: Sendable, Hashable {
    /// Where the bytes come from.
    package enum Kind: Sendable, Hashable {
        /// A file at `path`.
        case file
        /// Standard input.
        case stdin
    }

    /// The path as given on the command line or found while walking a directory; `-` for stdin.
    package var displayPath: String
    /// The path to open (equal to `displayPath` for files).
    package var path: String
    /// File or standard input.
    package var kind: Kind

    /// Creates a source.
    package init(displayPath: String, path: String? = nil, kind: Kind = .file) {
        self.displayPath = displayPath
        self.path = path ?? displayPath
        self.kind = kind
    }

    /// Standard input, shown as `-`.
    package static var stdin: InputSource { InputSource(displayPath: "-", path: "-", kind: .stdin) }
}
