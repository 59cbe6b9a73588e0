import Testing

@testable import LogHunt

/// The `# requires: geoip` marker: a line of its own among a rule file's first 40.
@Suite struct RuleCatalogTests {
    @Test func markerLineIsFound() {
        #expect(RuleCatalog.needsGeoIP("# requires: geoip\ntitle: x\n"))
        #expect(RuleCatalog.needsGeoIP("title: x\n  \t# requires: geoip \t\nid: y"))
        #expect(RuleCatalog.needsGeoIP(String(repeating: "a: b\n", count: 39) + "# requires: geoip"))
    }

    @Test func otherTextIsNot() {
        #expect(!RuleCatalog.needsGeoIP(""))
        #expect(!RuleCatalog.needsGeoIP("title: x # requires: geoip\n"))
        #expect(!RuleCatalog.needsGeoIP("# requires: geoipx\n# requires: GeoIP\n"))
        #expect(!RuleCatalog.needsGeoIP(String(repeating: "a: b\n", count: 40) + "# requires: geoip\n"))
    }
}
