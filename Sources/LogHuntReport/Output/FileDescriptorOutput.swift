#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes output bytes to a file descriptor (standard output or error), retrying short writes
/// and `EINTR`. A closed pipe (`| head`) is `ReportError.brokenPipe`, which the caller turns into
/// a quiet end of the run; the facade ignores `SIGPIPE` so that it arrives as `EPIPE`.
package struct FileDescriptorOutput: Sendable {
    /// The descriptor.
    package var fd: Int32

    /// Standard output.
    package static let standardOutput = FileDescriptorOutput(fd: 1)
    /// Standard error.
    package static let standardError = FileDescriptorOutput(fd: 2)

    /// Wraps a descriptor (not owned: never closed).
    package init(fd: Int32) { self.fd = fd }

    /// Writes all of `bytes`.
    /// - Throws: `ReportError.brokenPipe` or `.writeFailed`.
    package func write(_ bytes: [UInt8]) throws(ReportError) { try Self.writeAll(bytes, to: fd) }

    /// Writes a string's UTF-8.
    package func write(_ text: String) throws(ReportError) { try write(Array(text.utf8)) }

    /// Whether the descriptor is a terminal.
    package var isTerminal: Bool { isatty(fd) == 1 }

    /// The terminal's width in columns, when it is a terminal that reports one.
    package var terminalWidth: Int? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Writes all of `bytes` to `fd`.
    package static func writeAll(_ bytes: [UInt8], to fd: Int32) throws(ReportError) {
        var failure: ReportError?
        bytes.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                guard let base = buf.baseAddress else { return }
                let n = systemWrite(fd, base + offset, buf.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0, errno == EINTR {
                    continue
                } else {
                    failure = errno == EPIPE ? .brokenPipe : .writeFailed(errno: n == 0 ? EIO : errno)
                    return
                }
            }
        }
        if let failure { throw failure }
    }
}

/// `write(2)`, named apart from the method above.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(fd, buffer, count)
    #else
    Glibc.write(fd, buffer, count)
    #endif
}
