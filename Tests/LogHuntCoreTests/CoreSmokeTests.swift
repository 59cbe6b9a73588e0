import Testing

@Suite struct CorePackageTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
