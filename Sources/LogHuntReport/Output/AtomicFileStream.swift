#if canImport(Glibc)
import Glibc
#endif

/// Streams output to `-o FILE` atomically: bytes go to a temporary file in the target's
/// directory as they come (so memory stays flat for `normalize` over large inputs), and
/// `commit()` syncs and renames it over the target. Without `commit()` nothing replaces the target.
///
/// A target that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe a
/// reader waits on) is written through instead: renaming over it would replace the device or
/// pipe with a file.
///
/// A class because it owns a file descriptor; used by one thread at a time.
package final class AtomicFileStream {
    private let path: String
    private var fd: Int32
    private let temporary: String
    private var failed: ReportError?
    /// Writing through to an existing device or pipe (no temporary file).
    private let direct: Bool

    /// Creates the temporary file next to `path` (or opens an existing device or pipe).
    /// - Throws: `ReportError.cannotCreateTemporaryFile` when the directory is not writable,
    ///   `.cannotOpen` when an existing non-regular target cannot be opened for writing.
    package init(path: String) throws(ReportError) {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            let kind = info.st_mode & S_IFMT
            // A block device is refused: a mistyped `-o /dev/sdb` must not overwrite a disk.
            guard kind == S_IFCHR || kind == S_IFIFO else {
                throw .cannotOpen(path: path, errno: kind == S_IFDIR ? EISDIR : EINVAL)
            }
            let opened = open(path, O_WRONLY | O_CLOEXEC)
            guard opened >= 0 else { throw .cannotOpen(path: path, errno: errno) }
            fd = opened
            temporary = ""
            direct = true
            return
        }
        direct = false
        let directory: String
        let name: String
        if let slash = path.lastIndex(of: "/") {
            directory = slash == path.startIndex ? "/" : String(path[..<slash])
            name = String(path[path.index(after: slash)...])
        } else {
            directory = "."
            name = path
        }
        var template = Array((directory + "/." + name + ".loghunt-XXXXXX").utf8CString)
        let opened = template.withUnsafeMutableBufferPointer { buf -> Int32 in
            guard let base = buf.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard opened >= 0 else { throw .cannotCreateTemporaryFile(path: path, errno: errno) }
        fd = opened
        temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Appends bytes (errors are kept and reported by `commit()`).
    package func write(_ bytes: [UInt8]) {
        guard failed == nil else { return }
        do throws(ReportError) {
            try FileDescriptorOutput.writeAll(bytes, to: fd)
        } catch {
            failed = error
        }
    }

    /// Syncs and renames the temporary file over the target.
    /// - Throws: the first write error, or `ReportError` from fsync/rename.
    package func commit() throws(ReportError) {
        if let failed {
            discard()
            throw failed
        }
        if direct {
            close(fd)
            fd = -1
            return
        }
        let mask = umask(0o022)
        umask(mask)
        fchmod(fd, 0o666 & ~mask)
        guard fsync(fd) == 0 else {
            let e = errno
            discard()
            throw .syncFailed(path: path, errno: e)
        }
        close(fd)
        fd = -1
        guard rename(temporary, path) == 0 else {
            let e = errno
            unlink(temporary)
            throw .renameFailed(path: path, errno: e)
        }
    }

    /// Removes the temporary file without touching the target.
    package func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        if !direct { unlink(temporary) }
    }

    deinit { if fd >= 0 { discard() } }
}
