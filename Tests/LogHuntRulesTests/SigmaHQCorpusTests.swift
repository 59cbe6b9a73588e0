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
}
