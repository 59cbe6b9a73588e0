import Foundation
import LogHuntCore
import LogHuntNormalize
import LogHuntTestSupport
import Testing

/// Offline GeoIP (issue 10) against small MaxMind DBs that the suite writes itself.
@Suite struct GeoEnrichmentTests {
    /// A temporary directory holding a country/city and an ASN database.
    struct Databases {
        let directory: String
        var country: String { directory + "/test-city.mmdb" }
        var asn: String { directory + "/test-asn.mmdb" }

        init() throws {
            directory = FileManager.default.temporaryDirectory.path + "/loghunt-geo-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var city = MMDBTestWriter(databaseType: "GeoLite2-City")
            city.insert(
                ipv4: "89.36.78.0", prefix: 24,
                .map([
                    ("city", .map([("names", .map([("en", .string("Bucharest"))]))])),
                    ("country", .map([("iso_code", .string("RO")), ("names", .map([("en", .string("Romania"))]))])),
                ]))
            city.insert(ipv4: "3.228.39.0", prefix: 24, .map([("country", .map([("iso_code", .string("US"))]))]))
            city.insert(
                ipv6: [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 12), prefix: 32,
                .map([("registered_country", .map([("iso_code", .string("DE"))]))]))
            try city.write(to: country)
            var asnDB = MMDBTestWriter(databaseType: "GeoLite2-ASN")
            asnDB.insert(
                ipv4: "89.36.78.0", prefix: 24,
                .map([
                    ("autonomous_system_number", .uint32(9009)),
                    ("autonomous_system_organization", .string("M247 Europe SRL")),
                ]))
            asnDB.insert(
                ipv4: "3.228.39.0", prefix: 24,
                .map([
                    ("autonomous_system_number", .uint32(14618)),
                    ("autonomous_system_organization", .string("AMAZON-AES")),
                ]))
            try asnDB.write(to: asn)
        }

        func remove() {
            if ProcessInfo.processInfo.environment["LOGHUNT_KEEP_MMDB"] == nil {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
    }

    @Test func locatesIPv4AndIPv6() throws {
        let dbs = try Databases()
        defer { dbs.remove() }
        let geo = try MaxMindEnricher(countryDatabase: dbs.country, asnDatabase: dbs.asn)
        let ro = try #require(geo.locate("89.36.78.75"))
        #expect(
            ro
                == GeoLocation(
                    countryISOCode: "RO", cityName: "Bucharest", asNumber: 9009, asOrganization: "M247 Europe SRL"))
        let de = try #require(geo.locate("2001:db8::42"))
        #expect(de.countryISOCode == "DE")
        #expect(de.asNumber == nil)
        #expect(geo.locate("8.8.8.8") == nil)
        #expect(geo.locate("2a00::1") == nil)
    }

    @Test func asnDatabaseAlone() throws {
        let dbs = try Databases()
        defer { dbs.remove() }
        let geo = try MaxMindEnricher(countryDatabase: nil, asnDatabase: dbs.asn)
        let us = try #require(geo.locate("3.228.39.90"))
        #expect(us == GeoLocation(asNumber: 14618, asOrganization: "AMAZON-AES"))
    }

    @Test func fillsOnlyWhatTheSourceLacks() throws {
        let dbs = try Databases()
        defer { dbs.remove() }
        let normalizer = Normalizer(enricher: try MaxMindEnricher(countryDatabase: dbs.country, asnDatabase: dbs.asn))
        // GitHub gave a country: it stays; AS data is added.
        let github = normalizer.normalize(
            try TestRecords.record(
                #"""
                {"@timestamp":1672203491800,"action":"git.clone","actor":"ci-builder","actor_ip":"89.36.78.75",\#
                "actor_location":{"country_code":"NL"}}
                """#
            ))
        #expect(github.fields[.country] == "NL")
        #expect(github.fields[.asNumber] == "9009")
        #expect(github.fields[.asOrganization] == "M247 Europe SRL")
        #expect(github.fields[.city] == "Bucharest")
        // CloudTrail has no geo of its own.
        let aws = normalizer.normalize(
            try TestRecords.record(
                #"""
                {"eventVersion":"1.08","eventTime":"2022-12-27T02:41:09Z","eventSource":"iam.amazonaws.com",\#
                "eventName":"CreateAccessKey","sourceIPAddress":"89.36.78.75"}
                """#
            ))
        #expect(aws.fields[.country] == "RO")
        #expect(aws.fields[.asNumber] == "9009")
        // A service name is not looked up.
        let service = normalizer.normalize(
            try TestRecords.record(
                #"""
                {"eventVersion":"1.08","eventTime":"2022-12-27T02:41:09Z","eventSource":"iam.amazonaws.com",\#
                "eventName":"X","sourceIPAddress":"ec2.amazonaws.com"}
                """#
            ))
        #expect(service.fields[.country] == nil)
        #expect(service.fields[.asNumber] == nil)
    }

    @Test func sharedAcrossWorkersWithATinyCache() async throws {
        let dbs = try Databases()
        defer { dbs.remove() }
        let geo = try MaxMindEnricher(countryDatabase: dbs.country, asnDatabase: dbs.asn, cacheCapacity: 2)
        let ips = ["89.36.78.75", "3.228.39.90", "8.8.8.8", "2001:db8::1", "89.36.78.1"]
        let expected = ips.map { geo.locate($0) }
        let agreed = await withTaskGroup(of: Bool.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var ok = true
                    for i in 0..<200 {
                        let k = (i + worker) % ips.count
                        ok = ok && geo.locate(ips[k]) == expected[k]
                    }
                    return ok
                }
            }
            var all = true
            for await ok in group { all = all && ok }
            return all
        }
        #expect(agreed)
        #expect(expected[0]?.countryISOCode == "RO")
    }

    @Test func aWorkersOwnCacheGivesTheSharedAnswers() throws {
        let dbs = try Databases()
        defer { dbs.remove() }
        let geo = try MaxMindEnricher(countryDatabase: dbs.country, asnDatabase: dbs.asn, cacheCapacity: 3)
        let ips = ["89.36.78.75", "3.228.39.90", "8.8.8.8", "2001:db8::1", "89.36.78.1", "2a00::1"]
        let expected = ips.map { geo.locate($0) }
        let worker = geo.forWorker()
        #expect(!(worker is MaxMindEnricher))
        // Several rounds, so the tiny cache is emptied and refilled on the way.
        for round in 0..<4 {
            for (k, ip) in ips.enumerated() { #expect(worker.locate(ip) == expected[k], "round \(round) \(ip)") }
        }
        let normalizer = Normalizer(enricher: geo).forWorker()
        let aws = normalizer.normalize(
            try TestRecords.record(
                #"""
                {"eventVersion":"1.08","eventTime":"2022-12-27T02:41:09Z","eventSource":"iam.amazonaws.com",\#
                "eventName":"CreateAccessKey","sourceIPAddress":"89.36.78.75"}
                """#
            ))
        #expect(aws.fields[.country] == "RO")
    }

    @Test func missingOrBadDatabasesAreErrors() throws {
        #expect(throws: NormalizeError.noGeoDatabase) {
            try MaxMindEnricher(countryDatabase: nil, asnDatabase: nil)
        }
        do {
            _ = try MaxMindEnricher(countryDatabase: "/nonexistent/x.mmdb", asnDatabase: nil)
            Issue.record("opened a missing file")
        } catch {
            guard case .unreadableGeoDatabase(let path, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(path == "/nonexistent/x.mmdb")
            #expect(error.description.hasPrefix("cannot open GeoIP database /nonexistent/x.mmdb: "))
            #expect(!error.description.hasSuffix("."))
        }
        let dbs = try Databases()
        defer { dbs.remove() }
        let junk = dbs.directory + "/junk.mmdb"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(throws: NormalizeError.self) {
            try MaxMindEnricher(countryDatabase: dbs.country, asnDatabase: junk)
        }
    }
}
