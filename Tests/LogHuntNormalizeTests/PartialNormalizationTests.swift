import Foundation
import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import LogHuntTestSupport
import Testing

/// A hunt normalises events only for the ECS fields its rules read (`Normalizer.wanting`) and
/// completes the reported ones (`Normalizer.completed`). Both must agree with full
/// normalisation on every record: each wanted field exactly, everything after completion.
@Suite struct PartialNormalizationTests {
    /// A GeoIP stand-in that answers from the address text, leaving parts out for some
    /// addresses, so the geo fields' dependency on `source.ip` (and on each other) is exercised.
    struct FakeGeo: GeoEnricher {
        func locate(_ ip: String) -> GeoLocation? {
            let h = ip.utf8.reduce(UInt32(7)) { $0 &* 31 &+ UInt32($1) }
            if h % 7 == 0 { return nil }
            let countries = ["DE", "US", "FR", "BR", "JP"]
            return GeoLocation(
                countryISOCode: h % 5 == 0 ? nil : countries[Int(h % 5)],
                cityName: h % 3 == 0 ? nil : "City\(h % 11)",
                asNumber: h % 4 == 0 ? nil : 64_500 + h % 20,
                asOrganization: h % 6 == 0 ? nil : "AS Org \(h % 9)")
        }
    }

    /// Every record of the real samples and of SampleLogs.
    static func documents() throws -> [(String, JSONDocument)] {
        var files = (RealDataTests.realFiles + RealDataTests.pantherFiles).map { TestPaths.realData($0.0) }
        let samples = TestPaths.inPackage("SampleLogs")
        if let walker = FileManager.default.enumerator(atPath: samples) {
            for case let path as String in walker where !path.hasSuffix(".md") {
                var isDirectory: ObjCBool = false
                let full = samples + "/" + path
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files.append(full)
                }
            }
        }
        var out: [(String, JSONDocument)] = []
        for file in files.sorted() {
            for doc in try TestRecords.records(inFile: file).records { out.append((file, doc)) }
        }
        return out
    }

    static func check(_ full: Event, _ partial: Event, wanted: ECSFieldSet, _ where_: String) {
        #expect(partial.provider == full.provider, "\(where_)")
        #expect(partial.service == full.service, "\(where_)")
        #expect(partial.timestamp == full.timestamp, "\(where_)")
        #expect(partial.raw.bytes == full.raw.bytes, "\(where_)")
        for f in ECSField.allCases where wanted.contains(f) {
            #expect(partial.fields[f] == full.fields[f], "\(where_): \(f.rawValue)")
        }
    }

    @Test func everyWantedFieldHasItsFullValueAndCompletionRestoresTheRest() throws {
        let docs = try Self.documents()
        #expect(docs.count > 500, "too few records to mean anything: \(docs.count)")
        let full = Normalizer(enricher: FakeGeo())
        // Each field alone, no field, and random subsets.
        var masks: [ECSFieldSet] = ECSField.allCases.map { ECSFieldSet([$0]) } + [.none]
        var rng = SplitMix64(seed: 0x5EED_0F1E_1D5)
        for _ in 0..<16 { masks.append(ECSFieldSet(ECSField.allCases.filter { _ in rng.next() % 3 == 0 })) }
        var partlyMapped = 0
        for mask in masks {
            let partial = full.wanting(mask)
            for (i, (file, doc)) in docs.enumerated() {
                let location = SourceLocation(file: file, line: i + 1, record: i)
                let a = full.normalize(document: doc, location: location)
                let b = partial.normalize(document: doc, location: location)
                let label = "\(file) record \(i), wanted \(ECSField.allCases.filter(mask.contains).map(\.rawValue))"
                Self.check(a, b, wanted: b.mapped, label)
                #expect(ECSField.allCases.allSatisfy { !mask.contains($0) || b.mapped.contains($0) }, "\(label)")
                if b.mapped != .all, b.fields != a.fields { partlyMapped += 1 }
                let c = full.completed(b)
                #expect(c.fields == a.fields, "\(label): completed")
                #expect(c.mapped == .all)
                Self.check(a, c, wanted: .all, label + " (completed)")
            }
        }
        // The masks did leave fields out (the test would be empty otherwise).
        #expect(partlyMapped > 1_000)
    }

    @Test func dependentFieldsAreWantedTogether() {
        let geo = ECSFieldSet([.city]).closedUnderMapping
        for f in [ECSField.country, .city, .asNumber, .asOrganization, .sourceIP, .sourcePort, .sourceAddress] {
            #expect(geo.contains(f), "\(f)")
        }
        let address = ECSFieldSet([.sourceAddress]).closedUnderMapping
        #expect(address.contains(.sourceIP) && address.contains(.sourcePort) && !address.contains(.country))
        #expect(ECSFieldSet([.userEmail]).closedUnderMapping.contains(.userName))
        #expect(ECSFieldSet([.action]).closedUnderMapping == ECSFieldSet([.action]))
        #expect(Normalizer().wanted == .all)
    }

    /// A hunt fills on each provider's events only what that provider's rules read; the
    /// fields another provider's rules read stay empty there, and completion fills them.
    @Test func fieldsAreWantedPerProvider() throws {
        let n = Normalizer().wanting { provider in
            switch provider {
            case .github: ECSFieldSet([.credentialID])
            case .aws: ECSFieldSet([.sourceIP])
            default: .none
            }
        }
        #expect(n.wanted(for: .github) == ECSFieldSet([.credentialID]))
        #expect(n.wanted(for: .aws).contains(.sourcePort), "closed under mapping")
        var union = n.wanted(for: .aws)
        union.formUnion(ECSFieldSet([.credentialID]))
        #expect(n.wanted == union)
        let at = SourceLocation(file: "x", line: 1, record: 0)
        let github = n.normalize(
            document: try JSONParser.parse(
                Array(#"{"action":"git.clone","actor":"a","actor_ip":"192.0.2.1","hashed_token":"t"}"#.utf8)),
            location: at)
        #expect(github.provider == .github)
        #expect(github.fields[.credentialID] == "t")
        #expect(github.fields[.sourceIP] == nil)
        #expect(n.forWorker().normalize(document: github.raw, location: at).fields == github.fields)
        let aws = n.normalize(
            document: try JSONParser.parse(
                Array(
                    #"{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject","sourceIPAddress":"192.0.2.9","userIdentity":{"accessKeyId":"AKIAX"}}"#
                        .utf8)),
            location: at)
        #expect(aws.provider == .aws)
        #expect(aws.fields[.sourceIP] == "192.0.2.9")
        #expect(aws.fields[.credentialID] == nil)
        #expect(Normalizer().completed(aws).fields[.credentialID] == "AKIAX")
    }

    @Test func aFullyNormalisedEventIsItsOwnCompletion() throws {
        let doc = try JSONParser.parse(Array(#"{"action":"git.clone","actor":"a","actor_ip":"192.0.2.1"}"#.utf8))
        let n = Normalizer()
        let e = n.normalize(document: doc, location: SourceLocation(file: "x", line: 1, record: 0))
        #expect(e.mapped == .all)
        #expect(n.completed(e).fields == e.fields)
        let p = n.wanting(ECSFieldSet([.action])).normalize(
            document: doc, location: SourceLocation(file: "x", line: 1, record: 0))
        #expect(p.fields[.action] == "git.clone")
        #expect(p.fields[.userName] == nil)
        #expect(n.completed(p).fields[.userName] == "a")
    }
}
