import Testing

@Suite struct CLIPackageTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
