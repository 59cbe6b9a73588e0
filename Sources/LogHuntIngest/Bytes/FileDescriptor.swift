#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file descriptor that is closed when the last reference goes away.
///
/// A class because it owns a C handle (house rule 6). Not `Sendable`: one reader owns it.
package final class FileDescriptor {
    /// The descriptor.
    package let fd: Int32
    private let owned: Bool

    /// Opens `path` read-only.
    /// - Returns: `nil` with `errno` set when the file cannot be opened.
    package init?(openingForReading path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.owned = true
    }

    /// Wraps an inherited descriptor (standard input) without taking ownership.
    package init(borrowing fd: Int32) {
        self.fd = fd
        self.owned = false
    }

    deinit {
        if owned { close(fd) }
    }

    /// Reads up to `capacity` bytes, retrying on `EINTR`.
    /// - Returns: the bytes read (empty at end of file), or `nil` with `errno` set on an error.
    package func read(upTo capacity: Int) -> [UInt8]? {
        var failed = false
        let out = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialised in
            initialised = 0
            guard let base = buffer.baseAddress else { return }
            while true {
                let n = systemRead(fd, base, capacity)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                initialised = n
                return
            }
        }
        return failed ? nil : out
    }
}

/// `read(2)`, named apart from the method above.
@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
