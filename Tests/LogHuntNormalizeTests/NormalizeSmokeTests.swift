import Testing

@Suite struct NormalizePackageTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
