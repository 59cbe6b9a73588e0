/// What can go wrong in the Normalize stage. Normalising a record never fails; only opening
/// a GeoIP database can.
package enum NormalizeError: Error, CustomStringConvertible, Sendable, Hashable {
    /// A GeoIP database file could not be opened or is not a MaxMind DB.
    case unreadableGeoDatabase(path: String, reason: String)
    /// Neither a country nor an ASN database was given.
    case noGeoDatabase

    /// What is wrong: lowercase, no trailing period, no location.
    package var description: String {
        switch self {
        case .unreadableGeoDatabase(let path, let reason): "cannot open GeoIP database \(path): \(reason)"
        case .noGeoDatabase: "no GeoIP database given"
        }
    }
}
