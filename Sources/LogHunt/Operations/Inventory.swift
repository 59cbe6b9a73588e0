import Foundation
import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import LogHuntReport
import LogHuntRules

extension LogHunt {
    /// `loghunt inventory FILE`: the hunt plan from a CircleCI-Env-Inspector `circleci-data.json`.
    public static func inventory(_ config: HuntConfiguration, console: Console) -> HuntOutcome {
        guard let path = config.inventoryPath, let plan = loadPlan(path, console: console) else {
            return HuntOutcome(exitCode: 2)
        }
        let writer = InventoryWriter(width: config.stdoutIsTerminal ? config.terminalWidth : nil)
        let bytes =
            config.format == .json || config.format == .jsonl
            ? writer.json(plan, file: path) : writer.table(plan, file: path)
        return HuntOutcome(exitCode: OutputDestination.write(bytes, to: config.outputPath, console: console) ? 0 : 2)
    }

    /// Reads an inventory file and builds its hunt plan; prints why and returns nil on failure.
    static func loadPlan(_ path: String, console: Console) -> HuntPlan? {
        guard let data = FileManager.default.contents(atPath: path) else {
            console.writeErr(Array("loghunt: error: \(path): cannot read the inventory file\n".utf8))
            return nil
        }
        let inventory: SecretInventory
        do {
            inventory = try EnvInspectorReader.read(Array(data))
        } catch {
            var place = path
            if case .notJSON(let line, _) = error { place += ":\(line)" }
            console.writeErr(Array("loghunt: error: \(place): \(error)\n".utf8))
            return nil
        }
        let table = BuiltinRules.inventory.map(\.text).joined(separator: "\n")
        let (classifier, _) = SecretClassifier.parse(table)
        var files: [String: [String]] = [:]
        for f in BuiltinRules.files {
            let parts = f.path.split(separator: "/")
            if parts.count >= 3 { files[String(parts[1]), default: []].append(f.path) }
        }
        return HuntPlan(inventory: inventory, classifier: classifier, ruleFiles: files)
    }
}
