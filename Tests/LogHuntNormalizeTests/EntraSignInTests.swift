import LogHuntCore
import LogHuntNormalize
import Testing

@Suite struct EntraSignInTests {
    static let interactive =
        #"""
        {"time":"2022-12-20T08:14:02.1182734Z",\#
        "resourceId":"/tenants/aaaabbbb-0000-cccc-1111-dddd2222eeee/providers/Microsoft.aadiam",\#
        "operationName":"Sign-in activity","operationVersion":"1.0","category":"SignInLogs",\#
        "tenantId":"aaaabbbb-0000-cccc-1111-dddd2222eeee","resultType":"0","resultSignature":"None",\#
        "durationMs":0,"callerIpAddress":"198.51.100.23","correlationId":"3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",\#
        "identity":"Dana Dev","Level":"4","location":"US",\#
        "properties":{"id":"8f7e6d5c-4b3a-4291-8f0e-1d2c3b4a5f6e",\#
        "createdDateTime":"2022-12-20T08:14:02.1182734+00:00","userDisplayName":"Dana Dev",\#
        "userPrincipalName":"dana@acme.example","userId":"2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",\#
        "appId":"c44b4083-3bb0-49c1-b47d-974e53cbdf3c","appDisplayName":"Azure Portal",\#
        "ipAddress":"198.51.100.23","status":{"errorCode":0},"clientAppUsed":"Browser",\#
        "userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML,\#
         like Gecko) Chrome/108.0.0.0 Safari/537.36","conditionalAccessStatus":"success","isInteractive":true,\#
        "authenticationRequirement":"multiFactorAuthentication","location":{"city":"Seattle","state":"Washington",\#
        "countryOrRegion":"US","geoCoordinates":{"latitude":47.6,"longitude":-122.33}},\#
        "deviceDetail":{"deviceId":"","operatingSystem":"MacOs","browser":"Chrome 108.0.0"}}}
        """#

    static let servicePrincipalGraph =
        #"""
        {"id":"0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a","createdDateTime":"2022-12-28T05:01:55Z",\#
        "appId":"5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f","appDisplayName":"circleci-deployer",\#
        "servicePrincipalId":"9e8d7c6b-5a4f-43e2-a1b0-c9d8e7f6a5b4","servicePrincipalName":"circleci-deployer",\#
        "servicePrincipalCredentialKeyId":"6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d","ipAddress":"72.18.132.58",\#
        "location":{"city":"Dallas","state":"Texas","countryOrRegion":"US"},\#
        "resourceDisplayName":"Windows Azure Service Management API","status":{"errorCode":0,\#
        "failureReason":null},"signInEventTypes":["servicePrincipal"],"conditionalAccessStatus":"notApplied"}
        """#

    @Test func storageRecordMapsEveryContractField() throws {
        let e = try TestRecords.event(Self.interactive)
        #expect(e.provider == .entra)
        #expect(e.service == "signinlogs")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_671_524_042_118_273_400))
        #expect(e.fields[.action] == "Sign-in activity")
        #expect(e.fields[.outcome] == "success")
        #expect(e.fields[.eventID] == "8f7e6d5c-4b3a-4291-8f0e-1d2c3b4a5f6e")
        #expect(e.fields[.userName] == "dana@acme.example")
        #expect(e.fields[.userID] == "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e")
        #expect(e.fields[.sourceIP] == "198.51.100.23")
        #expect(e.fields[.country] == "US")
        #expect(e.fields[.city] == "Seattle")
        #expect((e.fields[.userAgent] ?? "").hasPrefix("Mozilla/5.0"))
        #expect(e.fields[.organizationID] == "aaaabbbb-0000-cccc-1111-dddd2222eeee")
        #expect(e.fields[.credentialID] == nil)
        #expect(e.fields[.targetName] == "Azure Portal")
    }

    @Test func servicePrincipalGraphRecord() throws {
        let e = try TestRecords.event(Self.servicePrincipalGraph)
        #expect(e.provider == .entra)
        #expect(e.timestamp == Timestamp(parsing: "2022-12-28T05:01:55Z"))
        #expect(e.fields[.action] == "Sign-in activity")
        #expect(e.fields[.credentialID] == "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f")
        #expect(e.fields[.userName] == "circleci-deployer")
        #expect(e.fields[.userID] == "9e8d7c6b-5a4f-43e2-a1b0-c9d8e7f6a5b4")
        #expect(e.fields[.sourceIP] == "72.18.132.58")
        #expect(e.fields[.country] == "US")
        #expect(e.fields[.targetName] == "Windows Azure Service Management API")
        #expect(e.fields[.outcome] == "success")
    }

    @Test func nonUTCOffsetIsConvertedToUTC() throws {
        let e = try TestRecords.event(
            #"""
            {"time":"2019-10-18T09:45:48.0729893Z","category":"SignInLogs","operationName":"Sign-in activity",\#
            "resultType":"50140","properties":{"createdDateTime":"2019-10-18T04:45:48.0729893-05:00",\#
            "status":{"errorCode":50140},"userPrincipalName":"test@elastic.co"}}
            """#
        )
        let ts = try #require(e.timestamp)
        #expect(ts == Timestamp(parsing: "2019-10-18T09:45:48.0729893Z"))
        #expect(ts.iso8601 == "2019-10-18T09:45:48.0729893Z")
        #expect(e.fields[.outcome] == "failure")
    }

    @Test func lowerCaseEnvelopeKeysAndPortInCallerAddress() throws {
        let e = try TestRecords.event(
            #"""
            {"Level":"4","calleripaddress":"[2001:db8::7]:55012","category":"NonInteractiveUserSignInLogs",\#
            "operationname":"Sign-in activity","resulttype":"0","time":"2022-12-20T08:14:02Z",\#
            "properties":{"userPrincipalName":"dana@acme.example"}}
            """#
        )
        #expect(e.provider == .entra)
        #expect(e.fields[.sourceIP] == "2001:db8::7")
        #expect(e.fields[.sourcePort] == "55012")
        #expect(e.fields[.outcome] == "success")
    }

    @Test func servicePrincipalCategory() throws {
        let e = try TestRecords.event(
            #"""
            {"time":"2022-12-28T05:01:55Z","category":"ServicePrincipalSignInLogs",\#
            "operationName":"Sign-in activity","resultType":"7000215","properties":{"appId":"app-9",\#
            "servicePrincipalId":"sp-9","servicePrincipalName":"deployer","ipAddress":"89.36.78.75",\#
            "status":{"errorCode":7000215}}}
            """#
        )
        #expect(e.fields[.credentialID] == "app-9")
        #expect(e.fields[.userName] == "deployer")
        #expect(e.fields[.outcome] == "failure")
    }

    @Test func logAnalyticsColumns() throws {
        let e = try TestRecords.event(
            #"""
            {"TimeGenerated":"2022-12-20T08:14:02.118Z","Type":"SigninLogs",\#
            "UserPrincipalName":"dana@acme.example","IPAddress":"198.51.100.23","Location":"US",\#
            "AppDisplayName":"Azure Portal","ResultType":"50126",\#
            "ResultDescription":"Invalid username or password","UserAgent":"curl/8"}
            """#
        )
        #expect(e.provider == .entra)
        #expect(e.fields[.userName] == "dana@acme.example")
        #expect(e.fields[.sourceIP] == "198.51.100.23")
        #expect(e.fields[.country] == "US")
        #expect(e.fields[.outcome] == "failure")
        #expect(e.fields[.userAgent] == "curl/8")
        #expect(e.timestamp == Timestamp(parsing: "2022-12-20T08:14:02.118Z"))
        #expect(e.fieldValues("ResultDescription") == ["Invalid username or password"])
    }

    @Test func sigmaNamesReachProperties() throws {
        let e = try TestRecords.event(Self.interactive)
        #expect(e.fieldValues("AuthenticationRequirement") == ["multiFactorAuthentication"])
        #expect(e.fieldValues("ResultType") == ["0"])
        #expect(e.fieldValues("DeviceDetail.operatingSystem") == ["MacOs"])
    }
}
