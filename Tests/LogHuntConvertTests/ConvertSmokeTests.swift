import Testing

@Suite struct ConvertPackageTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
