import LogHuntCore
import LogHuntEngine
import LogHuntNormalize
import Testing

/// What a hunt asks the normaliser for: the ECS fields rules and correlations read.
@Suite struct FieldsReadTests {
    @Test func programListsPredicateAndFieldrefFields() throws {
        let detection = """
            sel:
                user.name: alice
                source.ip|cidr: 10.0.0.0/8
                actor_ip: 192.0.2.1
            ref:
                credential.id|fieldref: user_agent.original
            keywords:
                - needle
            condition: sel or ref or keywords
            """
        let (docs, problems) = Conformance.load(Conformance.ruleText(detection))
        #expect(problems.isEmpty, "\(problems)")
        for optimise in [false, true] {
            let (program, diagnostics) = Conformance.program(docs, optimise: optimise)
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            let read = program.ecsFieldsRead
            #expect(read == ECSFieldSet([.userName, .sourceIP, .credentialID, .userAgent]), "optimise \(optimise)")
        }
    }

    @Test func correlatorListsGroupByAndValueFields() {
        let spec = CorrelationSpec(
            rule: Fixture.info("c"), type: .newValue, sources: [Fixture.base(0)],
            groupBy: ["credential.id", "actor"], valueFields: ["source.geo.country_iso_code"], baseline: nil)
        #expect(Correlator(specs: [spec]).ecsFieldsRead == ECSFieldSet([.credentialID, .country]))
    }
}
