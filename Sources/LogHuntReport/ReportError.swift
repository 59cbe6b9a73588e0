/// What can go wrong while writing output.
package enum ReportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The reader of standard output (or of a pipe) went away (`EPIPE`); the run should end quietly.
    case brokenPipe
    /// Writing to a file descriptor failed with `errno`.
    case writeFailed(errno: Int32)
    /// The temporary file next to the output could not be created.
    case cannotCreateTemporaryFile(path: String, errno: Int32)
    /// Flushing the temporary file to disk failed.
    case syncFailed(path: String, errno: Int32)
    /// Moving the temporary file over the output failed.
    case renameFailed(path: String, errno: Int32)
    /// `-o` names something that is neither a regular file nor a character device or pipe to
    /// write through (a directory, a socket, a block device).
    case cannotOpen(path: String, errno: Int32)

    /// Lowercase, no trailing period, no location.
    package var description: String {
        switch self {
        case .brokenPipe: "output pipe closed"
        case .writeFailed(let e): "write failed: \(errnoText(e))"
        case .cannotCreateTemporaryFile(let p, let e): "cannot create a temporary file for \(p): \(errnoText(e))"
        case .syncFailed(let p, let e): "cannot flush \(p) to disk: \(errnoText(e))"
        case .renameFailed(let p, let e): "cannot move the output into place at \(p): \(errnoText(e))"
        case .cannotOpen(let p, let e):
            e == 22  // EINVAL
                ? "cannot write to \(p): not a regular file, character device or pipe"
                : "cannot open \(p) for writing: \(errnoText(e))"
        }
    }
}

/// `strerror`-like text for the few errno values users meet, else the number.
private func errnoText(_ e: Int32) -> String {
    switch e {
    case 2: "no such file or directory"
    case 13: "permission denied"
    case 17: "file exists"
    case 20: "not a directory"
    case 21: "is a directory"
    case 28: "no space left on device"
    case 30: "read-only file system"
    case 32: "broken pipe"
    default: "errno \(e)"
    }
}
