import LogHuntCore
import LogHuntIngest
import LogHuntNormalize

/// `loghunt inventory` output: the hunt plan as a table for people or JSON for tools.
package struct InventoryWriter: Sendable {
    /// Terminal width for the table (nil: no fitting).
    package var width: Int?

    /// Creates a writer.
    package init(width: Int? = nil) { self.width = width }

    /// The plan as JSON.
    package func json(_ plan: HuntPlan, file: String) -> [UInt8] {
        var w = JSONTextWriter(indent: 2)
        w.value(value(plan, file: file))
        w.appendRaw(0x0A)
        return w.take()
    }

    /// The plan as a JSON value (also embedded in `hunt --inventory` JSON output).
    package func value(_ plan: HuntPlan, file: String) -> JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        let inv = plan.inventory
        return .object([
            JSONMember(key: "file", value: .string(file)),
            JSONMember(key: "shape", value: .string(inv.shape)),
            JSONMember(key: "user", value: opt(inv.user)),
            JSONMember(key: "accounts", value: .array(inv.accounts.map { .string($0) })),
            JSONMember(
                key: "secrets",
                value: .array(
                    plan.items.map { i in
                        let scope: (String, String)
                        switch i.secret.scope {
                        case .context(let n): scope = ("context", n)
                        case .project(let n): scope = ("project", n)
                        }
                        return .object([
                            JSONMember(key: "account", value: opt(i.secret.account)),
                            JSONMember(key: "scope", value: .string(scope.0)),
                            JSONMember(key: "scope_name", value: .string(scope.1)),
                            JSONMember(key: "name", value: .string(i.secret.name)),
                            JSONMember(key: "created_at", value: opt(i.secret.createdAt)),
                            JSONMember(key: "masked_suffix", value: opt(i.secret.visibleSuffix)),
                            JSONMember(key: "provider", value: .string(i.provider)),
                            JSONMember(key: "kind", value: .string(i.kind)),
                            JSONMember(key: "list", value: opt(i.list)),
                        ])
                    })),
            JSONMember(
                key: "keys",
                value: .array(
                    (inv.checkoutKeys + inv.sshKeys).map { k in
                        .object([
                            JSONMember(key: "project", value: .string(k.project)),
                            JSONMember(key: "type", value: .string(k.type)),
                            JSONMember(key: "fingerprint", value: .string(k.fingerprint)),
                            JSONMember(key: "created_at", value: opt(k.createdAt)),
                            JSONMember(key: "hostname", value: opt(k.hostname)),
                        ])
                    })),
            JSONMember(
                key: "hunt",
                value: .array(
                    plan.providers.map { p in
                        .object([
                            JSONMember(key: "provider", value: .string(p.provider)),
                            JSONMember(key: "secrets", value: .int(p.secrets)),
                            JSONMember(key: "lists", value: .array(p.lists.map { .string($0) })),
                            JSONMember(key: "rules", value: .array(p.ruleFiles.map { .string($0) })),
                            JSONMember(key: "advice", value: .string(p.advice)),
                        ])
                    })),
            JSONMember(key: "inspector_errors", value: .array(inv.inspectorErrors.map { .string($0) })),
        ])
    }

    /// The plan as text: secrets, keys, then what to hunt where, every value escaped.
    package func table(_ plan: HuntPlan, file: String) -> [UInt8] {
        let e = TerminalText.escape
        let inv = plan.inventory
        var out = "Hunt plan from \(e(file)) (Env-Inspector \(inv.shape)"
        if let user = inv.user { out += ", run by \(e(user))" }
        out +=
            "): \(plan.items.count) secrets, \(inv.checkoutKeys.count) checkout keys, \(inv.sshKeys.count) SSH keys\n\n"
        var rows: [[String]] = [["where", "variable", "created", "suffix", "provider", "kind", "list"]]
        for i in plan.items {
            rows.append(
                [
                    i.secret.scopeDescription, i.secret.name, i.secret.createdAt.map { String($0.prefix(10)) } ?? "-",
                    i.secret.visibleSuffix.map { "…" + $0 } ?? "-", i.provider, i.kind, i.list ?? "-",
                ].map(e))
        }
        out += render(rows)
        if !inv.checkoutKeys.isEmpty || !inv.sshKeys.isEmpty {
            out += "\n"
            var keys: [[String]] = [["project", "key", "fingerprint", "created"]]
            for k in inv.checkoutKeys + inv.sshKeys {
                keys.append(
                    [k.project, k.type, k.fingerprint, k.createdAt.map { String($0.prefix(10)) } ?? "-"].map(e))
            }
            out += render(keys)
        }
        out += "\nWhat to hunt:\n"
        for p in plan.providers {
            out += "  \(e(p.provider)) (\(p.secrets) secrets): \(e(p.advice))\n"
            if !p.lists.isEmpty {
                out += "      fill: " + p.lists.map { "--var \($0)=@FILE" }.joined(separator: " ") + "\n"
            }
            if !p.ruleFiles.isEmpty {
                out += "      rules: \(p.ruleFiles.count) built-in (\(e(p.ruleFiles.first ?? "")) …)\n"
            }
        }
        if !inv.inspectorErrors.isEmpty {
            out += "\nThe inspector reported \(inv.inspectorErrors.count) problems; those projects may be incomplete:\n"
            for err in inv.inspectorErrors.prefix(10) { out += "  \(e(err))\n" }
        }
        out += "\nNext: loghunt hunt --inventory \(e(file)) LOGS/\n"
        return Array(out.utf8)
    }

    private func render(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = first.indices.map { c in rows.map { TerminalText.width($0[c]) }.max() ?? 0 }
        widths = widths.map { min($0, 56) }
        if let width {
            while widths.reduce(0, +) + 2 * (widths.count - 1) > width,
                let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 6
            {
                widths[i] -= 1
            }
        }
        var out = ""
        for row in rows {
            var line = row.enumerated().map {
                TerminalText.pad(TerminalText.truncate($0.element, to: widths[$0.offset]), to: widths[$0.offset])
            }
            .joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
