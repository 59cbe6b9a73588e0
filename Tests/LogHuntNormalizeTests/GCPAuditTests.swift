import LogHuntCore
import LogHuntNormalize
import Testing

@Suite struct GCPAuditTests {
    static let replaceService =
        #"""
        {"insertId":"1x7k2ld3a9","logName":"projects/acme-prod/logs/cloudaudit.googleapis.com%2Factivity",\#
        "protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog",\#
        "authenticationInfo":{"principalEmail":"circleci-deployer@acme-prod.iam.gserviceaccount.com",\#
        "serviceAccountKeyName":"//iam.googleapis.com/projects/acme-prod/serviceAccounts/circleci-deployer@acme-pr\#
        od.iam.gserviceaccount.com/keys/3f1e2d4c5b6a79880f1e2d3c4b5a6978e0d1c2b3"},\#
        "authorizationInfo":[{"granted":true,"permission":"run.services.update",\#
        "resource":"namespaces/acme-prod/services/payments-api","resourceAttributes":{}}],\#
        "methodName":"google.cloud.run.v1.Services.ReplaceService","requestMetadata":{"callerIp":"34.75.12.201",\#
        "callerSuppliedUserAgent":"google-cloud-sdk gcloud/411.0.0 command/gcloud.run.deploy,gzip(gfe)",\#
        "requestAttributes":{"time":"2022-12-19T15:10:02.118Z","auth":{}},"destinationAttributes":{}},\#
        "resourceName":"namespaces/acme-prod/services/payments-api","serviceName":"run.googleapis.com",\#
        "status":{}},"receiveTimestamp":"2022-12-19T15:10:02.911457201Z",\#
        "resource":{"labels":{"location":"us-central1","project_id":"acme-prod","service_name":"payments-api"},\#
        "type":"cloud_run_revision"},"severity":"NOTICE","timestamp":"2022-12-19T15:10:01.994733Z"}
        """#

    @Test func auditLogMapsEveryContractField() throws {
        let e = try TestRecords.event(Self.replaceService)
        #expect(e.provider == .gcp)
        #expect(e.service == "gcp.audit")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_671_462_601_994_733_000))
        #expect(e.fields[.action] == "google.cloud.run.v1.Services.ReplaceService")
        #expect(e.fields[.gcpMethodName] == "google.cloud.run.v1.Services.ReplaceService")
        #expect(e.fieldValues("gcp.audit.method_name") == ["google.cloud.run.v1.Services.ReplaceService"])
        #expect(e.fields[.outcome] == "success")
        #expect(e.fields[.eventID] == "1x7k2ld3a9")
        #expect(e.fields[.userName] == "circleci-deployer@acme-prod.iam.gserviceaccount.com")
        #expect(e.fields[.sourceIP] == "34.75.12.201")
        #expect((e.fields[.userAgent] ?? "").hasPrefix("google-cloud-sdk gcloud/411.0.0"))
        #expect(e.fields[.accountID] == "acme-prod")
        #expect(e.fields[.projectID] == "acme-prod")
        #expect(e.fields[.region] == "us-central1")
        #expect(e.fields[.credentialID] == "3f1e2d4c5b6a79880f1e2d3c4b5a6978e0d1c2b3")
        #expect(e.fields[.targetName] == "namespaces/acme-prod/services/payments-api")
        #expect(e.fields[.serviceName] == "run.googleapis.com")
        #expect(e.fields[.logLevel] == "NOTICE")
    }

    @Test(arguments: [
        (#""status":{}"#, "success"),
        (#""status":{"code":0}"#, "success"),
        (#""status":{"code":7,"message":"PERMISSION_DENIED"}"#, "failure"),
        (#""authorizationInfo":[{"permission":"p"}]"#, "failure"),
        (#""authorizationInfo":[{"permission":"p","granted":true}]"#, "success"),
        (#""authorizationInfo":[{"granted":true},{"granted":false}]"#, "unknown"),
    ])
    func outcome(_ member: String, _ outcome: String) throws {
        let e = try TestRecords.event(
            #"""
            {"logName":"projects/p/logs/cloudaudit.googleapis.com%2Factivity","protoPayload":{"methodName":"m",\#
            \#(member)},"timestamp":"2022-12-28T04:12:44Z"}
            """#
        )
        #expect(e.provider == .gcp)
        #expect(e.fields[.outcome] == outcome)
    }

    @Test(arguments: ["private", "gce-internal-ip"])
    func internalCallerIsAnAddress(_ caller: String) throws {
        let e = try TestRecords.event(
            #"""
            {"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","methodName":"m",\#
            "requestMetadata":{"callerIp":"\#(caller)"}},"timestamp":"2022-12-28T04:12:44Z"}
            """#
        )
        #expect(e.fields[.sourceIP] == nil)
        #expect(e.fields[.sourceAddress] == caller)
    }

    @Test func nineDigitFractionAndProjectFromLogName() throws {
        let e = try TestRecords.event(
            #"""
            {"logName":"projects/elastic-beats/logs/cloudaudit.googleapis.com%2Fdata_access",\#
            "protoPayload":{"methodName":"storage.objects.get"},"timestamp":"2024-11-19T00:49:55.293368631Z"}
            """#
        )
        #expect(e.timestamp == Timestamp(nanoseconds: 1_731_977_395_293_368_631))
        #expect(e.fields[.accountID] == "elastic-beats")
    }

    @Test func dataEnvelope() throws {
        let e = try TestRecords.event(
            #"""
            {"data":{"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog",\#
            "methodName":"v1.compute.instances.insert","serviceName":"compute.googleapis.com"},\#
            "timestamp":"2022-12-28T04:12:44Z","insertId":"i1"}}
            """#
        )
        #expect(e.provider == .gcp)
        #expect(e.fields[.action] == "v1.compute.instances.insert")
        #expect(e.fields[.eventID] == "i1")
        #expect(e.fieldValues("data.protoPayload.methodName") == ["v1.compute.instances.insert"])
    }

    @Test func sigmaDataPrefixReachesAPlainLogEntry() throws {
        let e = try TestRecords.event(Self.replaceService)
        #expect(e.fieldValues("data.protoPayload.serviceName") == ["run.googleapis.com"])
        #expect(e.fieldValues("data.protoPayload.authorizationInfo.granted") == ["true"])
    }

    @Test func lowerCasedKeys() throws {
        let e = try TestRecords.event(
            #"""
            {"insertid":"abc","logname":"projects/p1/logs/cloudaudit.googleapis.com%2Factivity",\#
            "protoPayload":{"methodName":"jobservice.insert","requestMetadata":{"callerIP":"1.2.3.4"}},\#
            "timestamp":"2023-03-28T18:37:06.079Z"}
            """#
        )
        #expect(e.provider == .gcp)
        #expect(e.fields[.eventID] == "abc")
        #expect(e.fields[.sourceIP] == "1.2.3.4")
    }

    @Test func pubSubPushBodyIsDecoded() throws {
        let e = try TestRecords.event(
            #"""
            {"message":{"data":"eyJpbnNlcnRJZCI6InBzMSIsImxvZ05hbWUiOiJwcm9qZWN0cy9hY21lLXByb2QvbG9ncy9jbG91ZGF1ZG\#
            l0Lmdvb2dsZWFwaXMuY29tJTJGYWN0aXZpdHkiLCJwcm90b1BheWxvYWQiOnsiQHR5cGUiOiJ0eXBlLmdvb2dsZWFwaXMuY29tL2dv\#
            b2dsZS5jbG91ZC5hdWRpdC5BdWRpdExvZyIsIm1ldGhvZE5hbWUiOiJnb29nbGUuaWFtLmFkbWluLnYxLkNyZWF0ZVNlcnZpY2VBY2\#
            NvdW50S2V5IiwicmVxdWVzdE1ldGFkYXRhIjp7ImNhbGxlcklwIjoiMTg4LjY4LjIyOS41MiJ9fSwidGltZXN0YW1wIjoiMjAyMi0x\#
            Mi0yOFQwNDoxMjo0NC4yOTA1MTZaIn0=",\#
            "attributes":{"logging.googleapis.com/timestamp":"2022-12-28T04:12:44.290516Z"},"messageId":"123"},\#
            "subscription":"projects/acme-prod/subscriptions/audit"}
            """#
        )
        #expect(e.provider == .gcp)
        #expect(e.fields[.action] == "google.iam.admin.v1.CreateServiceAccountKey")
        #expect(e.fields[.sourceIP] == "188.68.229.52")
        #expect(e.fields[.eventID] == "ps1")
        #expect(e.fieldValues("protoPayload.methodName") == ["google.iam.admin.v1.CreateServiceAccountKey"])
    }

    @Test func pubSubBodyWithBadBase64StaysUnknown() throws {
        let e = try TestRecords.event(#"{"message":{"data":"%%","messageId":"1"},"subscription":"s"}"#)
        #expect(e.provider == .unknown)
    }
}
