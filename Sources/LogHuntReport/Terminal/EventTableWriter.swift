import LogHuntCore
import LogHuntNormalize

/// Events as an aligned timeline (for `trace` and a table view of `normalize`): time, provider,
/// action, outcome, actor, source, credential, target and location, every cell escaped.
package struct EventTableWriter: Sendable {
    /// Layout options.
    package var options: TableOptions

    /// Creates the writer.
    package init(options: TableOptions = TableOptions()) { self.options = options }

    /// The timeline of `events`, in the order given (sort them first).
    /// - Parameter events: the events.
    /// - Returns: the table's bytes (nothing for no events).
    package func render(_ events: [Event]) -> [UInt8] {
        guard !events.isEmpty else { return [] }
        let columns = [
            TextTable.Column("TIME", minimum: 20, comfortable: 20),
            TextTable.Column("PROVIDER", minimum: 6, comfortable: 6, dropOrder: 0),
            TextTable.Column("ACTION", comfortable: 20),
            TextTable.Column("OUTCOME", minimum: 7, comfortable: 7, dropOrder: 1),
            TextTable.Column("ACTOR", comfortable: 14, dropOrder: 5),
            TextTable.Column("SOURCE", comfortable: 16, dropOrder: 6),
            TextTable.Column("CREDENTIAL", dropOrder: 3),
            TextTable.Column("TARGET", dropOrder: 2),
            TextTable.Column("LOCATION", comfortable: 16, dropOrder: 4),
        ]
        let rows = events.map { e in
            [
                e.timestamp.map(TableWriter.time) ?? "-", e.provider.rawValue, e.fields[.action] ?? "-",
                e.fields[.outcome] ?? "-", e.fields[.userName] ?? "-", TableWriter.source(e),
                e.fields[.credentialID] ?? "-", e.fields[.targetName] ?? "-", "\(e.location.file):\(e.location.line)",
            ].map(TerminalText.escape)
        }
        return Array(TextTable(columns: columns, rows: rows).render(width: options.width, color: options.color).utf8)
    }
}
