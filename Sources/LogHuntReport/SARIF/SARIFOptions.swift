import LogHuntCore

/// Settings for SARIF output.
package struct SARIFOptions: Sendable, Hashable {
    /// GitHub code scanning keeps at most 25,000 results a run; more are left out (the most
    /// severe are kept) with a notification.
    package static let gitHubMaxResults = 25_000

    /// The tool's home page (`tool.driver.informationUri`), if any.
    package var informationURI: String?
    /// The directory relative artifact URIs are taken from (the working directory): absolute
    /// input paths under it are made relative.
    package var baseDirectory: String?
    /// `run.automationDetails.id` (a category such as `loghunt/github/`), if any.
    package var automationID: String?
    /// At most this many results; the rest are counted in a notification.
    package var maxResults: Int
    /// At most this many notifications per input file; the rest are summed up in one note.
    package var maxNotificationsPerFile: Int
    /// At most this many related locations per correlation result.
    package var maxRelatedLocations: Int
    /// The JSON Pointer prefix of records per file, for containers that wrap them
    /// (`/Records` for CloudTrail, `/records` for Azure); files not listed use `""`.
    package var recordPointerPrefix: [String: String]
    /// `invocation.commandLine`, if known.
    package var commandLine: String?
    /// `invocation.startTimeUtc` and `endTimeUtc`, if known.
    package var startTime: Timestamp?
    /// See `startTime`.
    package var endTime: Timestamp?
    /// `invocation.exitCode`, if known.
    package var exitCode: Int?

    /// Creates options with GitHub's limits.
    package init(
        informationURI: String? = nil, baseDirectory: String? = nil, automationID: String? = nil,
        maxResults: Int = SARIFOptions.gitHubMaxResults, maxNotificationsPerFile: Int = 100,
        maxRelatedLocations: Int = 100, recordPointerPrefix: [String: String] = [:], commandLine: String? = nil,
        startTime: Timestamp? = nil, endTime: Timestamp? = nil, exitCode: Int? = nil
    ) {
        self.informationURI = informationURI
        self.baseDirectory = baseDirectory
        self.automationID = automationID
        self.maxResults = maxResults
        self.maxNotificationsPerFile = maxNotificationsPerFile
        self.maxRelatedLocations = maxRelatedLocations
        self.recordPointerPrefix = recordPointerPrefix
        self.commandLine = commandLine
        self.startTime = startTime
        self.endTime = endTime
        self.exitCode = exitCode
    }
}
