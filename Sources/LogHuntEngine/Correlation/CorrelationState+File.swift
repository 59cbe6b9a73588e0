#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension CorrelationState {
    /// Reads a state file. A file that does not exist is the first run: an empty state.
    /// Leftover temporary files of an interrupted save are ignored (the state file itself is
    /// only ever replaced by an atomic rename, so it is the last complete save).
    /// - Parameter path: the state file.
    /// - Returns: the state.
    /// - Throws: `CorrelationError` when the file is unreadable, damaged or of another version.
    package static func load(path: String) throws(CorrelationError) -> CorrelationState {
        let lock = try StateLock(path: path, exclusive: false, timeoutSeconds: 30, createIfMissing: false)
        defer { lock.release() }
        guard let bytes = try readFile(path) else { return CorrelationState() }
        return try decode(bytes, path: path)
    }

    /// Saves the state atomically, merged with whatever the file holds now (another run may
    /// have saved since this one loaded): takes an exclusive lock on `FILE.lock` (waiting up to
    /// `timeoutSeconds`), writes `FILE.tmp.PID` in the same directory, `fsync`s it, renames it
    /// over `FILE` and `fsync`s the directory. Stale temporary files of interrupted saves are
    /// removed under the lock.
    /// - Parameters:
    ///   - path: the state file.
    ///   - timeoutSeconds: how long to wait for another run's lock.
    /// - Throws: `CorrelationError` when the lock is held too long, the file on disk is damaged
    ///   or of another version, or it cannot be written.
    package func save(to path: String, timeoutSeconds: Double = 30) throws(CorrelationError) {
        let lock = try StateLock(path: path, exclusive: true, timeoutSeconds: timeoutSeconds, createIfMissing: true)
        defer { lock.release() }
        var merged = self
        if let bytes = try Self.readFile(path) {
            var onDisk = try Self.decode(bytes, path: path)
            // Ours wins for a rule whose fields changed; otherwise earliest times win.
            onDisk.merge(self)
            merged = onDisk
        }
        Self.removeStaleTemporaries(of: path)
        let temporary = "\(path).tmp.\(getpid())"
        let bytes = merged.encoded()
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .stateIO(path: temporary, operation: "create", errno: errno) }
        var written = 0
        let ok = bytes.withUnsafeBytes { buf -> Bool in
            while written < buf.count {
                let n = write(fd, buf.baseAddress.map { $0 + written }, buf.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return true
        }
        let writeErrno = errno
        guard ok, fsync(fd) == 0 else {
            let code = ok ? errno : writeErrno
            close(fd)
            unlink(temporary)
            throw .stateIO(path: temporary, operation: "write", errno: code)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .stateIO(path: path, operation: "replace", errno: code)
        }
        let dir = Self.directory(of: path)
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }

    /// The whole file, or nil when it does not exist.
    private static func readFile(_ path: String) throws(CorrelationError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .stateIO(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .stateIO(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// The directory part of `path` (`.` when there is none).
    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// Removes `FILE.tmp.*` left by interrupted saves (call only while holding the lock).
    private static func removeStaleTemporaries(of path: String) {
        let dir = directory(of: path)
        let base = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        let prefix = base + ".tmp."
        guard let handle = opendir(dir) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name.hasPrefix(prefix) {
                unlink(dir == "." && !path.hasPrefix("./") ? name : dir + "/" + name)
            }
        }
    }
}

/// An advisory `flock` on `FILE.lock`, next to the state file, so that two runs never write the
/// state at once and a reader never sees a half-replaced directory entry.
private struct StateLock {
    private let fd: Int32

    /// Takes the lock (shared for reading, exclusive for saving), polling until `timeoutSeconds`.
    init(path: String, exclusive: Bool, timeoutSeconds: Double, createIfMissing: Bool) throws(CorrelationError) {
        let lockPath = path + ".lock"
        var fd = open(lockPath, O_RDWR | O_CLOEXEC | (createIfMissing ? O_CREAT : 0), 0o644)
        if fd < 0, !createIfMissing {
            // No lock file yet (or a read-only directory): try to create it; a reader that
            // cannot is still safe, since saves replace the file atomically.
            fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        }
        if fd < 0 {
            guard !createIfMissing else { throw .stateIO(path: lockPath, operation: "lock", errno: errno) }
            self.fd = -1
            return
        }
        let operation = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int64(timeoutSeconds * 1000)))
        while flock(fd, operation) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw .stateIO(path: lockPath, operation: "lock", errno: code)
            }
            guard clock.now < deadline else {
                close(fd)
                throw .stateLocked(path: path)
            }
            usleep(20_000)
        }
        self.fd = fd
    }

    /// Releases the lock.
    func release() {
        guard fd >= 0 else { return }
        _ = flock(fd, LOCK_UN)
        close(fd)
    }
}
