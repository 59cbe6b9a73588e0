#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What can go wrong with correlation state files (`--state`).
package enum CorrelationError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The state file has a version this build does not know.
    case unsupportedStateVersion(found: Int, supported: Int)
    /// The state file is not a loghunt state file, or it is damaged (truncated, not JSON).
    case corruptState(path: String, reason: String)
    /// Another run holds the state file's lock and did not release it in time.
    case stateLocked(path: String)
    /// The state file (or its lock or temporary file) could not be read or written.
    case stateIO(path: String, operation: String, errno: Int32)

    /// What is wrong, lowercase, without a location.
    package var description: String {
        switch self {
        case .unsupportedStateVersion(let found, let supported):
            "state file has version \(found), but this loghunt reads only version \(supported)"
        case .corruptState(let path, let reason):
            "state file \(path) is damaged (\(reason)); move it away to start a new baseline"
        case .stateLocked(let path):
            "state file \(path) is locked by another loghunt run"
        case .stateIO(let path, let operation, let code):
            "cannot \(operation) state file \(path): \(String(cString: strerror(code)).lowercased())"
        }
    }
}
