/// Where a command's output goes: standard output, or (`-o FILE`) a file written atomically.
package enum OutputDestination: Sendable, Hashable {
    /// Standard output (a closed pipe is `ReportError.brokenPipe`).
    case standardOutput
    /// A file, replaced atomically (`AtomicFileWriter`).
    case file(String)

    /// `-o PATH` when given (`-` meaning standard output), else standard output.
    /// - Parameter path: the `-o` value, if any.
    package init(path: String?) {
        if let path, path != "-" { self = .file(path) } else { self = .standardOutput }
    }

    /// Writes the whole output.
    /// - Parameter bytes: the output.
    /// - Throws: `ReportError`.
    package func write(_ bytes: [UInt8]) throws(ReportError) {
        switch self {
        case .standardOutput: try FileDescriptorOutput.standardOutput.write(bytes)
        case .file(let path): try AtomicFileWriter(path: path).write(bytes)
        }
    }
}
