import Testing

@Suite struct IngestPackageTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
