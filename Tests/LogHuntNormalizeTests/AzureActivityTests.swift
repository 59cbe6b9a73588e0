import LogHuntCore
import LogHuntNormalize
import Testing

@Suite struct AzureActivityTests {
    static let siteWrite =
        #"""
        {"time":"2022-12-19T16:20:31.5526391Z",\#
        "resourceId":"/SUBSCRIPTIONS/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/RESOURCEGROUPS/RG-PAYMENTS/PROVIDERS/MIC\#
        ROSOFT.WEB/SITES/PAYMENTS-API",\#
        "operationName":"MICROSOFT.WEB/SITES/WRITE","category":"Administrative","resultType":"Success",\#
        "resultSignature":"Succeeded.OK","durationMs":"1840","callerIpAddress":"34.74.90.12",\#
        "correlationId":"7d0c2b1a-9e8f-4a7b-b6c5-d4e3f2a1b0c9",\#
        "identity":{"authorization":{"scope":"/subscriptions/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/resourceGroups/r\#
        g-payments/providers/Microsoft.Web/sites/payments-api",\#
        "action":"Microsoft.Web/sites/write","evidence":{"role":"Contributor",\#
        "roleAssignmentScope":"/subscriptions/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",\#
        "roleAssignmentId":"1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6",\#
        "roleDefinitionId":"b24988ac618042a0ab8820f7382dd24c","principalId":"9e8d7c6b5a4f43e2a1b0c9d8e7f6a5b4",\#
        "principalType":"ServicePrincipal"}},"claims":{"aud":"https://management.core.windows.net/",\#
        "iss":"https://sts.windows.net/aaaabbbb-0000-cccc-1111-dddd2222eeee/",\#
        "appid":"5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f","appidacr":"1",\#
        "http://schemas.microsoft.com/identity/claims/objectidentifier":"9e8d7c6b-5a4f-43e2-a1b0-c9d8e7f6a5b4",\#
        "http://schemas.microsoft.com/identity/claims/tenantid":"aaaabbbb-0000-cccc-1111-dddd2222eeee",\#
        "ipaddr":"34.74.90.12","ver":"1.0"}},"level":"Information","location":"global",\#
        "properties":{"statusCode":"OK","serviceRequestId":null,"eventCategory":"Administrative",\#
        "entity":"/subscriptions/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/resourceGroups/rg-payments/providers/Microso\#
        ft.Web/sites/payments-api",\#
        "message":"Microsoft.Web/sites/write",\#
        "hierarchy":"aaaabbbb-0000-cccc-1111-dddd2222eeee/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"}}
        """#

    static let listKeys =
        #"""
        {"time":"2022-12-28T05:02:17.0031158Z",\#
        "resourceId":"/SUBSCRIPTIONS/0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0/RESOURCEGROUPS/RG-DATA/PROVIDERS/MICROSO\#
        FT.STORAGE/STORAGEACCOUNTS/ACMEBACKUPS",\#
        "operationName":"MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION","category":"Administrative",\#
        "resultType":"Success","resultSignature":"Succeeded.OK","durationMs":212,"callerIpAddress":"72.18.132.58",\#
        "correlationId":"c0ffee00-1234-4abc-9def-0123456789ab",\#
        "identity":{"authorization":{"scope":"/subscriptions/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/resourceGroups/r\#
        g-data/providers/Microsoft.Storage/storageAccounts/acmebackups",\#
        "action":"Microsoft.Storage/storageAccounts/listKeys/action","evidence":{"role":"Contributor",\#
        "principalId":"9e8d7c6b5a4f43e2a1b0c9d8e7f6a5b4","principalType":"ServicePrincipal"}},\#
        "claims":{"appid":"5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f","ipaddr":"72.18.132.58"}},"level":"Information",\#
        "location":"global","properties":{"statusCode":"OK","eventCategory":"Administrative",\#
        "message":"Microsoft.Storage/storageAccounts/listKeys/action"}}
        """#

    @Test func storageRecordMapsEveryContractField() throws {
        let e = try TestRecords.event(Self.siteWrite)
        #expect(e.provider == .azure)
        #expect(e.service == "activitylogs")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_671_466_831_552_639_100))
        #expect(e.fields[.action] == "MICROSOFT.WEB/SITES/WRITE")
        #expect(e.fields[.outcome] == "success")
        #expect(
            e.fields[.eventID]
                == "7d0c2b1a-9e8f-4a7b-b6c5-d4e3f2a1b0c9|2022-12-19T16:20:31.5526391Z|MICROSOFT.WEB/SITES/WRITE")
        #expect(e.fields[.userName] == "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f")
        #expect(e.fields[.userID] == "9e8d7c6b5a4f43e2a1b0c9d8e7f6a5b4")
        #expect(e.fields[.sourceIP] == "34.74.90.12")
        #expect(e.fields[.accountID] == "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")
        #expect(e.fields[.credentialID] == "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f")
        #expect(
            e.fields[.targetName]
                == "/SUBSCRIPTIONS/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/RESOURCEGROUPS/RG-PAYMENTS/PROVIDERS/MICROSOFT.WEB/SITES/PAYMENTS-API"
        )
        #expect(e.fields[.region] == nil)
        #expect(e.fields[.logLevel] == "Information")
    }

    @Test func upperCaseSubscriptionIsLowerCasedForTheAccount() throws {
        let e = try TestRecords.event(Self.listKeys)
        #expect(e.fields[.accountID] == "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")
        #expect(e.fields[.sourceIP] == "72.18.132.58")
    }

    @Test func eventHubWrapperElementAfterSplitting() throws {
        let doc = try TestRecords.record(#"{"records":[\#(Self.listKeys)]}"#).document
        let inner = try #require(TestRecords.split(doc).first)
        let e = Normalizer().normalize(document: inner, location: SourceLocation(file: "f", line: 1, record: 0))
        #expect(e.provider == .azure)
        #expect(e.fields[.action] == "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION")
    }

    @Test func upperCaseKeys() throws {
        let e = try TestRecords.event(
            #"""
            {"TIME":"2022-12-28T05:02:17Z","RESOURCEID":"/SUBSCRIPTIONS/ABC/RESOURCEGROUPS/RG",\#
            "OPERATIONNAME":"MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE","CATEGORY":"Administrative",\#
            "RESULTTYPE":"Failure","CALLERIPADDRESS":"10.0.0.1","Level":"Error"}
            """#
        )
        #expect(e.provider == .azure)
        #expect(e.fields[.action] == "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE")
        #expect(e.fields[.outcome] == "failure")
        #expect(e.fields[.sourceIP] == "10.0.0.1")
        #expect(e.fields[.accountID] == "abc")
        #expect(e.timestamp == Timestamp(parsing: "2022-12-28T05:02:17Z"))
        #expect(e.fieldValues("operationName") == ["MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE"])
    }

    @Test(arguments: [("Start", "unknown"), ("Accept", "unknown"), ("Succeeded", "success"), ("Failed", "failure")])
    func resultTypes(_ result: String, _ outcome: String) throws {
        let e = try TestRecords.event(
            #"""
            {"time":"2022-12-28T05:02:17Z","resourceId":"/subscriptions/a","operationName":"x/write",\#
            "category":"Administrative","resultType":"\#(result)"}
            """#
        )
        #expect(e.fields[.outcome] == outcome)
    }

    @Test(arguments: [#""durationMs":212"#, #""durationMs":"212""#])
    func durationTypeDrift(_ member: String) throws {
        let e = try TestRecords.event(
            #"""
            {"time":"2022-12-28T05:02:17Z","resourceId":"/subscriptions/a","operationName":"x/write",\#
            "category":"Administrative",\#(member)}
            """#
        )
        #expect(e.provider == .azure)
        #expect(e.fields[.action] == "x/write")
    }

    @Test func restShape() throws {
        let e = try TestRecords.event(
            #"""
            {"eventTimestamp":"2022-12-28T05:02:17.1234567Z","eventDataId":"ed-1","caller":"dana@acme.example",\#
            "claims":{"appid":"app-1"},"httpRequest":{"clientIpAddress":"198.51.100.23","method":"PUT"},\#
            "operationName":{"value":"Microsoft.Web/sites/write","localizedValue":"Update website"},\#
            "status":{"value":"Succeeded"},"category":{"value":"Administrative"},\#
            "resourceId":"/subscriptions/S1/resourceGroups/rg","subscriptionId":"S1","level":"Informational"}
            """#
        )
        #expect(e.provider == .azure)
        #expect(e.fields[.action] == "Microsoft.Web/sites/write")
        #expect(e.fields[.outcome] == "success")
        #expect(e.fields[.eventID] == "ed-1")
        #expect(e.fields[.userName] == "dana@acme.example")
        #expect(e.fields[.sourceIP] == "198.51.100.23")
        #expect(e.fields[.credentialID] == "app-1")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_672_203_737_123_456_700))
    }

    @Test func logAnalyticsColumns() throws {
        let e = try TestRecords.event(
            #"""
            {"TimeGenerated":"2022-12-28T05:02:17Z",\#
            "OperationNameValue":"MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION",\#
            "CategoryValue":"Administrative","ResourceProviderValue":"MICROSOFT.STORAGE",\#
            "ResourceId":"/SUBSCRIPTIONS/S2/RESOURCEGROUPS/RG","Caller":"5c6d","CallerIpAddress":"72.18.132.58",\#
            "ActivityStatusValue":"Success","SubscriptionId":"S2","Claims":"{\"appid\":\"5c6d\"}"}
            """#
        )
        #expect(e.provider == .azure)
        #expect(e.service == "activitylogs")
        #expect(e.fields[.action] == "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION")
        #expect(e.fields[.outcome] == "success")
        #expect(e.fields[.sourceIP] == "72.18.132.58")
        #expect(e.fields[.accountID] == "s2")
        #expect(e.fields[.credentialID] == "5c6d")
        #expect(e.timestamp == Timestamp(parsing: "2022-12-28T05:02:17Z"))
    }

    @Test func callerAddressWithPort() throws {
        let e = try TestRecords.event(
            #"""
            {"time":"2024-12-19T16:37:50.733Z",\#
            "resourceId":"/subscriptions/1/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/s/blobServ\#
            ices/default",\#
            "operationName":"DeleteBlob","callerIpAddress":"5.5.5.5:3832"}
            """#
        )
        #expect(e.provider == .azure)
        #expect(e.fields[.sourceIP] == "5.5.5.5")
        #expect(e.fields[.sourcePort] == "3832")
    }

    @Test func entraAuditLogIsAzureAuditLogs() throws {
        let e = try TestRecords.event(
            #"""
            {"time":"2022-12-28T05:10:00Z","resourceId":"/tenants/t1/providers/Microsoft.aadiam",\#
            "operationName":"Add service principal credentials","category":"ApplicationManagement",\#
            "tenantId":"t1","properties":{"id":"Directory_1","result":"success",\#
            "initiatedBy":{"user":{"userPrincipalName":"mallory@acme.example","ipAddress":"89.36.78.75"}},\#
            "targetResources":[{"displayName":"circleci-deployer"}]}}
            """#
        )
        #expect(e.provider == .azure)
        #expect(e.service == "auditlogs")
        #expect(e.fields[.action] == "Add service principal credentials")
        #expect(e.fields[.outcome] == "success")
        #expect(e.fields[.userName] == "mallory@acme.example")
        #expect(e.fields[.sourceIP] == "89.36.78.75")
        #expect(e.fields[.targetName] == "circleci-deployer")
        #expect(e.fields[.eventID] == "Directory_1")
    }

    @Test func exactKeyWinsOverAnotherCasing() throws {
        let e = try TestRecords.event(
            #"""
            {"Level":"4","level":"Information","time":"2022-12-28T05:02:17Z","resourceId":"/a/subscriptions/S3",\#
            "operationName":"x/write","category":"Administrative"}
            """#
        )
        #expect(e.fields[.logLevel] == "Information")
        #expect(e.fields[.accountID] == "s3")
    }
}
