import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import Testing

@Suite struct ProviderDetectorTests {
    @Test(arguments: [
        (#"{"@timestamp":1,"action":"git.clone","actor":"a"}"#, Provider.github, "audit" as String?),
        (#"{"created_at":"1624445969188.000000","action":"repo.create","org":"o"}"#, .github, "audit"),
        (#"{"action":"repo.create","actor":"cat","at_sign_timestamp":"2023-11-20 21:20:09.423"}"#, .github, "audit"),
        (
            #"""
            {"occurred_at":"2022-12-19T14:02:11Z","action":"context.secrets.accessed","actor":{"id":"1",\#
            "type":"user"}}
            """#,
            .circleci, "audit"
        ),
        (#"{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject"}"#, .aws, "cloudtrail"),
        (
            #"{"eventSource":"s3.amazonaws.com","eventName":"GetObject","@timestamp":"2020-09-14T00:44:23.000Z"}"#,
            .aws, "cloudtrail"
        ),
        (#"{"eventversion":"1.08","eventsource":"s3.amazonaws.com","eventname":"GetObject"}"#, .aws, "cloudtrail"),
        (#"{"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog"}}"#, .gcp, "gcp.audit"),
        (#"{"logName":"organizations/1/logs/cloudaudit.googleapis.com%2Fpolicy"}"#, .gcp, "gcp.audit"),
        (#"{"data":{"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog"}}}"#, .gcp, "gcp.audit"),
        (
            #"""
            {"resourceId":"/subscriptions/a","operationName":"x/write","category":"Administrative",\#
            "time":"2022-12-28T05:02:17Z"}
            """#,
            .azure, "activitylogs"
        ),
        (
            #"{"RESOURCEID":"/SUBSCRIPTIONS/A","OPERATIONNAME":"X/WRITE","CATEGORY":"Administrative"}"#, .azure,
            "activitylogs"
        ),
        (#"{"eventTimestamp":"2022-12-28T05:02:17Z","operationName":{"value":"x/write"}}"#, .azure, "activitylogs"),
        (
            #"""
            {"TimeGenerated":"2022-12-28T05:02:17Z","OperationNameValue":"x/write",\#
            "CategoryValue":"Administrative"}
            """#,
            .azure, "activitylogs"
        ),
        (
            #"""
            {"time":"2022-12-28T05:02:17Z","resourceId":"/tenants/t/providers/Microsoft.aadiam",\#
            "operationName":"Add member to group","category":"AuditLogs"}
            """#,
            .azure, "auditlogs"
        ),
        (
            #"""
            {"time":"2022-12-28T05:02:17Z","category":"ManagedIdentitySignInLogs",\#
            "operationName":"Sign-in activity"}
            """#,
            .entra, "signinlogs"
        ),
        (
            #"{"createdDateTime":"2022-12-28T05:01:55Z","userPrincipalName":"u@x","status":{"errorCode":0}}"#, .entra,
            "signinlogs"
        ),
        (
            #"""
            {"TimeGenerated":"2022-12-28T05:01:55Z","ResultType":"0","UserPrincipalName":"u@x",\#
            "IPAddress":"1.2.3.4"}
            """#,
            .entra, "signinlogs"
        ),
        (#"{"test":"yes"}"#, .unknown, nil),
        (#""push""#, .unknown, nil),
        ("[1,2]", .unknown, nil),
        ("null", .unknown, nil),
        (
            #"{"action":"create","actor_id":123,"created_at":"2021-05-28T18:39:50Z","url":"https://x.zendesk.com"}"#,
            .unknown, nil
        ),
        (#"{"digestPublicKeyFingerprint":"47","logFiles":[],"eventName":"x"}"#, .unknown, nil),
    ])
    func detectsTheSourceFromTheShape(_ json: String, _ provider: Provider, _ service: String?) throws {
        let doc = try JSONParser.parse(Array(json.utf8))
        let detection = ProviderDetector.detect(doc)
        #expect(detection.provider == provider)
        #expect(detection.service == service)
    }

    /// Wrong types in every field a mapping reads must not crash or invent values.
    @Test(arguments: [
        #"""
        {"@timestamp":[],"action":"git.clone","actor":["x"],"actor_ip":{},"org":{"a":1},"org_id":[[1]],\#
        "repo":null,"token_id":"0","hashed_token":false}
        """#,
        #"""
        {"occurred_at":12,"action":"a.b","actor":{"id":[],"type":{},"name":null},"target":"{bad json",\#
        "success":"maybe"}
        """#,
        #"""
        {"eventVersion":1,"eventSource":[],"eventName":{},"userIdentity":"root","resources":{"ARN":1},\#
        "requestParameters":[],"sourceIPAddress":7}
        """#,
        #"""
        {"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","status":[],\#
        "authorizationInfo":{},"authenticationInfo":"x","requestMetadata":[]},"timestamp":{}}
        """#,
        #"""
        {"resourceId":7,"operationName":[],"category":{},"identity":"x","properties":"{","time":true,\#
        "durationMs":"x"}
        """#,
        #"{"category":"SignInLogs","properties":[],"location":{"countryOrRegion":7},"time":"not a time"}"#,
        #"""
        {"category":"SignInLogs","properties":{"status":"x","location":"US","signInEventTypes":"servicePrincipal",\#
        "createdDateTime":"2019-13-45T99:99:99Z"}}
        """#,
    ])
    func typeDriftNeverCrashes(_ json: String) throws {
        let e = try TestRecords.event(json)
        #expect(e.provider != .unknown)
        #expect(e.fields[.sourceIP] == nil)
    }
}
