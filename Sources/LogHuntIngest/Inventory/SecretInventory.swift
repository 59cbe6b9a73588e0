import LogHuntCore

/// What a CircleCI-Env-Inspector `circleci-data.json` says was stored in CircleCI: the
/// starting point of a hunt. Values are masked by CircleCI (last characters only).
package struct SecretInventory: Sendable, Hashable {
    /// Which of the tool's three historical output shapes the file had (`v0`, `v1`, `v2`).
    package var shape: String
    /// The CircleCI user who ran the inspector (v2 only).
    package var user: String?
    /// Environment variables stored in contexts and projects.
    package var secrets: [InventorySecret]
    /// Checkout keys (deploy keys or user keys) CircleCI used to clone.
    package var checkoutKeys: [InventoryKey]
    /// Additional SSH keys configured on projects.
    package var sshKeys: [InventoryKey]
    /// Legacy per-project AWS keys.
    package var legacyAWSKeys: [InventorySecret]
    /// Accounts (organisations) the file covers.
    package var accounts: [String]
    /// Problems the inspector itself reported (`errors`, `unavailable`).
    package var inspectorErrors: [String]

    /// Creates an empty inventory of the given shape.
    package init(shape: String) {
        self.shape = shape
        self.secrets = []
        self.checkoutKeys = []
        self.sshKeys = []
        self.legacyAWSKeys = []
        self.accounts = []
        self.inspectorErrors = []
    }
}

/// One stored secret: where it lived, its name, and what is visible of its value.
package struct InventorySecret: Sendable, Hashable {
    /// Where the secret was stored.
    package enum Scope: Sendable, Hashable {
        case context(String)
        case project(String)
    }

    package var account: String?
    package var scope: Scope
    /// The variable name (`AWS_ACCESS_KEY_ID`).
    package var name: String
    /// Creation date as the inspector printed it.
    package var createdAt: String?
    /// The masked value as printed (`xxxxABCD`), if any.
    package var maskedValue: String?

    /// Creates a secret entry.
    package init(account: String?, scope: Scope, name: String, createdAt: String?, maskedValue: String?) {
        self.account = account
        self.scope = scope
        self.name = name
        self.createdAt = createdAt
        self.maskedValue = maskedValue
    }

    /// The visible tail of a masked value: the characters after the leading `x`/`*` mask run.
    package var visibleSuffix: String? {
        guard let masked = maskedValue, !masked.isEmpty else { return nil }
        let tail = masked.drop { $0 == "x" || $0 == "X" || $0 == "*" || $0 == "•" }
        return tail.isEmpty ? nil : String(tail)
    }

    /// `context aws-prod` or `project gh/acme/api`.
    package var scopeDescription: String {
        switch scope {
        case .context(let n): "context \(n)"
        case .project(let n): "project \(n)"
        }
    }
}

/// A checkout or SSH key listed by the inspector.
package struct InventoryKey: Sendable, Hashable {
    package var account: String?
    package var project: String
    /// `deploy-key`, `github-user-key`, or `ssh-key`.
    package var type: String
    /// The key fingerprint (MD5 `aa:bb:…` or `SHA256:…`).
    package var fingerprint: String
    package var createdAt: String?
    /// For SSH keys: the host they are for.
    package var hostname: String?

    /// Creates a key entry.
    package init(
        account: String?, project: String, type: String, fingerprint: String, createdAt: String?,
        hostname: String? = nil
    ) {
        self.account = account
        self.project = project
        self.type = type
        self.fingerprint = fingerprint
        self.createdAt = createdAt
        self.hostname = hostname
    }
}
