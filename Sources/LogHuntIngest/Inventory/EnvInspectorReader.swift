import LogHuntCore

/// Why an inventory file could not be read.
package enum InventoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not JSON; `line` is the 1-based line of the problem.
    case notJSON(line: Int, String)
    case unrecognisedShape

    package var description: String {
        switch self {
        case .notJSON(_, let why): "not a CircleCI-Env-Inspector file: \(why)"
        case .unrecognisedShape:
            "not a CircleCI-Env-Inspector file: expected contexts/projects (v0), an array of accounts (v1) or user/accounts (v2)"
        }
    }
}

/// Reads all three shapes of CircleCI-Env-Inspector's `circleci-data.json`.
///
/// v0 `{"contexts":[…],"projects":[…],"unavailable":[…]}`; v1 `[{"<account>":{…}}]`;
/// v2 `{"user":{…},"accounts":[{…,"projects":[{project_env_vars, checkout_keys, ssh_keys,
/// legacy_aws_keys}]}]}` (also the README variant with top-level projects, `keys`, `legacyAWSKeys`).
package enum EnvInspectorReader {
    /// Parses the file's bytes.
    /// - Throws: `InventoryError` when the bytes are not JSON or not one of the shapes.
    package static func read(_ bytes: [UInt8]) throws(InventoryError) -> SecretInventory {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        UTF8Repair.repair(&bytes)
        let doc: JSONDocument
        do {
            doc = try JSONParser.parse(bytes, maxDepth: 64)
        } catch {
            let end = min(max(0, error.offset), bytes.count)
            let line = 1 + bytes[..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw .notJSON(line: line, error.description)
        }
        let root = doc.value()
        switch root {
        case .array(let items):
            var inv = SecretInventory(shape: "v1")
            for item in items {
                guard case .object(let members) = item else { continue }
                for m in members {
                    inv.accounts.append(m.key)
                    readAccount(m.value, account: m.key, into: &inv)
                }
            }
            return inv
        case .object:
            if let accounts = root["accounts"], case .array(let list) = accounts {
                var inv = SecretInventory(shape: "v2")
                if let user = root["user"] { inv.user = user["login"]?.stringValue ?? user["name"]?.stringValue }
                for account in list {
                    let name = account["name"]?.stringValue ?? scalar(account["id"]) ?? "?"
                    inv.accounts.append(name)
                    readAccount(account, account: name, into: &inv)
                }
                // README variant: projects at top level.
                if root["projects"] != nil { readAccount(root, account: nil, into: &inv) }
                return inv
            }
            if root["contexts"] != nil || root["projects"] != nil {
                var inv = SecretInventory(shape: root["user"] != nil ? "v2" : "v0")
                if let user = root["user"] { inv.user = user["login"]?.stringValue ?? user["name"]?.stringValue }
                readAccount(root, account: nil, into: &inv)
                return inv
            }
            throw .unrecognisedShape
        default:
            throw .unrecognisedShape
        }
    }

    private static func scalar(_ v: JSONValue?) -> String? {
        switch v {
        case .string(let s)?: s
        case .number(let n)?: n
        default: nil
        }
    }

    private static func list(_ v: JSONValue?) -> [JSONValue] {
        if case .array(let items)? = v { return items }
        return []
    }

    private static func readAccount(_ node: JSONValue, account: String?, into inv: inout SecretInventory) {
        for context in list(node["contexts"]) {
            let contextName = context["name"]?.stringValue ?? scalar(context["id"]) ?? "?"
            for v in list(context["variables"]) {
                guard let name = v["variable"]?.stringValue ?? v["name"]?.stringValue else { continue }
                inv.secrets.append(
                    InventorySecret(
                        account: account, scope: .context(contextName), name: name,
                        createdAt: v["created_at"]?.stringValue, maskedValue: v["value"]?.stringValue))
            }
        }
        for project in list(node["projects"]) {
            let projectName = project["slug"]?.stringValue ?? project["name"]?.stringValue ?? "?"
            for v in list(project["project_env_vars"]) + list(project["variables"]) {
                guard let name = v["name"]?.stringValue ?? v["variable"]?.stringValue else { continue }
                inv.secrets.append(
                    InventorySecret(
                        account: account, scope: .project(projectName), name: name,
                        createdAt: v["created_at"]?.stringValue, maskedValue: v["value"]?.stringValue))
            }
            for k in list(project["checkout_keys"]) + list(project["project_keys"]) + list(project["keys"]) {
                guard let fp = k["fingerprint"]?.stringValue else { continue }
                inv.checkoutKeys.append(
                    InventoryKey(
                        account: account, project: projectName, type: k["type"]?.stringValue ?? "checkout-key",
                        fingerprint: fp, createdAt: k["created_at"]?.stringValue))
            }
            for k in list(project["ssh_keys"]) {
                guard let fp = k["fingerprint"]?.stringValue else { continue }
                inv.sshKeys.append(
                    InventoryKey(
                        account: account, project: projectName, type: "ssh-key", fingerprint: fp, createdAt: nil,
                        hostname: k["hostname"]?.stringValue))
            }
            for key in [project["legacy_aws_keys"], project["legacyAWSKeys"]] {
                guard let key, case .object = key else { continue }
                if let id = key["access_key_id"]?.stringValue ?? key["accessKeyId"]?.stringValue {
                    inv.legacyAWSKeys.append(
                        InventorySecret(
                            account: account, scope: .project(projectName), name: "legacy AWS access key",
                            createdAt: nil, maskedValue: id))
                }
            }
            for e in list(project["errors"]) {
                inv.inspectorErrors.append("\(projectName): \(e.stringValue ?? e.serialized())")
            }
        }
        for e in list(node["errors"]) + list(node["unavailable"]) {
            inv.inspectorErrors.append(e.stringValue ?? e.serialized())
        }
    }
}
