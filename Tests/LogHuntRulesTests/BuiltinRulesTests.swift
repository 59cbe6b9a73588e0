import Foundation
import LogHuntCore
import LogHuntRules
import LogHuntTestSupport
import Testing

/// `BuiltinRules+Generated.swift` matches `Rules/` (like swift-format's
/// GeneratedFilesValidityTests), and every built-in file loads cleanly.
@Suite struct BuiltinRulesTests {
    static let stale = "Sources/LogHuntRules/BuiltinRules+Generated.swift is stale: run scripts/embed-rules"

    /// `Rules/…` files on disk, by kind, sorted by path bytes (as the script sorts them).
    static func onDisk() -> (rules: [String], lists: [String], mappings: [String], inventory: [String]) {
        let root = TestPaths.inPackage("Rules")
        var rules: [String] = []
        var lists: [String] = []
        var mappings: [String] = []
        var inventory: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else { return ([], [], [], []) }
        while let relative = walker.nextObject() as? String {
            let parts = relative.split(separator: "/").map(String.init)
            guard let name = parts.last, !parts.contains(where: { $0.hasPrefix(".") }) else { continue }
            let path = "Rules/" + relative
            let yaml = name.hasSuffix(".yml") || name.hasSuffix(".yaml")
            if parts.count == 2, parts[0] == "lists", name.hasSuffix(".txt") {
                lists.append(path)
            } else if parts.count == 2, parts[0] == "mappings", yaml {
                mappings.append(path)
            } else if parts.count == 2, parts[0] == "inventory", name.hasSuffix(".tsv") {
                inventory.append(path)
            } else if !["lists", "mappings", "inventory"].contains(parts[0]), yaml {
                rules.append(path)
            }
        }
        let byBytes: (String, String) -> Bool = { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return (
            rules.sorted(by: byBytes), lists.sorted(by: byBytes), mappings.sorted(by: byBytes),
            inventory.sorted(by: byBytes)
        )
    }

    static func contents(_ path: String) -> String? {
        try? String(contentsOfFile: TestPaths.inPackage(path), encoding: .utf8)
    }

    @Test func generatedFileIsNotStale() {
        let disk = Self.onDisk()
        #expect(BuiltinRules.files.map(\.path) == disk.rules, "\(Self.stale)")
        #expect(BuiltinRules.lists.map(\.path) == disk.lists, "\(Self.stale)")
        #expect(BuiltinRules.mappings.map(\.path) == disk.mappings, "\(Self.stale)")
        #expect(BuiltinRules.inventory.map(\.path) == disk.inventory, "\(Self.stale)")
        for file in BuiltinRules.files + BuiltinRules.lists + BuiltinRules.mappings + BuiltinRules.inventory {
            #expect(file.text == Self.contents(file.path), "\(file.path) differs. \(Self.stale)")
        }
    }

    @Test func everyBuiltinRuleFileLoadsWithoutErrors() {
        var documents: [RuleDocument] = []
        for file in BuiltinRules.files {
            let (docs, diagnostics) = RuleLoader.check(text: file.text, file: file.path)
            #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics.map(\.description))")
            #expect(docs.allSatisfy { $0.file.hasPrefix("Rules/") })
            documents += docs
        }
        let collector = DiagnosticCollector()
        RuleSet(documents: documents).check(sink: collector)
        #expect(
            collector.diagnostics.filter { $0.severity == .error }.isEmpty,
            "\(collector.diagnostics.map(\.description))")
    }

    @Test func builtinRulesHaveNoWarnings() {
        var warnings: [String] = []
        for file in BuiltinRules.files {
            warnings += RuleLoader.check(text: file.text, file: file.path).diagnostics.map(\.description)
        }
        #expect(warnings.isEmpty, "\(warnings.joined(separator: "\n"))")
    }

    @Test func builtinPlaceholdersAreAllDefined() {
        let lists = Placeholders.builtin
        for file in BuiltinRules.files {
            for case .detection(let rule) in RuleLoader.check(text: file.text, file: file.path).documents {
                #expect(
                    lists.unresolved(in: rule).isEmpty, "\(file.path) uses a placeholder without a Rules/lists file")
            }
        }
    }

    @Test func loadBuiltinLoadsEveryFile() {
        let collector = DiagnosticCollector()
        let documents = RuleLoader.loadBuiltin(limits: Limits(), sink: collector)
        #expect(collector.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(Set(documents.map(\.file)) == Set(BuiltinRules.files.map(\.path)))
        #expect(documents.count >= BuiltinRules.files.count)
    }

    @Test func embedScriptExists() {
        #expect(FileManager.default.isExecutableFile(atPath: TestPaths.inPackage("scripts/embed-rules")))
    }
}
