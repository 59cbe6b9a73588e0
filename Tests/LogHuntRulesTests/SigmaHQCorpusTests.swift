import Foundation
import LogHuntCore
import LogHuntRules
import LogHuntTestSupport
import Testing

/// SigmaHQ's cloud rules (`../shared/sigma`, read in place) load with zero errors.
@Suite struct SigmaHQCorpusTests {
    static func ruleFiles() -> [String] {
        let root = TestPaths.shared("sigma")
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".yml") || relative.hasSuffix(".yaml") { out.append(root + "/" + relative) }
        }
        return out.sorted()
    }

    @Test func corpusIsPresent() {
        #expect(Self.ruleFiles().count >= 287)
    }

    @Test func everySigmaHQFileLoadsWithoutErrors() throws {
        var documents = 0
        var errors: [String] = []
        var warnings: [String] = []
        for path in Self.ruleFiles() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let (docs, diagnostics) = RuleLoader.check(text: text, file: path)
            errors += diagnostics.filter { $0.severity == .error }.map(\.description)
            warnings += diagnostics.filter { $0.severity == .warning }.map(\.description)
            documents += docs.count
            #expect(!docs.isEmpty, "\(path) produced no document")
        }
        #expect(errors.isEmpty, "\(errors.prefix(20).joined(separator: "\n"))")
        #expect(warnings.isEmpty, "\(warnings.prefix(20).joined(separator: "\n"))")
        #expect(documents >= 287)
    }

    @Test func corpusUsesTheExpectedFeatures() throws {
        var modifiers: Set<Modifier> = []
        var keywordRules = 0
        var placeholders: Set<String> = []
        for path in Self.ruleFiles() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for case .detection(let rule) in RuleLoader.check(text: text, file: path).documents {
                for identifier in rule.detection.identifiers {
                    for item in identifier.allItems { modifiers.formUnion(item.modifiers) }
                    if case .keywords = identifier.body { keywordRules += 1 }
                }
                placeholders.formUnion(rule.placeholderNames)
            }
        }
        #expect(modifiers.isSuperset(of: [.contains, .startswith, .endswith, .all, .re, .expand, .fieldref]))
        #expect(keywordRules >= 4)
        #expect(!placeholders.isEmpty)
    }

    func load(_ relative: String) throws -> SigmaRule {
        let path = TestPaths.shared("sigma/" + relative)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard case .detection(let rule)? = RuleLoader.check(text: text, file: path).documents.first else {
            throw RuleTestFailure.noRule
        }
        return rule
    }

    @Test func fieldrefRuleAST() throws {
        let r = try load("rules/cloud/aws/cloudtrail/aws_update_login_profile.yml")
        #expect(r.logsource.product == "aws")
        #expect(r.detection.identifiers.map(\.name) == ["selection", "filter_main_user_identity"])
        let filter = try #require(r.detection.identifier(named: "filter_main_user_identity")?.allItems.first)
        #expect(filter.field == "userIdentity.arn")
        #expect(filter.modifiers == [.fieldref])
        #expect(filter.values.map(\.text) == ["requestParameters.userName"])
        guard case .and(let parts) = r.detection.condition, case .not(.oneOf(let selector), _) = parts.last else {
            Issue.record("unexpected condition \(r.detection.condition)")
            return
        }
        #expect(selector.pattern == "filter_main_*")
        #expect(selector.identifiers == ["filter_main_user_identity"])
    }

    @Test func keywordRuleAST() throws {
        let r = try load("rules/cloud/gcp/audit/gcp_breakglass_container_workload_deployed.yml")
        guard case .keywords(let item) = try #require(r.detection.identifier(named: "keywords")).body else {
            Issue.record("keywords is not a keyword list")
            return
        }
        #expect(item.field == nil)
        #expect(item.values.map(\.text) == ["image-policy.k8s.io/break-glass"])
        let selection = try #require(r.detection.identifier(named: "selection")?.allItems)
        #expect(
            selection.map(\.field) == [
                "data.protoPayload.resource.type", "data.protoPayload.logName", "data.protoPayload.methodName",
            ])
        #expect(selection[1].values.count == 2)
        #expect(!selection[1].isAll)
        #expect(r.level != nil)
    }
}
