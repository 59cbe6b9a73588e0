/// Offline IP intelligence for `source.geo.*` and `source.as.*`. Implementations never touch
/// the network and must be safe to call from several worker threads at once.
package protocol GeoEnricher: Sendable {
    /// What the database knows about an address.
    /// - Parameter ip: an IPv4 or IPv6 address as text (already validated as an IP).
    /// - Returns: the location, or nil when the address is not in the database.
    func locate(_ ip: String) -> GeoLocation?

    /// An enricher for one worker thread: the same answers, with whatever caching suits a
    /// single thread (no lock). The default is `self`.
    /// - Returns: the enricher that worker uses.
    func forWorker() -> any GeoEnricher
}

extension GeoEnricher {
    package func forWorker() -> any GeoEnricher { self }
}
