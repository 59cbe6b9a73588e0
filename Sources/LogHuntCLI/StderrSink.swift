import LogHunt

#if canImport(Glibc)
import Glibc
#endif

/// Standard output and standard error as a `Console` for the library, plus the terminal facts
/// the CLI decides (is it a terminal, colour, width).
enum FileDescriptorConsole {
    /// The process's standard streams. A closed pipe (EPIPE) reports false so the run ends quietly.
    static let standard = Console(
        writeOut: { bytes in writeAll(1, bytes) },
        writeErr: { bytes in _ = writeAll(2, bytes) }
    )

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    /// True when the descriptor is a terminal.
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The terminal width (ioctl, then `COLUMNS`, then 120).
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let env = getenv("COLUMNS"), let cols = Int(String(cString: env)), cols > 0 { return cols }
        return 120
    }

    /// Colour only on a terminal and never with `NO_COLOR` set (to anything).
    static func useColor() -> Bool {
        isTerminal(1) && getenv("NO_COLOR") == nil
    }
}
