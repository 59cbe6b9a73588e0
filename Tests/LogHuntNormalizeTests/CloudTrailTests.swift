import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import Testing

@Suite struct CloudTrailTests {
    static let putObject =
        #"""
        {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEDEPLOY001",\#
        "arn":"arn:aws:iam::123456789012:user/circleci-deploy","accountId":"123456789012",\#
        "accessKeyId":"AKIAEXAMPLEDEPLOY001","userName":"circleci-deploy"},"eventTime":"2022-12-19T14:03:27Z",\#
        "eventSource":"s3.amazonaws.com","eventName":"PutObject","awsRegion":"us-east-1",\#
        "sourceIPAddress":"54.161.182.76",\#
        "userAgent":"aws-cli/2.9.8 Python/3.9.11 Linux/5.15.0-1026-aws exe/x86_64.ubuntu.22 prompt/off command/s3.\#
        cp",\#
        "requestParameters":{"bucketName":"acme-artifacts","key":"build/payments-api-1.4.2.tgz"},\#
        "responseElements":null,"requestID":"7KQ2M3N4P5R6S7T8","eventID":"0b6c6e5a-7b1f-4d4e-9f2c-8a1d3e5f7a90",\#
        "readOnly":false,"eventType":"AwsApiCall","managementEvent":false,"eventCategory":"Data",\#
        "recipientAccountId":"123456789012"}
        """#

    static let lookupEventsElement =
        #"""
        {"EventId":"5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a","EventName":"CreateAccessKey","ReadOnly":"false",\#
        "AccessKeyId":"AKIAEXAMPLEDEPLOY001","EventTime":"2022-12-27T02:41:09+00:00",\#
        "EventSource":"iam.amazonaws.com","Username":"circleci-deploy",\#
        "Resources":[{"ResourceType":"AWS::IAM::AccessKey","ResourceName":"AKIAEXAMPLEPERSIST01"}],\#
        "CloudTrailEvent":"{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\#
        \"principalId\":\"AIDAEXAMPLEDEPLOY001\",\"arn\":\"arn:aws:iam::123456789012:user/circleci-deploy\",\#
        \"accountId\":\"123456789012\",\"accessKeyId\":\"AKIAEXAMPLEDEPLOY001\",\"userName\":\"circleci-deploy\"},\#
        \"eventTime\":\"2022-12-27T02:41:09Z\",\"eventSource\":\"iam.amazonaws.com\",\#
        \"eventName\":\"CreateAccessKey\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"111.90.149.55\",\#
        \"userAgent\":\"Boto3/1.26.37 Python/3.10.9 Linux/6.0.0 Botocore/1.29.37\",\#
        \"requestParameters\":{\"userName\":\"circleci-deploy\"},\#
        \"responseElements\":{\"accessKey\":{\"userName\":\"circleci-deploy\",\#
        \"accessKeyId\":\"AKIAEXAMPLEPERSIST01\",\"status\":\"Active\",\"createDate\":\"Dec 27,\#
         2022 2:41:09 AM\"}},\"requestID\":\"c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f\",\#
        \"eventID\":\"5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a\",\"readOnly\":false,\"eventType\":\"AwsApiCall\",\#
        \"managementEvent\":true,\"eventCategory\":\"Management\",\"recipientAccountId\":\"123456789012\"}"}
        """#

    @Test func s3RecordMapsEveryContractField() throws {
        let e = try TestRecords.event(Self.putObject)
        #expect(e.provider == .aws)
        #expect(e.service == "cloudtrail")
        #expect(e.timestamp == Timestamp(seconds: 1_671_458_607))
        #expect(e.fields[.action] == "PutObject")
        #expect(e.fields[.outcome] == "success")
        #expect(e.fields[.eventID] == "0b6c6e5a-7b1f-4d4e-9f2c-8a1d3e5f7a90")
        #expect(e.fields[.userName] == "circleci-deploy")
        #expect(e.fields[.userID] == "AIDAEXAMPLEDEPLOY001")
        #expect(e.fields[.sourceIP] == "54.161.182.76")
        #expect((e.fields[.userAgent] ?? "").hasPrefix("aws-cli/2.9.8"))
        #expect(e.fields[.accountID] == "123456789012")
        #expect(e.fields[.region] == "us-east-1")
        #expect(e.fields[.credentialID] == "AKIAEXAMPLEDEPLOY001")
        #expect(e.fields[.targetName] == "acme-artifacts")
        #expect(e.fields[.serviceName] == "s3.amazonaws.com")
    }

    @Test func lookupEventsElementIsReadFromItsInnerRecord() throws {
        let e = try TestRecords.event(Self.lookupEventsElement)
        #expect(e.provider == .aws)
        #expect(e.fields[.action] == "CreateAccessKey")
        #expect(e.fields[.sourceIP] == "111.90.149.55")
        #expect(e.fields[.userTargetName] == "circleci-deploy")
        #expect(e.fields[.credentialID] == "AKIAEXAMPLEDEPLOY001")
        #expect(e.timestamp == Timestamp(parsing: "2022-12-27T02:41:09Z"))
        // The raw record is the inner one, so rules on raw names match.
        #expect(e.fieldValues("eventName") == ["CreateAccessKey"])
        #expect(e.fieldValues("readOnly") == ["false"])
    }

    @Test func lookupEventsSummaryWithoutInnerRecord() throws {
        let e = try TestRecords.event(
            #"""
            {"EventId":"5d4c","EventName":"ListBuckets","ReadOnly":"true","AccessKeyId":"AKIAX",\#
            "EventTime":"2023-01-05T10:12:03+00:00","EventSource":"s3.amazonaws.com","Username":"deploy",\#
            "Resources":[]}
            """#
        )
        #expect(e.provider == .aws)
        #expect(e.fields[.action] == "ListBuckets")
        #expect(e.fields[.credentialID] == "AKIAX")
        #expect(e.fields[.userName] == "deploy")
        #expect(e.timestamp == Timestamp(parsing: "2023-01-05T10:12:03Z"))
    }

    @Test func cloudWatchMessageIsReadFromItsInnerRecord() throws {
        let e = try TestRecords.event(
            #"""
            {"logStreamName":"123_CloudTrail_us-east-1","timestamp":1672000000000,\#
            "message":"{\"eventVersion\":\"1.08\",\"eventTime\":\"2022-12-25T20:26:40Z\",\#
            \"eventSource\":\"sts.amazonaws.com\",\"eventName\":\"GetCallerIdentity\",\#
            \"sourceIPAddress\":\"89.36.78.75\"}","ingestionTime":1672000001000,"eventId":"1"}
            """#
        )
        #expect(e.provider == .aws)
        #expect(e.fields[.action] == "GetCallerIdentity")
        #expect(e.fields[.sourceIP] == "89.36.78.75")
    }

    @Test(arguments: ["ec2.amazonaws.com", "AWS Internal", "config.amazonaws.com"])
    func servicePrincipalIsAnAddressNotAnIP(_ source: String) throws {
        let e = try TestRecords.event(
            #"""
            {"eventVersion":"1.05","eventTime":"2017-12-11T15:01:51Z","eventSource":"autoscaling.amazonaws.com",\#
            "eventName":"DescribeLaunchConfigurations","sourceIPAddress":"\#(source)"}
            """#
        )
        #expect(e.fields[.sourceIP] == nil)
        #expect(e.fields[.sourceAddress] == source)
    }

    @Test func errorCodeIsFailure() throws {
        let e = try TestRecords.event(
            #"""
            {"eventVersion":"1.08","eventTime":"2022-12-28T01:00:00Z","eventSource":"iam.amazonaws.com",\#
            "eventName":"ListUsers","errorCode":"AccessDenied","errorMessage":"no"}
            """#
        )
        #expect(e.fields[.outcome] == "failure")
    }

    @Test(arguments: [("Success", "success"), ("Failure", "failure")])
    func consoleLoginReadsItsResponse(_ word: String, _ outcome: String) throws {
        let e = try TestRecords.event(
            #"""
            {"eventVersion":"1.08","eventTime":"2022-12-28T01:00:00Z","eventSource":"signin.amazonaws.com",\#
            "eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"\#(word)"}}
            """#
        )
        #expect(e.fields[.outcome] == outcome)
    }

    @Test func assumedRoleUsesTheSessionIssuer() throws {
        let e = try TestRecords.event(
            #"""
            {"eventVersion":"1.05","userIdentity":{"type":"AssumedRole","principalId":"AAA:Session",\#
            "arn":"arn:aws:sts::111111111111:assumed-role/someRole/Session","accountId":"111111111111",\#
            "accessKeyId":"ASIAXXX","sessionContext":{"sessionIssuer":{"type":"Role","userName":"someRole"}}},\#
            "eventTime":"2017-12-11T15:01:51Z","eventSource":"autoscaling.amazonaws.com",\#
            "eventName":"DescribeLaunchConfigurations",\#
            "resources":[{"ARN":"arn:aws:autoscaling:eu-central-1:111111111111:x"}]}
            """#
        )
        #expect(e.fields[.userName] == "someRole")
        #expect(e.fields[.credentialID] == "ASIAXXX")
        #expect(e.fields[.targetName] == "arn:aws:autoscaling:eu-central-1:111111111111:x")
    }

    @Test func logstashRecordWithoutEventTimeUsesTimestamp() throws {
        let e = try TestRecords.event(
            #"""
            {"userAgent":"console.ec2.amazonaws.com","awsRegion":"us-east-1","@version":"1",\#
            "eventName":"DescribeInstanceTypes","sourceIPAddress":"1.2.3.4","eventSource":"ec2.amazonaws.com",\#
            "@timestamp":"2020-09-14T00:44:23.000Z","eventID":"fd4f"}
            """#
        )
        #expect(e.provider == .aws)
        #expect(e.timestamp == Timestamp(parsing: "2020-09-14T00:44:23Z"))
    }

    @Test func digestRecordIsUnknown() throws {
        let e = try TestRecords.event(
            #"""
            {"awsAccountId":"123456789123","digestStartTime":"2020-09-11T18:36:49Z",\#
            "digestPublicKeyFingerprint":"47aa","logFiles":[]}
            """#
        )
        #expect(e.provider == .unknown)
        #expect(e.service == nil)
    }

    /// A row of a processed CloudTrail CSV (realdata `AWS_S3_HoneyBucketLogs.csv`), as the CSV
    /// reader gives it.
    @Test func processedCSVRow() throws {
        let e = try TestRecords.event(
            #"""
            {"Event Type":"AwsApiCall","Event Name":"ListObjects","Request ID":"E2E91AQVN6DJHZ91",\#
            "User ID":"{'type': 'AWSAccount', 'principalId': '', 'accountId': 'ANONYMOUS_PRINCIPAL'}",\#
            "Request Parameters":"{'bucketName': 'microsoft-devtest', 'Host': 'x.s3.amazonaws.com'}",\#
            "Event ID":"283770f5","Event DateTime":"2022-02-18T17:34:57Z","Source IP":"177.131.167.145",\#
            "Request User Agent":"Boto3/1.17.40","Repeated Attempts":4}
            """#
        )
        #expect(e.provider == .aws)
        #expect(e.service == "cloudtrail")
        #expect(e.fields[.action] == "ListObjects")
        #expect(e.timestamp == Timestamp(parsing: "2022-02-18T17:34:57Z"))
        #expect(e.fields[.eventID] == "283770f5")
        #expect(e.fields[.sourceIP] == "177.131.167.145")
        #expect(e.fields[.userAgent] == "Boto3/1.17.40")
        #expect(e.fields[.targetName] == "microsoft-devtest")
        #expect(e.fields[.accountID] == "ANONYMOUS_PRINCIPAL")
        #expect(e.fields[.userID] == nil)
    }

    @Test func consoleEventHistoryCSVRow() throws {
        let e = try TestRecords.event(
            #"""
            {"Event ID":"5d4c","Event time":"2022-12-27T02:41:09Z","User name":"circleci-deploy",\#
            "Event name":"CreateAccessKey","Event source":"iam.amazonaws.com",\#
            "AWS access key":"AKIAEXAMPLEDEPLOY001","AWS region":"us-east-1","Source IP address":"111.90.149.55",\#
            "Error code":""}
            """#
        )
        #expect(e.provider == .aws)
        #expect(e.fields[.action] == "CreateAccessKey")
        #expect(e.fields[.credentialID] == "AKIAEXAMPLEDEPLOY001")
        #expect(e.fields[.userName] == "circleci-deploy")
        #expect(e.fields[.sourceIP] == "111.90.149.55")
        #expect(e.fields[.region] == "us-east-1")
        #expect(e.fields[.serviceName] == "iam.amazonaws.com")
        #expect(e.timestamp == Timestamp(parsing: "2022-12-27T02:41:09Z"))
    }
}
