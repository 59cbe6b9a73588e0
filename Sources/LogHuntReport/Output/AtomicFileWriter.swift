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
        // The same temporary-file, fsync and rename steps as streamed output, in one go.
        let stream = try AtomicFileStream(path: path)
        stream.write(bytes)
        try stream.commit()
    }
}
