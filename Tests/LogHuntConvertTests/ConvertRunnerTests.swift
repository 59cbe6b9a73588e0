import Foundation
import LogHuntConvert
import LogHuntRules
import Testing

@Suite struct ConvertRunnerTests {
    @Test func builtinRulesAreAllConvertedOrReported() throws {
        let out = ConvertRunner().run(ruleFiles: [], target: .sparkSQL)
        #expect(!out.diagnostics.contains { $0.severity == .error })
        #expect(!out.result.converted.isEmpty)
        var documents = 0
        for file in BuiltinRules.files {
            documents += RuleLoader.check(text: file.text, file: file.path).documents.count
        }
        let accounted = out.result.converted.count + out.result.unsupported.count + out.result.suppressed.count
        #expect(accounted == documents)
        #expect(out.sql.components(separatedBy: "\n-- rule: ").count == out.result.converted.count + 1)
        // LOGHUNT_CONVERT_DUMP=DIR writes both dialects (used by the local Spark smoke test).
        if let dir = ProcessInfo.processInfo.environment["LOGHUNT_CONVERT_DUMP"] {
            try out.sql.write(toFile: dir + "/builtin.spark.sql", atomically: true, encoding: .utf8)
            let athena = ConvertRunner().run(ruleFiles: [], target: .athena)
            try athena.sql.write(toFile: dir + "/builtin.athena.sql", atomically: true, encoding: .utf8)
        }
    }
}
