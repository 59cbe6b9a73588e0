#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `-o FILE` atomically: a temporary file in the target's directory, `fsync`, then
/// `rename` over the target. Readers see the old file or the whole new one, never a part;
/// on any error the temporary file is removed and the target is left untouched.
package struct AtomicFileWriter: Sendable {
    /// The file to write.
    package var path: String

    /// Creates a writer for `path`.
    package init(path: String) { self.path = path }

    /// Writes `bytes` to the file.
    /// - Parameter bytes: the whole content.
    /// - Throws: `ReportError` when the temporary file cannot be made, written, synced or renamed.
    package func write(_ bytes: [UInt8]) throws(ReportError) {
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
        let fd = template.withUnsafeMutableBufferPointer { buf -> Int32 in
            guard let base = buf.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw .cannotCreateTemporaryFile(path: path, errno: errno) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do throws(ReportError) {
            try FileDescriptorOutput.writeAll(bytes, to: fd)
            // mkstemp makes the file 0600; output files are ordinary files (0644 less the umask).
            let mask = umask(0o022)
            umask(mask)
            _ = fchmod(fd, 0o666 & ~mask)
            guard fsync(fd) == 0 else { throw ReportError.syncFailed(path: path, errno: errno) }
            guard close(fd) == 0 else {
                unlink(temporary)
                throw ReportError.syncFailed(path: path, errno: errno)
            }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let e = errno
            unlink(temporary)
            throw .renameFailed(path: path, errno: e)
        }
    }
}
