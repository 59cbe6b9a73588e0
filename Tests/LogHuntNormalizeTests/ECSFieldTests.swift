import LogHuntNormalize
import Testing

@Suite struct ECSFieldTests {
    @Test func storageIndexIsTheDeclarationOrder() {
        #expect(ECSField.allCases.map(\.index) == Array(0..<ECSField.count))
    }

    @Test func valuesKeepTheFirstNonEmptySetting() {
        var values = ECSValues()
        values[.userName] = ""
        #expect(values[.userName] == nil)
        values[.userName] = "alice"
        values[.credentialID] = "AKIA"
        #expect(values.present.map(\.0) == [.userName, .credentialID])
        #expect(ECSField(name: "gcp.audit.method_name") == .gcpMethodName)
        #expect(ECSField(name: "no.such.field") == nil)
    }
}
