import LogHuntCore
import LogHuntEngine
import LogHuntRules
import Testing

/// From Sigma YAML (through the rules loader) to `CorrelationSpec` and findings.
@Suite struct CorrelationRuleTests {
    private static let yaml = """
        title: GitHub git read
        name: github_git_read
        id: 0b6f9c1e-0000-4000-8000-000000000001
        logsource: {product: github}
        detection:
          sel: {action: git.clone}
          condition: sel
        ---
        title: AWS call with a key
        name: aws_key_call
        logsource: {product: aws}
        detection:
          sel: {eventName: GetObject}
          condition: sel
        ---
        title: Clone burst
        name: clone_burst
        correlation:
          type: event_count
          rules: [github_git_read]
          group-by: [actor]
          timespan: 10m
          condition: {gte: 3}
        ---
        title: Key used, then a clone burst by the same identity
        id: 7d1e8a51-0000-4000-8000-000000000002
        level: critical
        tags: [attack.t1078]
        correlation:
          type: temporal_ordered
          rules: [aws_key_call, clone_burst]
          group-by: [identity]
          timespan: 1h
          aliases:
            identity:
              aws_key_call: userIdentity.userName
              clone_burst: actor
        ---
        title: Token and IP never seen together
        id: 2b7c9a40-4f7e-4c55-9d0b-6a1e3f2d8c11
        level: high
        correlation:
          type: new_value
          rules: [0b6f9c1e-0000-4000-8000-000000000001]
          group-by: [actor]
          field: [hashed_token, actor_ip]
          baseline-until: 2022-12-21T11:00:00Z
        ---
        title: Big p95 downloads
        correlation:
          type: value_percentile
          rules: [github_git_read]
          group-by: [actor]
          timespan: 1h
          condition: {field: bytes, percentile: 95, gt: 1000, lte: 1000000}
        """

    private static func load() throws -> (specs: [CorrelationSpec], index: (String) -> Int?) {
        let (documents, diagnostics) = RuleLoader.check(text: yaml, file: "Rules/test/chain.yml")
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        var detections: [RuleMetadata] = []
        var correlations: [CorrelationRule] = []
        for document in documents {
            switch document {
            case .detection(let rule): detections.append(rule.metadata)
            case .correlation(let rule): correlations.append(rule)
            case .filter: break
            }
        }
        #expect(detections.count == 2)
        let index: (String) -> Int? = { reference in
            detections.firstIndex { $0.id == reference } ?? detections.firstIndex { $0.name == reference }
        }
        return (correlations.map { CorrelationSpec($0, baseRule: index) }, index)
    }

    @Test func specsCarryTypesSourcesAliasesAndBaselines() throws {
        let (specs, _) = try Self.load()
        try #require(specs.count == 4)
        #expect(specs.map(\.type) == [.eventCount, .temporalOrdered, .newValue, .valuePercentile(95)])
        #expect(specs[0].sources.map(\.reference) == [.rule(0)])
        #expect(specs[0].name == "clone_burst")
        #expect(specs[0].condition == CorrelationThreshold([.init(.gte, 3)]))
        #expect(specs[1].sources.map(\.reference) == [.rule(1), .correlation("clone_burst")])
        #expect(specs[1].sources.map { $0.resolve("identity") } == ["userIdentity.userName", "actor"])
        #expect(specs[1].condition == CorrelationThreshold([.init(.gte, 2)]))
        #expect(specs[1].rule.level == .critical)
        #expect(specs[1].rule.tags == ["attack.t1078"])
        #expect(specs[1].rule.file == "Rules/test/chain.yml")
        #expect(specs[2].rule.kind == .newValue)
        #expect(specs[2].sources.map(\.reference) == [.rule(0)])
        #expect(specs[2].valueFields == ["hashed_token", "actor_ip"])
        #expect(specs[2].baseline == .until(try #require(Timestamp(parsing: "2022-12-21T11:00:00Z"))))
        #expect(specs[3].valueFields == ["bytes"])
        #expect(specs[3].condition == CorrelationThreshold([.init(.gt, 1000), .init(.lte, 1_000_000)]))
        #expect(CorrelationSpec.suppressedBaseRules(specs) == [0, 1])
    }

    @Test func theLoadedRulesFindTheChainAndTheNewPair() throws {
        let (specs, _) = try Self.load()
        let hits = [
            try Fixture.hit(1, 30, record: 0, file: "cloudtrail.json", ["userIdentity.userName": "ci-bot"]),
            try Fixture.hit(0, 1, record: 0, ["actor": "ci-bot", "hashed_token": "T", "actor_ip": "1.1.1.1"]),
            try Fixture.hit(0, 61, record: 1, ["actor": "ci-bot", "hashed_token": "T", "actor_ip": "6.6.6.6"]),
            try Fixture.hit(0, 62, record: 2, ["actor": "ci-bot", "hashed_token": "T", "actor_ip": "6.6.6.6"]),
            try Fixture.hit(0, 63, record: 3, ["actor": "ci-bot", "hashed_token": "T", "actor_ip": "1.1.1.1"]),
        ]
        let result = Fixture.run(specs, hits)
        #expect(
            result.findings.map(\.rule.title) == [
                "Token and IP never seen together", "Key used, then a clone burst by the same identity",
            ])
        let chain = try #require(result.findings.last)
        #expect(chain.location.record == 3)
        #expect(chain.related.first == SourceLocation(file: "cloudtrail.json", line: 1, record: 0))
        let pair = try #require(result.findings.first?.correlation)
        #expect(pair.newValue == "T|6.6.6.6")
    }
}

extension CorrelationRuleTests {
    @Test func everyBuiltInCorrelationCompilesToASpecWhoseReferencesResolve() {
        var detections: [RuleMetadata] = []
        var correlations: [CorrelationRule] = []
        for file in BuiltinRules.files {
            let (documents, _) = RuleLoader.check(text: file.text, file: file.path)
            for document in documents {
                switch document {
                case .detection(let rule): detections.append(rule.metadata)
                case .correlation(let rule): correlations.append(rule)
                case .filter: break
                }
            }
        }
        #expect(!correlations.isEmpty)
        let index: (String) -> Int? = { reference in
            detections.firstIndex { $0.id == reference } ?? detections.firstIndex { $0.name == reference }
        }
        let specs = correlations.map { CorrelationSpec($0, baseRule: index) }
        for (rule, spec) in zip(correlations, specs) {
            #expect(!spec.sources.isEmpty, "\(spec.rule.id)")
            if spec.type == .newValue {
                #expect(!spec.valueFields.isEmpty, "\(spec.rule.id)")
            } else {
                #expect(spec.timespan != nil, "\(spec.rule.id)")
            }
            // Every alias reaches a field on every source it maps.
            for alias in rule.aliases {
                for source in spec.sources where alias.field(for: source.name) != nil {
                    #expect(source.aliases[alias.name] == alias.field(for: source.name), "\(spec.rule.id)")
                }
            }
        }
        // No reference is left dangling and no cycle exists.
        let result = Correlator(specs: specs).finish()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.findings.isEmpty)
    }
}
