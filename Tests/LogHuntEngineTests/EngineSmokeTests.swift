import Testing

@Suite struct EnginePackageTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
