import Testing

@Suite struct RulesPackageTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
