import Testing

@Suite struct ReportPackageTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
