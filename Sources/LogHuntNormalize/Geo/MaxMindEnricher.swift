import CMaxMindDB
import Synchronization

/// Offline GeoIP from MaxMind DB files (GeoLite2/GeoIP2 Country or City, and ASN), read with
/// libmaxminddb. The only file that imports `CMaxMindDB`. Never touches the network: lookups
/// parse numeric addresses only and read the memory-mapped database.
///
/// Results are kept in a bounded per-IP cache; when it is full it is emptied and refilled, so
/// memory stays bounded by `cacheCapacity`. The hunt's workers each get a cache of their own
/// (`forWorker()`, no lock on the hot path); other callers share one behind a mutex.
///
/// `@unchecked Sendable`: the `MMDB_s` handles are opened in `init`, never written again and
/// closed only in `deinit` (when no thread can hold a reference). libmaxminddb documents
/// lookups on one opened `MMDB_s` from several threads as safe (they only read the mapping).
/// The only mutable state, the cache, is guarded by a `Mutex`.
package final class MaxMindEnricher: GeoEnricher, @unchecked Sendable {
    /// Entries the cache holds before it is emptied.
    package let cacheCapacity: Int
    private let countryDB: UnsafeMutablePointer<MMDB_s>?
    private let asnDB: UnsafeMutablePointer<MMDB_s>?
    private let cache: Mutex<[String: GeoLocation]>
    /// NUL-terminated C paths into a record, allocated once (freed in deinit).
    private let paths: [[UnsafeMutablePointer<CChar>?]]

    private enum PathIndex: Int {
        case countryISO = 0
        case registeredCountryISO
        case cityName
        case asNumber
        case asOrganization
    }

    /// Opens the databases.
    /// - Parameters:
    ///   - countryDatabase: a Country or City database (`source.geo.country_iso_code`,
    ///     `source.geo.city_name`), or nil.
    ///   - asnDatabase: an ASN database (`source.as.number`, `source.as.organization.name`), or nil.
    ///   - cacheCapacity: per-IP cache entries (default 65,536).
    /// - Throws: `NormalizeError.noGeoDatabase` when both are nil,
    ///   `.unreadableGeoDatabase` when a file cannot be opened as a MaxMind DB.
    package init(countryDatabase: String?, asnDatabase: String?, cacheCapacity: Int = 65_536) throws(NormalizeError) {
        guard countryDatabase != nil || asnDatabase != nil else { throw .noGeoDatabase }
        let country = try MaxMindEnricher.open(countryDatabase)
        let asn: UnsafeMutablePointer<MMDB_s>?
        do {
            asn = try MaxMindEnricher.open(asnDatabase)
        } catch {
            MaxMindEnricher.close(country)
            throw error
        }
        self.countryDB = country
        self.asnDB = asn
        self.cacheCapacity = max(1, cacheCapacity)
        self.cache = Mutex([:])
        let keyPaths: [[String]] = [
            ["country", "iso_code"], ["registered_country", "iso_code"], ["city", "names", "en"],
            ["autonomous_system_number"], ["autonomous_system_organization"],
        ]
        self.paths = keyPaths.map { keys in keys.map { MaxMindEnricher.cString($0) } + [nil] }
    }

    deinit {
        MaxMindEnricher.close(countryDB)
        MaxMindEnricher.close(asnDB)
        for path in paths {
            for p in path { p?.deallocate() }
        }
    }

    /// What the databases know about an address (cached).
    /// - Parameter ip: an IPv4 or IPv6 address as text.
    /// - Returns: the location, or nil when neither database has the address.
    package func locate(_ ip: String) -> GeoLocation? {
        if let hit = cache.withLock({ $0[ip] }) { return hit.isEmpty ? nil : hit }
        let found = lookup(ip)
        let capacity = cacheCapacity
        cache.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[ip] = found
        }
        return found.isEmpty ? nil : found
    }

    /// A cache for one worker thread in front of the shared databases.
    /// - Returns: the worker's enricher.
    package func forWorker() -> any GeoEnricher { WorkerGeoCache(self) }

    /// Reads both databases (uncached); an empty location when neither knows the address.
    /// - Parameter ip: an IPv4 or IPv6 address as text.
    /// - Returns: the location.
    func lookup(_ ip: String) -> GeoLocation {
        var found = GeoLocation()
        if let countryDB, var entry = MaxMindEnricher.entry(countryDB, ip) {
            found.countryISOCode = string(&entry, .countryISO) ?? string(&entry, .registeredCountryISO)
            found.cityName = string(&entry, .cityName)
        }
        if let asnDB, var entry = MaxMindEnricher.entry(asnDB, ip) {
            found.asNumber = uint32(&entry, .asNumber)
            found.asOrganization = string(&entry, .asOrganization)
        }
        return found
    }

    // MARK: libmaxminddb

    private static func open(_ path: String?) throws(NormalizeError) -> UnsafeMutablePointer<MMDB_s>? {
        guard let path else { return nil }
        let handle = UnsafeMutablePointer<MMDB_s>.allocate(capacity: 1)
        handle.initialize(to: MMDB_s())
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), handle)
        guard status == MMDB_SUCCESS else {
            let reason = MMDB_strerror(status).map { String(cString: $0) } ?? "error \(status)"
            handle.deinitialize(count: 1)
            handle.deallocate()
            throw .unreadableGeoDatabase(path: path, reason: reason.lowercased())
        }
        return handle
    }

    /// A NUL-terminated copy of `text` (the caller deallocates it).
    private static func cString(_ text: String) -> UnsafeMutablePointer<CChar>? {
        let chars = text.utf8CString
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: chars.count)
        chars.withUnsafeBufferPointer { buf in
            if let base = buf.baseAddress { p.initialize(from: base, count: chars.count) }
        }
        return p
    }

    private static func close(_ handle: UnsafeMutablePointer<MMDB_s>?) {
        guard let handle else { return }
        MMDB_close(handle)
        handle.deinitialize(count: 1)
        handle.deallocate()
    }

    private static func entry(_ db: UnsafeMutablePointer<MMDB_s>, _ ip: String) -> MMDB_entry_s? {
        var gaiError: Int32 = 0
        var mmdbError: Int32 = 0
        let result = MMDB_lookup_string(db, ip, &gaiError, &mmdbError)
        guard gaiError == 0, mmdbError == MMDB_SUCCESS, result.found_entry else { return nil }
        return result.entry
    }

    private func value(_ entry: inout MMDB_entry_s, _ path: PathIndex) -> MMDB_entry_data_s? {
        var data = MMDB_entry_data_s()
        let status = paths[path.rawValue].withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: UnsafePointer<CChar>?.self) { MMDB_aget_value(&entry, &data, $0.baseAddress) }
        }
        guard status == MMDB_SUCCESS, data.has_data else { return nil }
        return data
    }

    private func string(_ entry: inout MMDB_entry_s, _ path: PathIndex) -> String? {
        guard let data = value(&entry, path), data.type == UInt32(MMDB_DATA_TYPE_UTF8_STRING),
            let chars = data.utf8_string, data.data_size > 0
        else { return nil }
        let bytes = UnsafeRawBufferPointer(start: chars, count: Int(data.data_size))
        return String(decoding: bytes, as: UTF8.self)
    }

    private func uint32(_ entry: inout MMDB_entry_s, _ path: PathIndex) -> UInt32? {
        guard let data = value(&entry, path) else { return nil }
        switch Int32(data.type) {
        case MMDB_DATA_TYPE_UINT32: return data.uint32
        case MMDB_DATA_TYPE_UINT16: return UInt32(data.uint16)
        default: return nil
        }
    }
}

/// One worker's per-IP cache in front of a `MaxMindEnricher` (bounded like the shared one).
///
/// `@unchecked Sendable`: it is handed to one worker thread and used only there (the
/// pipeline gives every worker its own `Normalizer`); the databases it reads are immutable.
final class WorkerGeoCache: GeoEnricher, @unchecked Sendable {
    private let shared: MaxMindEnricher
    private var table: [String: GeoLocation] = [:]

    init(_ shared: MaxMindEnricher) { self.shared = shared }

    func locate(_ ip: String) -> GeoLocation? {
        if let hit = table[ip] { return hit.isEmpty ? nil : hit }
        let found = shared.lookup(ip)
        if table.count >= shared.cacheCapacity { table.removeAll(keepingCapacity: true) }
        table[ip] = found
        return found.isEmpty ? nil : found
    }

    func forWorker() -> any GeoEnricher { WorkerGeoCache(shared) }
}
