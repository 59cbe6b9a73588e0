// Temporary: operations not yet wired to their stages. Replaced stage by stage.
extension LogHunt {
    public static func hunt(_ config: HuntConfiguration, console: Console) -> HuntOutcome { pending(console) }
    public static func listRules(_ config: HuntConfiguration, console: Console) -> HuntOutcome { pending(console) }
    public static func checkRules(_ config: HuntConfiguration, console: Console) -> HuntOutcome { pending(console) }
    public static func testRules(_ config: HuntConfiguration, console: Console) -> HuntOutcome { pending(console) }
    public static func convert(_ config: ConvertConfiguration, console: Console) -> HuntOutcome { pending(console) }

    private static func pending(_ console: Console) -> HuntOutcome {
        console.writeErr(Array("loghunt: error: this command is not wired yet\n".utf8))
        return HuntOutcome(exitCode: 2)
    }
}
