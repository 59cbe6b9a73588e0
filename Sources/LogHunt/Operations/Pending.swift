// Temporary: operations not yet wired to their stages. Replaced stage by stage.
extension LogHunt {

    private static func pending(_ console: Console) -> HuntOutcome {
        console.writeErr(Array("loghunt: error: this command is not wired yet\n".utf8))
        return HuntOutcome(exitCode: 2)
    }
}
