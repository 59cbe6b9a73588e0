import LogHuntCore
import LogHuntNormalize
import Testing

@Suite struct GitHubTests {
    static let deployKeyClone =
        #"""
        {"@timestamp":1671440412331,"_document_id":"pL0q3uXc2mWJd9Qe1aG7Zw==","action":"git.clone","actor":"",\#
        "actor_id":0,"business":"acme-ent","business_id":4411,"org":"acme","org_id":8812001,\#
        "repo":"acme/payments-api","repository":"acme/payments-api","repository_public":false,\#
        "transport_protocol":2,"transport_protocol_name":"ssh","user":"","user_agent":"git/2.38.1","user_id":0}
        """#

    static let oauthFetch =
        #"""
        {"@timestamp":1671447005120,"_document_id":"Zk1yTfC0a2Lx8r4P0GmQ9A==","action":"git.fetch",\#
        "actor":"ci-builder","actor_id":5512001,"actor_ip":"3.228.39.90","actor_location":{"country_code":"US"},\#
        "business":"acme-ent","business_id":4411,"hashed_token":"q0x3m5eV8mXx2w8mB3hQb2ZbB4nC9j6r1oVbV7f0q5I=",\#
        "org":"acme","org_id":8812001,"programmatic_access_type":"OAuth access token","repo":"acme/payments-api",\#
        "repository":"acme/payments-api","repository_public":false,"token_id":90017734,"transport_protocol":1,\#
        "transport_protocol_name":"http","user":"","user_agent":"git/2.38.1","user_id":0}
        """#

    static let zipDownload =
        #"""
        {"@timestamp":1672203533120,"_document_id":"Fh3sQm0a9WcT2bN7uP1dKg","action":"repo.download_zip",\#
        "actor":"ci-builder","actor_id":5512001,"actor_ip":"89.36.78.75","actor_location":{"country_code":"RO"},\#
        "created_at":1672203533120,"hashed_token":"q0x3m5eV8mXx2w8mB3hQb2ZbB4nC9j6r1oVbV7f0q5I=",\#
        "operation_type":"access","org":"acme","org_id":8812001,"programmatic_access_type":"OAuth access token",\#
        "repo":"acme/infra-secrets","repo_id":551234001,"user_agent":"python-requests/2.28.1"}
        """#

    @Test func oauthFetchMapsEveryContractField() throws {
        let e = try TestRecords.event(Self.oauthFetch)
        #expect(e.provider == .github)
        #expect(e.service == "audit")
        let ts = try #require(e.timestamp)
        #expect(ts.iso8601 == "2022-12-19T10:50:05.12Z")
        #expect(e.fields[.action] == "git.fetch")
        #expect(e.fields[.outcome] == "unknown")
        #expect(e.fields[.eventID] == "Zk1yTfC0a2Lx8r4P0GmQ9A==")
        #expect(e.fields[.userName] == "ci-builder")
        #expect(e.fields[.userID] == "5512001")
        #expect(e.fields[.sourceIP] == "3.228.39.90")
        #expect(e.fields[.country] == "US")
        #expect(e.fields[.userAgent] == "git/2.38.1")
        #expect(e.fields[.organizationName] == "acme")
        #expect(e.fields[.organizationID] == "8812001")
        #expect(e.fields[.credentialID] == "q0x3m5eV8mXx2w8mB3hQb2ZbB4nC9j6r1oVbV7f0q5I=")
        #expect(e.fields[.targetName] == "acme/payments-api")
        #expect(e.fields[.networkProtocol] == "http")
    }

    @Test func deployKeyCloneHasNoActorAndNoCredential() throws {
        let e = try TestRecords.event(Self.deployKeyClone)
        #expect(e.provider == .github)
        #expect(e.fields[.userName] == nil)
        #expect(e.fields[.userID] == nil)
        #expect(e.fields[.credentialID] == nil)
        #expect(e.fields[.sourceIP] == nil)
        #expect(e.fields[.networkProtocol] == "ssh")
        #expect(e.fields[.targetName] == "acme/payments-api")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_671_440_412_331_000_000))
    }

    @Test func webEventPrefersTimestampThenCreatedAt() throws {
        let e = try TestRecords.event(Self.zipDownload)
        #expect(e.fields[.action] == "repo.download_zip")
        #expect(e.fields[.country] == "RO")
        #expect(e.fields[.targetName] == "acme/infra-secrets")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_672_203_533_120_000_000))
    }

    @Test func gitEventWithoutCreatedAtAndWithoutActor() throws {
        let e = try TestRecords.event(
            #"""
            {"@timestamp":1713596671828,"_document_id":"x","action":"git.clone","repo":"o/r",\#
            "transport_protocol_name":"ssh"}
            """#
        )
        #expect(e.provider == .github)
        #expect(e.timestamp == Timestamp(nanoseconds: 1_713_596_671_828_000_000))
        #expect(e.fields[.userName] == nil)
    }

    @Test func createdAtAloneIsTheTime() throws {
        let e = try TestRecords.event(
            #"""
            {"actor":"github-actor","org":"Example-Org","created_at":1583364382722,"action":"org.invite_member",\#
            "actor_location":{"country_code":"US"},"user":"github-user"}
            """#
        )
        #expect(e.provider == .github)
        #expect(e.timestamp == Timestamp(nanoseconds: 1_583_364_382_722_000_000))
        #expect(e.fields[.userTargetName] == "github-user")
    }

    @Test(arguments: [
        (#""1624445969188.000000""#, Int64(1_624_445_969_188_000_000)),
        ("1624445969", Int64(1_624_445_969_000_000_000)),
        (#""2023-11-20 21:20:09.423""#, Int64(1_700_515_209_423_000_000)),
        (#""2022-12-19T10:50:05.120Z""#, Int64(1_671_447_005_120_000_000)),
    ])
    func timestampForms(_ literal: String, _ nanos: Int64) throws {
        let e = try TestRecords.event(#"{"@timestamp":\#(literal),"action":"git.clone","actor":"a"}"#)
        #expect(e.timestamp == Timestamp(nanoseconds: nanos))
    }

    @Test func pantherRenamedTimestamp() throws {
        let e = try TestRecords.event(
            #"{"action":"repo.create","actor":"cat","at_sign_timestamp":"2023-11-20 21:20:09.423","org":"o"}"#)
        #expect(e.provider == .github)
        #expect(e.timestamp == Timestamp(nanoseconds: 1_700_515_209_423_000_000))
    }

    @Test(arguments: [
        (#""org_id":8812001"#, "8812001" as String?),
        (#""org_id":[]"#, nil),
        (#""org_id":[163237012]"#, "163237012"),
        (#""org_id":"17""#, "17"),
    ])
    func orgIDTypeDrift(_ member: String, _ expected: String?) throws {
        let e = try TestRecords.event(#"{"@timestamp":1,"action":"user.login","actor":"a","org":[],\#(member)}"#)
        #expect(e.provider == .github)
        #expect(e.fields[.organizationID] == expected)
        #expect(e.fields[.organizationName] == nil)
    }

    @Test func orgAsArrayGivesItsFirstName() throws {
        let e = try TestRecords.event(#"{"@timestamp":1,"action":"user.login","actor":"a","org":["acme"]}"#)
        #expect(e.fields[.organizationName] == "acme")
    }

    @Test func tokenIDWhenThereIsNoHash() throws {
        let withID = try TestRecords.event(#"{"@timestamp":1,"action":"git.clone","actor":"a","token_id":90017734}"#)
        #expect(withID.fields[.credentialID] == "90017734")
        let zero = try TestRecords.event(#"{"@timestamp":1,"action":"git.clone","actor":"a","token_id":0}"#)
        #expect(zero.fields[.credentialID] == nil)
    }

    @Test func actorIPWithPortAndHostname() throws {
        let v6 = try TestRecords.event(
            #"{"@timestamp":1,"action":"git.clone","actor":"a","actor_ip":"[2001:db8::1]:443"}"#)
        #expect(v6.fields[.sourceIP] == "2001:db8::1")
        #expect(v6.fields[.sourcePort] == "443")
        let host = try TestRecords.event(
            #"{"@timestamp":1,"action":"git.clone","actor":"a","actor_ip":"proxy.example"}"#)
        #expect(host.fields[.sourceIP] == nil)
        #expect(host.fields[.sourceAddress] == "proxy.example")
    }

    @Test func wazuhWrappedEventWithStringEncodedTime() throws {
        let e = try TestRecords.event(
            #"""
            {"rule":{"id":"1"},"data":{"github":{"@timestamp":"1624445965569.000000","action":"git.clone",\#
            "actor":"octo","actor_ip":"203.0.113.5","repo":"o/r"}}}
            """#
        )
        #expect(e.provider == .github)
        #expect(e.fields[.action] == "git.clone")
        #expect(e.fields[.sourceIP] == "203.0.113.5")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_624_445_965_569_000_000))
    }

    @Test func csvExportWithFlattenedKeys() throws {
        let e = try TestRecords.event(
            #"""
            {"action":"team.add_member","actor":"octocat","actor_location.country_code":"US",\#
            "created_at":"1611618266125","org":"Example-Org","user":"github-user",\#
            "data.team":"Example-Org/authors"}
            """#
        )
        #expect(e.provider == .github)
        #expect(e.fields[.country] == "US")
        #expect(e.timestamp == Timestamp(nanoseconds: 1_611_618_266_125_000_000))
    }
}
