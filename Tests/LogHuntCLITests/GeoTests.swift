import Foundation
import LogHuntTestSupport
import Testing

/// Issue 10, end to end: a GeoIP database that the suite builds for SampleLogs' addresses,
/// the enriched-country rule it feeds, and `trace` of a credential seen in three providers.
@Suite struct GeoTests {
    /// The Azure app `circleci-deployer`, federated into GCP (SampleLogs/README.md).
    static let azureApp = "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f"
    /// `Rules/aws/aws_exposed_access_key_used_from_new_country.yml`.
    static let newCountryRule = "6e3c1141-694a-44b5-a926-bf72d02829ba"
    static let cloudTrail = "aws/123456789012_CloudTrail_us-east-1_20221231T1200Z_k3Xq9LmT2vB7nR4w.json.gz"

    /// A network of the sample database: country, city and autonomous system.
    struct Network {
        var address: String
        var prefix: Int
        var country: String
        var city: String?
        var asn: UInt32
        var org: String
    }

    /// SampleLogs' addresses (networks do not overlap). CircleCI's AWS executors and GCP are
    /// US; the IOC addresses sit where their hosting providers (FORMATS.md §6.1) put them.
    static let networks: [Network] = [
        Network(address: "3.0.0.0", prefix: 8, country: "US", city: "Ashburn", asn: 14618, org: "AMAZON-AES"),
        Network(address: "18.0.0.0", prefix: 8, country: "US", city: "Ashburn", asn: 14618, org: "AMAZON-AES"),
        Network(
            address: "34.64.0.0", prefix: 10, country: "US", city: "Council Bluffs", asn: 396982,
            org: "GOOGLE-CLOUD-PLATFORM"),
        Network(address: "34.192.0.0", prefix: 10, country: "US", city: "Ashburn", asn: 14618, org: "AMAZON-AES"),
        Network(address: "35.0.0.0", prefix: 8, country: "US", city: "Ashburn", asn: 14618, org: "AMAZON-AES"),
        Network(address: "44.0.0.0", prefix: 8, country: "US", city: "Ashburn", asn: 14618, org: "AMAZON-AES"),
        Network(address: "52.0.0.0", prefix: 8, country: "US", city: "Ashburn", asn: 14618, org: "AMAZON-AES"),
        Network(address: "54.0.0.0", prefix: 8, country: "US", city: "Ashburn", asn: 14618, org: "AMAZON-AES"),
        Network(address: "198.51.100.0", prefix: 24, country: "US", city: "Seattle", asn: 7922, org: "COMCAST-7922"),
        Network(address: "203.0.113.201", prefix: 32, country: "FR", city: "Lyon", asn: 3215, org: "Orange S.A."),
        Network(
            address: "203.0.113.45", prefix: 32, country: "IN", city: "Bengaluru", asn: 24560, org: "Bharti Airtel Ltd."
        ),
        Network(
            address: "192.0.2.77", prefix: 32, country: "DE", city: "Berlin", asn: 3320, org: "Deutsche Telekom AG"),
        Network(
            address: "111.90.149.0", prefix: 24, country: "MY", city: "Kuala Lumpur", asn: 45839,
            org: "Shinjiru Technology Sdn Bhd"),
        Network(address: "89.36.78.0", prefix: 24, country: "RO", city: "Bucharest", asn: 9009, org: "M247 Europe SRL"),
        Network(
            address: "188.68.229.0", prefix: 24, country: "DE", city: "Frankfurt am Main", asn: 9009,
            org: "M247 Europe SRL"),
        Network(
            address: "72.18.132.0", prefix: 24, country: "US", city: "Dallas", asn: 62904, org: "Handy Networks, LLC"),
        Network(
            address: "178.249.214.0", prefix: 24, country: "GB", city: "London", asn: 60068, org: "Datacamp Limited"),
        Network(
            address: "185.220.101.0", prefix: 24, country: "DE", city: nil, asn: 208294, org: "Zwiebelfreunde e.V."),
        Network(
            address: "146.70.116.0", prefix: 24, country: "SE", city: "Stockholm", asn: 9009, org: "M247 Europe SRL"),
    ]

    /// Writes the city and ASN databases into `directory`; returns their paths.
    static func writeDatabases(in directory: TempDirectory) throws -> (city: String, asn: String) {
        var city = MMDBTestWriter(databaseType: "GeoLite2-City")
        var asn = MMDBTestWriter(databaseType: "GeoLite2-ASN")
        for n in networks {
            var record: [(String, MMDBTestWriter.Value)] = [
                ("country", .map([("iso_code", .string(n.country))])),
                ("registered_country", .map([("iso_code", .string(n.country))])),
            ]
            if let name = n.city { record.insert(("city", .map([("names", .map([("en", .string(name))]))])), at: 0) }
            city.insert(ipv4: n.address, prefix: n.prefix, .map(record))
            asn.insert(
                ipv4: n.address, prefix: n.prefix,
                .map([
                    ("autonomous_system_number", .uint32(n.asn)),
                    ("autonomous_system_organization", .string(n.org)),
                ]))
        }
        let paths = (city: directory.path + "/sample-city.mmdb", asn: directory.path + "/sample-asn.mmdb")
        try city.write(to: paths.city)
        try asn.write(to: paths.asn)
        // `LOGHUNT_SAMPLE_MMDB=DIR swift test --filter GeoTests` keeps a copy for trying
        // `loghunt hunt --geoip DIR/sample-city.mmdb --asn DIR/sample-asn.mmdb SampleLogs` by hand.
        if let keep = ProcessInfo.processInfo.environment["LOGHUNT_SAMPLE_MMDB"], !keep.isEmpty {
            try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            try city.write(to: keep + "/sample-city.mmdb")
            try asn.write(to: keep + "/sample-asn.mmdb")
        }
        return paths
    }

    /// `rule-id file:line` of every finding, the file relative to SampleLogs/.
    static func keys(_ findings: [[String: Any]]) -> Set<String> {
        Set(
            findings.map { f in
                let rule = (f["rule"] as? [String: Any])?["id"] as? String ?? "?"
                let loc = f["location"] as? [String: Any] ?? [:]
                var file = loc["file"] as? String ?? "?"
                if file.hasPrefix("SampleLogs/") { file.removeFirst("SampleLogs/".count) }
                return "\(rule) \(file):\(loc["line"] as? Int ?? 0)"
            })
    }

    @Test func enrichedCountryRuleFiresOnTheAttackersKeyUseOnly() throws {
        let dir = try TempDirectory()
        let db = try Self.writeDatabases(in: dir)
        let plain = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "SampleLogs"])
        let geo = try LogHuntProcess.run([
            "hunt", "-q", "--geoip", db.city, "--asn", db.asn, "-f", "jsonl", "SampleLogs",
        ])
        #expect(geo.status == 0, "\(geo.stderr)")
        let findings = try geo.jsonLines()
        let byNewCountry = findings.filter { ($0["rule"] as? [String: Any])?["id"] as? String == Self.newCountryRule }
        // One finding per new country of the CircleCI-held key: Malaysia (the IOC burst), Germany (Tor).
        #expect(
            Self.keys(byNewCountry)
                == [
                    "\(Self.newCountryRule) \(Self.cloudTrail):110",
                    "\(Self.newCountryRule) \(Self.cloudTrail):124",
                ])
        var countries: [String: String] = [:]
        for f in byNewCountry {
            let event = try #require(f["event"] as? [String: Any])
            let source = try #require(event["source"] as? [String: Any])
            let ip = try #require(source["ip"] as? String)
            let country = try #require((source["geo"] as? [String: Any])?["country_iso_code"] as? String)
            countries[ip] = country
            let credential = (event["credential"] as? [String: Any])?["id"] as? String
            #expect(credential == "AKIAEXAMPLEDEPLOY001")
            #expect((f["rule"] as? [String: Any])?["level"] as? String == "high")
        }
        #expect(countries == ["111.90.149.55": "MY", "185.220.101.17": "DE"])
        // Enrichment adds that rule's findings and changes nothing else the pack reports:
        // the README's benign events stay below medium.
        let added = Self.keys(findings).subtracting(Self.keys(try plain.jsonLines()))
        let removed = Self.keys(try plain.jsonLines()).subtracting(Self.keys(findings))
        #expect(added == Self.keys(byNewCountry))
        #expect(removed.isEmpty, "findings lost with --geoip: \(removed.sorted())")
    }

    @Test func theRuleIsSilentWithoutADatabase() throws {
        let plain = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "SampleLogs"])
        let ids = try plain.jsonLines().compactMap { ($0["rule"] as? [String: Any])?["id"] as? String }
        #expect(!ids.isEmpty)
        #expect(!ids.contains(Self.newCountryRule))
        let list = try LogHuntProcess.run(["rules", "list", "-f", "json"])
        let rules = try #require(try list.json() as? [[String: Any]])
        let rule = try #require(rules.first { $0["id"] as? String == Self.newCountryRule })
        #expect(SampleLogsTests.requiresGeoIP(rule), "the rule file carries the # requires: geoip marker")
    }

    @Test func normalizeFillsCountryAndAutonomousSystem() throws {
        let dir = try TempDirectory()
        let db = try Self.writeDatabases(in: dir)
        let result = try LogHuntProcess.run(["normalize", "--geoip", db.city, "--asn", db.asn, "SampleLogs/aws"])
        #expect(result.status == 0, "\(result.stderr)")
        let events = try result.jsonLines()
        #expect(events.count == 143)
        var withIP = 0
        var seen: [String: String] = [:]
        for e in events {
            guard let source = e["source"] as? [String: Any], let ip = source["ip"] as? String else { continue }
            withIP += 1
            let geo = try #require(source["geo"] as? [String: Any], "\(ip) has source.geo")
            let country = try #require(geo["country_iso_code"] as? String)
            let asn = try #require(source["as"] as? [String: Any], "\(ip) has source.as")
            // EventWriter writes ECS values as strings ("14618"); accept a number too.
            let number = (asn["number"] as? Int) ?? Int(asn["number"] as? String ?? "")
            #expect((number ?? 0) > 0, "\(ip) has source.as.number")
            if ip == "111.90.149.55" { #expect(number == 45839) }
            seen[ip] = country
        }
        #expect(withIP > 100)
        #expect(seen["111.90.149.55"] == "MY")
        #expect(seen["185.220.101.17"] == "DE")
        #expect(seen["54.161.182.76"] == "US")
    }

    @Test func traceFollowsTheAzureAppThroughThreeProviders() throws {
        let result = try LogHuntProcess.run(["trace", "-f", "json", Self.azureApp, "SampleLogs"])
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try #require(try result.json() as? [String: Any])
        let summary = try #require(doc["summary"] as? [String: Any])
        #expect(Set(summary.keys).isSuperset(of: ["azure", "entra", "gcp"]))
        let gcp = try #require(summary["gcp"] as? [String: Any])
        #expect(gcp["events"] as? Int == 8)
        #expect((gcp["source_ips"] as? [String: Any])?["72.18.132.58"] as? Int == 3)
        let events = try #require(doc["events"] as? [[String: Any]])
        let times = events.compactMap { $0["@timestamp"] as? String }
        #expect(times.count == events.count)
        #expect(times.count == 145)
        // ISO-8601 UTC strings of one shape order as text only after padding the fraction:
        // compare parsed dates.
        let parse = ISO8601DateFormatter()
        parse.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plainParse = ISO8601DateFormatter()
        let dates = times.compactMap { parse.date(from: $0) ?? plainParse.date(from: $0) }
        #expect(dates.count == times.count)
        #expect(zip(dates, dates.dropFirst()).allSatisfy { $0 <= $1 }, "timeline in time order")
        let providers = Set(events.compactMap { ($0["event"] as? [String: Any])?["provider"] as? String })
        #expect(providers.isSuperset(of: ["azure", "entra", "gcp"]))
        // The table form names all three too.
        let table = try LogHuntProcess.run(["trace", Self.azureApp, "SampleLogs"]).output
        for p in ["azure:", "entra:", "gcp:"] { #expect(table.contains(p), "table summary has \(p)") }
    }
}
