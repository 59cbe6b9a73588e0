import LogHuntCore
import LogHuntNormalize
import Testing

@Suite struct CircleCITests {
    static let secretsAccessed =
        #"""
        {"id":"4f5b3a52-1b8e-4d8e-a9d9-8f3e0c6f1a10","version":1,"action":"context.secrets.accessed",\#
        "actor":{"id":"6d1c8b5e-5a44-4a4a-9e1f-0f4b2c7d9e11","type":"user","name":"ci-builder"},\#
        "target":{"id":"b2f0a6c1-3d2e-4f5a-8b7c-9d0e1f2a3b4c","type":"context","name":"aws-prod"},\#
        "scope":{"id":"0e3c9a7b-2f1d-4e5c-a6b7-c8d9e0f1a2b3","type":"organization","name":"acme"},\#
        "payload":{"job_id":"9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",\#
        "workflow_id":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","project_id":"f0e1d2c3-b4a5-4968-8776-655443322110"},\#
        "occurred_at":"2022-12-19T14:02:11.482915Z","metadata":{},"success":true,\#
        "request":{"id":"6e7f8a9b-0c1d-4e2f-a3b4-c5d6e7f8a9b0"}}
        """#

    /// The CSV row of FORMATS §2.4 as the CSV reader gives it: cells decoded to objects,
    /// `success` and `version` as text.
    static let csvDerived =
        #"""
        {"id":"7c9e2f40-6a1b-4c3d-9e8f-0a1b2c3d4e5f","action":"context.env_var.store",\#
        "actor":{"id":"e1d2c3b4-a5f6-4789-8a9b-0c1d2e3f4a5b","type":"user","name":"mallory"},\#
        "target":{"id":"b2f0a6c1-3d2e-4f5a-8b7c-9d0e1f2a3b4c","type":"context","name":"aws-prod"},\#
        "scope":{"id":"0e3c9a7b-2f1d-4e5c-a6b7-c8d9e0f1a2b3","type":"organization","name":"acme"},\#
        "payload":{"env_var_name":"AWS_SECRET_ACCESS_KEY"},"occurred_at":"2022-12-23T03:17:45.120Z","metadata":{},\#
        "version":"1","success":"true","request":{"id":"aa11bb22-cc33-4d44-8e55-ff6677889900",\#
        "ip_address":"178.249.214.10"}}
        """#

    @Test func streamedRecord() throws {
        let e = try TestRecords.event(Self.secretsAccessed)
        #expect(e.provider == .circleci)
        #expect(e.service == "audit")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_671_458_531_482_915_000))
        #expect(e.fields[.action] == "context.secrets.accessed")
        #expect(e.fields[.outcome] == "success")
        #expect(e.fields[.eventID] == "4f5b3a52-1b8e-4d8e-a9d9-8f3e0c6f1a10")
        #expect(e.fields[.userName] == "ci-builder")
        #expect(e.fields[.userID] == "6d1c8b5e-5a44-4a4a-9e1f-0f4b2c7d9e11")
        #expect(e.fields[.targetName] == "aws-prod")
        #expect(e.fields[.organizationName] == "acme")
        #expect(e.fields[.organizationID] == "0e3c9a7b-2f1d-4e5c-a6b7-c8d9e0f1a2b3")
        #expect(e.fields[.httpRequestID] == "6e7f8a9b-0c1d-4e2f-a3b4-c5d6e7f8a9b0")
        #expect(e.fields[.sourceIP] == nil)
    }

    @Test func csvDerivedRecord() throws {
        let e = try TestRecords.event(Self.csvDerived)
        #expect(e.provider == .circleci)
        #expect(e.fields[.action] == "context.env_var.store")
        #expect(e.fields[.outcome] == "success")
        #expect(e.fields[.userName] == "mallory")
        #expect(e.fields[.sourceIP] == "178.249.214.10")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_671_765_465_120_000_000))
    }

    @Test func undecodedJSONCellsAreRead() throws {
        let e = try TestRecords.event(
            #"""
            {"id":"1","action":"project.env_var.create","actor":"{\"id\":\"u1\",\"type\":\"user\",\#
            \"name\":\"eve\"}","target":"{\"id\":\"p\",\"type\":\"project\",\"name\":\"gh/acme/api\"}",\#
            "occurred_at":"2022-12-23T03:17:45.123456789Z","success":"false"}
            """#
        )
        #expect(e.provider == .circleci)
        #expect(e.fields[.userName] == "eve")
        #expect(e.fields[.targetName] == "gh/acme/api")
        #expect(e.fields[.outcome] == "failure")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_671_765_465_123_456_789))
    }

    @Test(arguments: ["workflow-job-context-request", "schedule-create", "workflow.job.start"])
    func actionNamesAreKeptAsGiven(_ action: String) throws {
        let e = try TestRecords.event(
            #"{"id":"1","action":"\#(action)","actor":{"id":"a","type":"user"},"occurred_at":"2022-12-23T03:17:45Z"}"#)
        #expect(e.provider == .circleci)
        #expect(e.fields[.action] == action)
        #expect(e.fields[.outcome] == "unknown")
    }

    @Test func upperCaseCSVHeaders() throws {
        let e = try TestRecords.event(
            #"""
            {"ID":"7c9e","ACTION":"context.env_var.store","ACTOR":{"id":"e1","type":"user","name":"mallory"},\#
            "OCCURRED_AT":"2022-12-23T03:17:45.120Z","SUCCESS":"true","REQUEST":{"ip_address":"178.249.214.10"}}
            """#
        )
        #expect(e.provider == .circleci)
        #expect(e.fields[.userName] == "mallory")
        #expect(e.fields[.eventID] == "7c9e")
        #expect(e.fields[.sourceIP] == "178.249.214.10")
        #expect(e.fields[.outcome] == "success")
    }
}
