import LogHuntNormalize
import PropertyBased
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

    /// The values sit at the rank of their field's bit: any order of settings, overwrites and
    /// removals (nil or empty) must read back as a plain per-field table does, list the
    /// present fields in field order, and compare equal to the same fields set in another order.
    @Test func valuesAgreeWithAPlainTableUnderAnySettings() async {
        let texts = ["", "a", "alice", "AKIAIOSFODNN7EXAMPLE", "arn:aws:iam::123456789012:user/some-long-name"]
        let op = zip(Gen.int(in: 0..<ECSField.count), Gen.int(in: -1..<texts.count))
        await propertyCheck(count: 500, input: op.array(of: 0...80)) { ops in
            var values = ECSValues()
            var table = [String?](repeating: nil, count: ECSField.count)
            for (f, t) in ops {
                let field = ECSField.allCases[f]
                let text = t < 0 ? nil : texts[t]
                values[field] = text
                table[f] = text.flatMap { $0.isEmpty ? nil : $0 }
            }
            for field in ECSField.allCases { #expect(values[field] == table[field.index], "\(field) after \(ops)") }
            let expected = ECSField.allCases.compactMap { f in table[f.index].map { (f, $0) } }
            #expect(values.present.map(\.0) == expected.map(\.0))
            #expect(values.present.map(\.1) == expected.map(\.1))
            var reversed = ECSValues()
            for (f, v) in expected.reversed() { reversed[f] = v }
            #expect(reversed == values)
        }
    }
}
