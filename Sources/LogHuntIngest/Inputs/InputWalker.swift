import LogHuntCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the paths given on the command line into the list of inputs to read.
///
/// Files are taken as they are; directories are walked recursively in sorted (byte) order.
/// Hidden entries (a leading `.`), anything under a `CloudTrail-Digest` directory and
/// CircleCI's empty `circleci_connectivity_test_*` marker objects are skipped silently.
/// Paths that do not exist, FIFOs, sockets, devices, unreadable files and directory loops
/// each become one `.unreadableInput` diagnostic, and the walk carries on.
package enum InputWalker {
    /// Expands `paths` into inputs, in order.
    /// - Parameters:
    ///   - paths: files, directories or `-` (standard input).
    ///   - limits: `maxDirectoryDepth` bounds the walk.
    ///   - sink: receives a diagnostic for each path that cannot be read.
    /// - Returns: the inputs to read, in the order given (directory contents sorted).
    package static func expand(_ paths: [String], limits: Limits, sink: any DiagnosticSink) -> [InputSource] {
        var out: [InputSource] = []
        for path in paths {
            if path == "-" {
                out.append(.stdin)
                continue
            }
            if isSkippedPath(path) { continue }
            var st = stat()
            guard stat(path, &st) == 0 else {
                let code = errno
                let error: IngestError =
                    code == ENOENT || code == ENOTDIR ? .notFound : .unreadable(reason: errnoText(code))
                sink.emit(Diagnostic(.warning, .unreadableInput, file: path, message: error.description))
                continue
            }
            let type = st.st_mode & S_IFMT
            if type == S_IFDIR {
                var visited: Set<DirectoryID> = []
                walk(
                    directory: path, id: DirectoryID(st), depth: 0, visited: &visited, limits: limits, sink: sink,
                    into: &out)
            } else if type == S_IFIFO
                && (path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/self/fd/") || path == "/dev/stdin")
            {
                // Process substitution (`<(zcat x.gz)`) names a pipe that is meant to be read.
                out.append(InputSource(displayPath: path))
            } else {
                considerFile(path: path, mode: st.st_mode, sink: sink, into: &out)
            }
        }
        return out
    }

    /// True for names the walk never reads (hidden, digest, CircleCI connectivity markers).
    package static func isSkippedName(_ name: String) -> Bool {
        name.hasPrefix(".") || name == "CloudTrail-Digest" || name.hasPrefix("circleci_connectivity_test_")
    }

    /// True for files found while walking a directory that are documentation or pictures next to
    /// the exports (`README.md`, `notes.pdf`, `screenshot.png`, checksums and signatures), never
    /// logs. They are skipped silently; named explicitly on the command line they are still read.
    package static func isDocumentationName(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        let ext = name[name.index(after: dot)...].lowercased()
        return [
            "md", "markdown", "rst", "adoc", "html", "htm", "pdf", "png", "jpg", "jpeg", "gif", "svg", "sha256",
            "md5", "sig", "asc", "pem",
        ].contains(ext)
    }

    /// True when any segment of `path` is a `CloudTrail-Digest` directory, or the last
    /// segment is a CircleCI connectivity marker.
    package static func isSkippedPath(_ path: String) -> Bool {
        let segments = path.split(separator: "/")
        if segments.contains("CloudTrail-Digest") { return true }
        if let last = segments.last, last.hasPrefix("circleci_connectivity_test_") { return true }
        return false
    }

    private struct DirectoryID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ st: stat) {
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
        }
    }

    private static func walk(
        directory: String, id: DirectoryID, depth: Int, visited: inout Set<DirectoryID>, limits: Limits,
        sink: any DiagnosticSink, into out: inout [InputSource]
    ) {
        if visited.contains(id) {
            sink.emit(
                Diagnostic(.warning, .unreadableInput, file: directory, message: IngestError.symlinkLoop.description))
            return
        }
        if depth > limits.maxDirectoryDepth {
            sink.emit(
                Diagnostic(
                    .warning, .unreadableInput, file: directory,
                    message: IngestError.directoryTooDeep(limit: limits.maxDirectoryDepth).description))
            return
        }
        visited.insert(id)
        defer { visited.remove(id) }
        guard let names = listDirectory(directory, sink: sink) else { return }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names where !isSkippedName(name) {
            let child = prefix + name
            var st = stat()
            guard stat(child, &st) == 0 else {
                let code = errno
                // A dangling symbolic link: say so, like `find -L` does.
                sink.emit(
                    Diagnostic(
                        .warning, .unreadableInput, file: child,
                        message: (code == ENOENT ? IngestError.notFound : .unreadable(reason: errnoText(code)))
                            .description))
                continue
            }
            if st.st_mode & S_IFMT != S_IFDIR && isDocumentationName(name) { continue }
            if st.st_mode & S_IFMT == S_IFDIR {
                walk(
                    directory: child, id: DirectoryID(st), depth: depth + 1, visited: &visited, limits: limits,
                    sink: sink, into: &out)
            } else {
                considerFile(path: child, mode: st.st_mode, sink: sink, into: &out)
            }
        }
    }

    private static func considerFile(
        path: String, mode: mode_t, sink: any DiagnosticSink, into out: inout [InputSource]
    ) {
        let type = mode & S_IFMT
        guard type == S_IFREG else {
            let kind: String
            switch type {
            case S_IFIFO: kind = "FIFO"
            case S_IFSOCK: kind = "socket"
            case S_IFCHR: kind = "character device"
            case S_IFBLK: kind = "block device"
            default: kind = "special file"
            }
            sink.emit(
                Diagnostic(
                    .warning, .unreadableInput, file: path, message: IngestError.notRegularFile(kind: kind).description)
            )
            return
        }
        guard access(path, R_OK) == 0 else {
            sink.emit(
                Diagnostic(
                    .warning, .unreadableInput, file: path,
                    message: IngestError.unreadable(reason: errnoText(errno)).description))
            return
        }
        out.append(InputSource(displayPath: path))
    }

    /// The entry names of a directory, sorted by their bytes, without `.` and `..`.
    private static func listDirectory(_ path: String, sink: any DiagnosticSink) -> [String]? {
        guard let dir = opendir(path) else {
            sink.emit(
                Diagnostic(
                    .warning, .unreadableInput, file: path,
                    message: IngestError.unreadable(reason: errnoText(errno)).description))
            return nil
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return names
    }

    /// `strerror` text, lowercased the way diagnostics are written.
    package static func errnoText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let s = String(cString: text)
        guard let first = s.first else { return s }
        return first.lowercased() + s.dropFirst()
    }
}
