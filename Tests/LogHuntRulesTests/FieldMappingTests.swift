import LogHuntCore
import LogHuntRules
import Testing

/// Field mappings as data: the format, the lookup order and the built-in files.
@Suite struct FieldMappingTests {
    static let text = """
        product: gcp
        fields:
          gcp.audit.method_name: protoPayload.methodName
          data.protoPayload.logName: logName
          data.protoPayload.*: protoPayload.*
          data.*: "*"
          multi: [a.b, c]
        ---
        product: Azure
        fields:
          DeviceDetail.*: properties.deviceDetail.*
        """

    func mapping(_ text: String = Self.text) -> (FieldMapping, [Diagnostic]) {
        let collector = DiagnosticCollector()
        let m = FieldMapping.load(text: text, file: "m.yml", limits: Limits(), sink: collector)
        return (m, collector.diagnostics)
    }

    @Test func lookupOrder() {
        let (m, diagnostics) = mapping()
        #expect(diagnostics.isEmpty)
        #expect(m.candidates(for: "gcp.audit.method_name", product: "gcp") == ["protoPayload.methodName"])
        #expect(m.candidates(for: "data.protoPayload.logName", product: "gcp") == ["logName"])
        #expect(m.candidates(for: "data.protoPayload.serviceName", product: "gcp") == ["protoPayload.serviceName"])
        #expect(m.candidates(for: "data.insertId", product: "gcp") == ["insertId"])
        #expect(m.candidates(for: "multi", product: "gcp") == ["a.b", "c"])
        #expect(m.candidates(for: "protoPayload.methodName", product: "gcp").isEmpty)
        #expect(m.candidates(for: "gcp.audit.method_name", product: "aws").isEmpty)
        #expect(m.candidates(for: "gcp.audit.method_name", product: nil).isEmpty)
        #expect(
            m.candidates(for: "DeviceDetail.isCompliant", product: "azure") == ["properties.deviceDetail.isCompliant"])
    }

    @Test func userMappingsOverrideBuiltin() {
        let (m, _) = mapping()
        let (user, _) = mapping("product: gcp\nfields:\n  gcp.audit.method_name: [custom.path]\n")
        let merged = m.overridden(by: user)
        #expect(merged.candidates(for: "gcp.audit.method_name", product: "gcp") == ["custom.path"])
        #expect(merged.candidates(for: "data.protoPayload.logName", product: "gcp") == ["logName"])
    }

    static let invalid: [(String, String)] = [
        ("fields: {a: b}", "missing 'product' in a field mapping"),
        ("product: x\nfields: [a]", "'fields' must be a mapping"),
        ("product: x\nfields: {a*: b}", "invalid value 'b': a prefix pattern maps to prefixes ending in '*'"),
        ("product: x\nfields: {a: b*}", "invalid value 'b*': only a name ending in '*' maps to prefixes"),
        ("product: x\nfields: {a: {b: c}}", "'a' must be a path or a list of paths"),
        ("product: x\nmapping: {}\nfields: {a: b}", "unknown key 'mapping' in a field mapping"),
    ]

    @Test(arguments: invalid)
    func rejects(_ text: String, _ message: String) throws {
        let (_, diagnostics) = mapping(text)
        let d = try #require(diagnostics.first)
        #expect(d.severity == .error)
        #expect(d.message.hasPrefix(message), "\(d.message)")
    }

    @Test func builtinMappingsLoadCleanly() {
        let collector = DiagnosticCollector()
        let m = FieldMapping.builtin(sink: collector)
        #expect(collector.diagnostics.isEmpty, "\(collector.diagnostics)")
        #expect(Set(m.products.keys).isSuperset(of: ["aws", "gcp", "azure", "github", "circleci"]))
    }

    static let builtinRows: [(product: String, field: String, first: String)] = [
        ("gcp", "gcp.audit.method_name", "protoPayload.methodName"),
        ("gcp", "gcp.audit.service_name", "protoPayload.serviceName"),
        ("gcp", "data.protoPayload.authorizationInfo.permission", "protoPayload.authorizationInfo.permission"),
        ("gcp", "data.protoPayload.logName", "logName"),
        ("gcp", "data.protoPayload.resource.type", "resource.type"),
        ("azure", "OperationNameValue", "operationName.value"),
        ("azure", "CategoryValue", "category.value"),
        ("azure", "ResourceProviderValue", "resourceProviderName.value"),
        ("azure", "ResourceId", "resourceId"),
        ("azure", "ResultType", "resultType"),
        ("azure", "ResultDescription", "resultDescription"),
        ("azure", "AuthenticationRequirement", "properties.authenticationRequirement"),
        ("azure", "Status", "properties.result"),
        ("azure", "DeviceDetail.trusttype", "properties.deviceDetail.trusttype"),
        ("azure", "RiskState", "properties.riskState"),
        ("azure", "ResourceDisplayName", "properties.resourceDisplayName"),
        ("azure", "ClientApp", "properties.clientAppUsed"),
        ("azure", "Username", "properties.userPrincipalName"),
        ("azure", "userAgent", "properties.userAgent"),
        ("aws", "src_ip", "sourceIPAddress"),
    ]

    @Test(arguments: builtinRows)
    func builtinMapsSigmaHQNames(_ product: String, _ field: String, _ first: String) {
        let m = FieldMapping.builtin(sink: DiscardingDiagnosticSink())
        #expect(m.candidates(for: field, product: product).first == first)
    }
}
