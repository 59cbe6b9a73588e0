import LogHuntCore
@testable import LogHuntEngine
import LogHuntNormalize
import LogHuntRules
import Testing

/// SIGMA.md §1.13 (every item) and the §1.12 decisions, as rule text → event → expected
/// result from the specification. Every row also runs with the optimiser off and must agree.
@Suite struct ConformanceTests {
    static let cases: [ConformanceCase] = [
        // 1. Case: insensitive by default, `re` sensitive unless `i`, `cased` sensitive.
        .init(
            item: "1", name: "plain value ignores case", detection: "sel:\n    a: FooBar\ncondition: sel",
            event: #"{"a":"foobar"}"#, expected: true),
        .init(
            item: "1", name: "contains ignores case", detection: "sel:\n    a|contains: OBA\ncondition: sel",
            event: #"{"a":"foobar"}"#, expected: true),
        .init(
            item: "1", name: "startswith ignores case", detection: "sel:\n    a|startswith: FOO\ncondition: sel",
            event: #"{"a":"foobar"}"#, expected: true),
        .init(
            item: "1", name: "endswith ignores case", detection: "sel:\n    a|endswith: BAR\ncondition: sel",
            event: #"{"a":"foobar"}"#, expected: true),
        .init(
            item: "1", name: "wildcard ignores case", detection: "sel:\n    a: 'F*R'\ncondition: sel",
            event: #"{"a":"foobar"}"#, expected: true),
        .init(
            item: "1", name: "re is case-sensitive", detection: "sel:\n    a|re: 'Foo'\ncondition: sel",
            event: #"{"a":"foobar"}"#, expected: false),
        .init(
            item: "1", name: "re|i ignores case", detection: "sel:\n    a|re|i: 'Foo'\ncondition: sel",
            event: #"{"a":"foobar"}"#, expected: true),
        .init(
            item: "1", name: "cased is case-sensitive", detection: "sel:\n    a|cased: FooBar\ncondition: sel",
            event: #"{"a":"foobar"}"#, expected: false),
        .init(
            item: "1", name: "cased matches same case", detection: "sel:\n    a|cased: FooBar\ncondition: sel",
            event: #"{"a":"FooBar"}"#, expected: true),
        .init(
            item: "1", name: "non-ASCII folding", detection: "sel:\n    a|contains: 'ÉTÉ'\ncondition: sel",
            event: #"{"a":"un été chaud"}"#, expected: true),
        // 2. Lists OR, maps AND, list of maps OR, |all AND, single-value |all rejected.
        .init(
            item: "2", name: "value list is OR", detection: "sel:\n    a: [x, y]\ncondition: sel", event: #"{"a":"y"}"#,
            expected: true),
        .init(
            item: "2", name: "map is AND (one fails)", detection: "sel:\n    a: x\n    b: y\ncondition: sel",
            event: #"{"a":"x","b":"z"}"#, expected: false),
        .init(
            item: "2", name: "map is AND (both hold)", detection: "sel:\n    a: x\n    b: y\ncondition: sel",
            event: #"{"a":"x","b":"y"}"#, expected: true),
        .init(
            item: "2", name: "list of maps is OR", detection: "sel:\n    - a: x\n    - b: y\ncondition: sel",
            event: #"{"a":"q","b":"y"}"#, expected: true),
        .init(
            item: "2", name: "all ANDs the list (one missing)",
            detection: "sel:\n    a|contains|all: [foo, bar]\ncondition: sel", event: #"{"a":"foo only"}"#,
            expected: false),
        .init(
            item: "2", name: "all ANDs the list (both present)",
            detection: "sel:\n    a|contains|all: [foo, bar]\ncondition: sel", event: #"{"a":"bar and foo"}"#,
            expected: true),
        .init(
            item: "2", name: "single-value all is rejected", detection: "sel:\n    a|contains|all: foo\ncondition: sel",
            event: #"{"a":"foo"}"#, expected: nil),
        // 3. Escaping.
        .init(
            item: "3", name: #"\* is a literal star"#, detection: #"sel:\#n    a: 'a\*b'\#ncondition: sel"#,
            event: #"{"a":"a*b"}"#, expected: true),
        .init(
            item: "3", name: #"\* does not match other text"#, detection: #"sel:\#n    a: 'a\*b'\#ncondition: sel"#,
            event: #"{"a":"axb"}"#, expected: false),
        .init(
            item: "3", name: #"\? is a literal question mark"#, detection: #"sel:\#n    a: 'a\?'\#ncondition: sel"#,
            event: #"{"a":"ax"}"#, expected: false),
        .init(
            item: "3", name: #"\\* is backslash then wildcard"#, detection: #"sel:\#n    a: 'C:\\*'\#ncondition: sel"#,
            event: #"{"a":"C:\\Windows"}"#, expected: true),
        .init(
            item: "3", name: #"\\\* is backslash then literal star"#,
            detection: #"sel:\#n    a: 'C:\\\*'\#ncondition: sel"#, event: #"{"a":"C:\\*"}"#, expected: true),
        .init(
            item: "3", name: #"\\\* does not act as a wildcard"#,
            detection: #"sel:\#n    a: 'C:\\\*'\#ncondition: sel"#, event: #"{"a":"C:\\Windows"}"#, expected: false),
        .init(
            item: "3", name: #"\\\\ is two backslashes"#, detection: #"sel:\#n    a: 'a\\\\b'\#ncondition: sel"#,
            event: #"{"a":"a\\\\b"}"#, expected: true),
        .init(
            item: "3", name: #"\ before other characters is literal"#,
            detection: #"sel:\#n    a: 'C:\Windows\System32'\#ncondition: sel"#,
            event: #"{"a":"c:\\windows\\system32"}"#, expected: true),
        .init(
            item: "3", name: "trailing lone backslash is literal", detection: #"sel:\#n    a: 'abc\'\#ncondition: sel"#,
            event: #"{"a":"abc\\"}"#, expected: true),
        .init(
            item: "3", name: #"\% escapes a percent under expand"#,
            detection: #"sel:\#n    a|expand: '100\%'\#ncondition: sel"#, event: #"{"a":"100%"}"#, expected: true),
        // 4. Wildcards in plain values and contains, never in re; ? exactly one.
        .init(
            item: "4", name: "* inside contains stays a wildcard",
            detection: "sel:\n    a|contains: 'foo*bar'\ncondition: sel", event: #"{"a":"xfooZZbarx"}"#, expected: true),
        .init(
            item: "4", name: "? is exactly one character", detection: "sel:\n    a: 'a?c'\ncondition: sel",
            event: #"{"a":"ac"}"#, expected: false),
        .init(
            item: "4", name: "? matches one character", detection: "sel:\n    a: 'a?c'\ncondition: sel",
            event: #"{"a":"abc"}"#, expected: true),
        .init(
            item: "4", name: "* is not a wildcard in re", detection: "sel:\n    a|re: '^a*$'\ncondition: sel",
            event: #"{"a":"abc"}"#, expected: false),
        .init(
            item: "4", name: "re . is any character, plain . is a dot", detection: "sel:\n    a: 'a.c'\ncondition: sel",
            event: #"{"a":"abc"}"#, expected: false),
        .init(
            item: "4", name: "re is an unanchored search", detection: "sel:\n    a|re: 'b.'\ncondition: sel",
            event: #"{"a":"abc"}"#, expected: true),
        // 5. Missing field: predicate false, `not` of it true.
        .init(
            item: "5", name: "missing field is false", detection: "sel:\n    a: x\ncondition: sel",
            event: #"{"b":"x"}"#, expected: false),
        .init(
            item: "5", name: "not of a missing field is true",
            detection: "sel:\n    b: x\nfilter:\n    a: y\ncondition: sel and not filter", event: #"{"b":"x"}"#,
            expected: true),
        .init(
            item: "5", name: "not(not missing) is false",
            detection: "sel:\n    b: x\nfilter:\n    a: y\ncondition: sel and not (not filter)", event: #"{"b":"x"}"#,
            expected: false),
        .init(
            item: "5", name: "1 of with a missing branch",
            detection: "s1:\n    a: y\ns2:\n    b: x\ncondition: 1 of s*", event: #"{"b":"x"}"#, expected: true),
        // 6. null = missing or JSON null; '' = empty string only; exists = presence.
        .init(
            item: "6", name: "null matches a missing field", detection: "sel:\n    a: null\ncondition: sel",
            event: #"{"b":1}"#, expected: true),
        .init(
            item: "6", name: "null matches JSON null", detection: "sel:\n    a: null\ncondition: sel",
            event: #"{"a":null}"#, expected: true),
        .init(
            item: "6", name: "null does not match empty string", detection: "sel:\n    a: null\ncondition: sel",
            event: #"{"a":""}"#, expected: false),
        .init(
            item: "6", name: "empty string matches empty string", detection: "sel:\n    a: ''\ncondition: sel",
            event: #"{"a":""}"#, expected: true),
        .init(
            item: "6", name: "empty string does not match missing", detection: "sel:\n    a: ''\ncondition: sel",
            event: #"{"b":""}"#, expected: false),
        .init(
            item: "6", name: "empty string does not match null", detection: "sel:\n    a: ''\ncondition: sel",
            event: #"{"a":null}"#, expected: false),
        .init(
            item: "6", name: "exists true on null value", detection: "sel:\n    a|exists: true\ncondition: sel",
            event: #"{"a":null}"#, expected: true),
        .init(
            item: "6", name: "exists true on empty string", detection: "sel:\n    a|exists: true\ncondition: sel",
            event: #"{"a":""}"#, expected: true),
        .init(
            item: "6", name: "exists false on missing", detection: "sel:\n    a|exists: false\ncondition: sel",
            event: #"{"b":1}"#, expected: true),
        .init(
            item: "6", name: "exists false on present", detection: "sel:\n    a|exists: false\ncondition: sel",
            event: #"{"a":1}"#, expected: false),
        .init(
            item: "6", name: "not null = present and not null",
            detection: "sel:\n    b: 1\nempty:\n    a: null\ncondition: sel and not empty", event: #"{"a":"v","b":1}"#,
            expected: true),
        // 7. Numbers against numeric strings; booleans against true/"true".
        .init(
            item: "7", name: "number matches numeric string", detection: "sel:\n    resultType: 0\ncondition: sel",
            event: #"{"resultType":"0"}"#, expected: true),
        .init(
            item: "7", name: "number matches JSON number", detection: "sel:\n    resultType: 50126\ncondition: sel",
            event: #"{"resultType":50126}"#, expected: true),
        .init(
            item: "7", name: "number compares by value", detection: "sel:\n    n: 1.5\ncondition: sel",
            event: #"{"n":"1.50"}"#, expected: true),
        .init(
            item: "7", name: "number does not match other number", detection: "sel:\n    n: 0\ncondition: sel",
            event: #"{"n":"1"}"#, expected: false),
        .init(
            item: "7", name: "quoted number matches JSON number text", detection: "sel:\n    n: '443'\ncondition: sel",
            event: #"{"n":443}"#, expected: true),
        .init(
            item: "7", name: "boolean matches JSON true", detection: "sel:\n    granted: true\ncondition: sel",
            event: #"{"granted":true}"#, expected: true),
        .init(
            item: "7", name: "boolean matches string true", detection: "sel:\n    granted: true\ncondition: sel",
            event: #"{"granted":"True"}"#, expected: true),
        .init(
            item: "7", name: "boolean does not match false", detection: "sel:\n    granted: true\ncondition: sel",
            event: #"{"granted":false}"#, expected: false),
        .init(
            item: "7", name: "quoted 'true' matches JSON true", detection: "sel:\n    granted: 'true'\ncondition: sel",
            event: #"{"granted":true}"#, expected: true),
        // 8. them skips _identifiers; patterns fully match; precedence.
        .init(
            item: "8", name: "1 of them skips _ identifiers",
            detection: "_hidden:\n    a: x\nsel:\n    b: y\ncondition: 1 of them", event: #"{"a":"x"}"#, expected: false
        ),
        .init(
            item: "8", name: "all of them skips _ identifiers",
            detection: "_hidden:\n    a: x\nsel:\n    b: y\ncondition: all of them", event: #"{"b":"y"}"#,
            expected: true),
        .init(
            item: "8", name: "pattern must match the whole identifier",
            detection: "sel_a:\n    a: x\nxsel_b:\n    b: y\ncondition: 1 of sel_*", event: #"{"b":"y"}"#,
            expected: false),
        .init(
            item: "8", name: "and binds tighter than or",
            detection: "a1:\n    a: 1\nb1:\n    b: 1\nc1:\n    c: 1\ncondition: a1 or b1 and c1", event: #"{"a":1}"#,
            expected: true),
        .init(
            item: "8", name: "not binds tighter than and",
            detection: "a1:\n    a: 1\nb1:\n    b: 1\ncondition: not a1 and b1", event: #"{"a":1,"b":1}"#,
            expected: false),
        .init(
            item: "8", name: "parentheses group",
            detection: "a1:\n    a: 1\nb1:\n    b: 1\nc1:\n    c: 1\ncondition: (a1 or b1) and c1", event: #"{"a":1}"#,
            expected: false),
        .init(
            item: "8", name: "uppercase AND is not a keyword",
            detection: "a1:\n    a: 1\nb1:\n    b: 1\ncondition: a1 AND b1", event: #"{"a":1,"b":1}"#, expected: nil),
        // 9. Modifier chains: re, cidr, exists first/alone; base64 and fieldref reject wildcards.
        .init(
            item: "9", name: "re must come first", detection: "sel:\n    a|contains|re: 'x'\ncondition: sel",
            event: #"{"a":"x"}"#, expected: nil),
        .init(
            item: "9", name: "cidr must come first",
            detection: "sel:\n    a|contains|cidr: '10.0.0.0/8'\ncondition: sel", event: #"{"a":"10.0.0.1"}"#,
            expected: nil),
        .init(
            item: "9", name: "exists must be alone", detection: "sel:\n    a|exists|contains: true\ncondition: sel",
            event: #"{"a":"x"}"#, expected: nil),
        .init(
            item: "9", name: "base64 rejects wildcards", detection: "sel:\n    a|base64: 'ab*'\ncondition: sel",
            event: #"{"a":"x"}"#, expected: nil),
        .init(
            item: "9", name: "fieldref rejects wildcards", detection: "sel:\n    a|fieldref: 'b*'\ncondition: sel",
            event: #"{"a":"x"}"#, expected: nil),
        .init(
            item: "9", name: "modifiers apply left to right",
            detection: "sel:\n    a|base64|contains: 'hello'\ncondition: sel", event: #"{"a":"xxaGVsbG8=yy"}"#,
            expected: true),
        .init(
            item: "9", name: "base64 without contains is equality",
            detection: "sel:\n    a|base64: 'hello'\ncondition: sel", event: #"{"a":"xxaGVsbG8=yy"}"#, expected: false),
        // 10. windash: five characters, word-initial dashes only (pySigma).
        .init(
            item: "10", name: "windash: slash for dash",
            detection: "sel:\n    a|windash|contains: ' -enc '\ncondition: sel", event: #"{"a":"powershell /enc abc"}"#,
            expected: true),
        .init(
            item: "10", name: "windash: en dash", detection: "sel:\n    a|windash|contains: ' -enc '\ncondition: sel",
            event: #"{"a":"powershell \u2013enc abc"}"#, expected: true),
        .init(
            item: "10", name: "windash: em dash", detection: "sel:\n    a|windash|contains: ' -enc '\ncondition: sel",
            event: #"{"a":"powershell \u2014enc abc"}"#, expected: true),
        .init(
            item: "10", name: "windash: horizontal bar",
            detection: "sel:\n    a|windash|contains: ' -enc '\ncondition: sel",
            event: #"{"a":"powershell \u2015enc abc"}"#, expected: true),
        .init(
            item: "10", name: "windash: word-internal dash does not vary",
            detection: "sel:\n    a|windash: 'a-b'\ncondition: sel", event: #"{"a":"a/b"}"#, expected: false),
        // 11. base64offset: three variants; utf16 before it.
        .init(
            item: "11", name: "base64offset offset 0",
            detection: "sel:\n    a|base64offset|contains: 'http://'\ncondition: sel",
            event: #"{"a":"aHR0cDovL2V4YW1wbGU="}"#, expected: true),
        .init(
            item: "11", name: "base64offset offset 1",
            detection: "sel:\n    a|base64offset|contains: 'http://'\ncondition: sel",
            event: #"{"a":"IGh0dHA6Ly9leGFtcGxl"}"#, expected: true),
        .init(
            item: "11", name: "base64offset offset 2",
            detection: "sel:\n    a|base64offset|contains: 'http://'\ncondition: sel",
            event: #"{"a":"ICBodHRwOi8vZXhhbXBsZQ=="}"#, expected: true),
        .init(
            item: "11", name: "wide then base64offset",
            detection: "sel:\n    a|wide|base64offset|contains: 'ping'\ncondition: sel",
            event: #"{"a":"cABpAG4AZwA="}"#, expected: true),
        .init(
            item: "11", name: "base64offset does not match plain text",
            detection: "sel:\n    a|base64offset|contains: 'http://'\ncondition: sel",
            event: #"{"a":"http://example"}"#, expected: false),
        // 12. cidr v4 and v6, /32 and /128.
        .init(
            item: "12", name: "cidr v4 range", detection: "sel:\n    ip|cidr: '10.0.0.0/8'\ncondition: sel",
            event: #"{"ip":"10.20.30.40"}"#, expected: true),
        .init(
            item: "12", name: "cidr v4 outside", detection: "sel:\n    ip|cidr: '10.0.0.0/8'\ncondition: sel",
            event: #"{"ip":"11.0.0.1"}"#, expected: false),
        .init(
            item: "12", name: "cidr v4 /32 host", detection: "sel:\n    ip|cidr: '192.0.2.7/32'\ncondition: sel",
            event: #"{"ip":"192.0.2.7"}"#, expected: true),
        .init(
            item: "12", name: "cidr v6 range", detection: "sel:\n    ip|cidr: '2001:db8::/32'\ncondition: sel",
            event: #"{"ip":"2001:db8:abcd::1"}"#, expected: true),
        .init(
            item: "12", name: "cidr v6 /128 host", detection: "sel:\n    ip|cidr: '2001:db8::7/128'\ncondition: sel",
            event: #"{"ip":"2001:0db8::0007"}"#, expected: true),
        .init(
            item: "12", name: "cidr v6 /128 other host",
            detection: "sel:\n    ip|cidr: '2001:db8::7/128'\ncondition: sel", event: #"{"ip":"2001:db8::8"}"#,
            expected: false),
        .init(
            item: "12", name: "cidr list is OR",
            detection: "sel:\n    ip|cidr:\n        - '10.0.0.0/8'\n        - '192.168.0.0/16'\ncondition: sel",
            event: #"{"ip":"192.168.4.4"}"#, expected: true),
        .init(
            item: "12", name: "cidr list of both families, IPv4-mapped address",
            detection:
                "sel:\n    ip|cidr:\n        - '10.0.0.0/8'\n        - '2001:db8::/32'\n        - '192.168.0.0/16'\n"
                + "condition: sel",
            event: #"{"ip":"::ffff:192.168.4.4"}"#, expected: true),
        .init(
            item: "12", name: "cidr list, IPv6 address in the IPv6 range",
            detection: "sel:\n    ip|cidr:\n        - '10.0.0.0/8'\n        - '2001:db8::/32'\ncondition: sel",
            event: #"{"ip":"2001:db8:1::5"}"#, expected: true),
        .init(
            item: "12", name: "not of a cidr list, address outside every range",
            detection: "sel:\n    ip|cidr:\n        - '10.0.0.0/8'\n        - '192.168.0.0/16'\ncondition: not sel",
            event: #"{"ip":"8.8.8.8"}"#, expected: true),
        .init(
            item: "12", name: "not of a cidr list, field missing",
            detection: "sel:\n    ip|cidr:\n        - '10.0.0.0/8'\n        - '192.168.0.0/16'\ncondition: not sel",
            event: #"{"other":"8.8.8.8"}"#, expected: true),
        .init(
            item: "12", name: "cidr list, one array element in range",
            detection: "sel:\n    ip|cidr:\n        - '10.0.0.0/8'\n        - '192.168.0.0/16'\ncondition: sel",
            event: #"{"ip":["8.8.8.8","10.0.0.1"]}"#, expected: true),
        // 13. expand: resolve or reject.
        .init(
            item: "13", name: "unresolved placeholder rejects the rule",
            detection: "sel:\n    ip|expand: '%office_ips%'\ncondition: sel", event: #"{"ip":"1.2.3.4"}"#, expected: nil
        ),
        .init(
            item: "13", name: "resolved placeholder matches a value",
            detection: "sel:\n    ip|expand: '%office_ips%'\ncondition: sel", event: #"{"ip":"1.2.3.4"}"#,
            placeholders: ["office_ips": ["5.6.7.8", "1.2.3.4"]], expected: true),
        .init(
            item: "13", name: "resolved placeholder, no value matches",
            detection: "sel:\n    ip|expand: '%office_ips%'\ncondition: sel", event: #"{"ip":"9.9.9.9"}"#,
            placeholders: ["office_ips": ["5.6.7.8", "1.2.3.4"]], expected: false),
        .init(
            item: "13", name: "placeholder inside text, with contains",
            detection: "sel:\n    ua|contains|expand: 'agent/%v%'\ncondition: sel",
            event: #"{"ua":"my agent/2.0 linux"}"#, placeholders: ["v": ["1.0", "2.0"]], expected: true),
        .init(
            item: "13", name: "placeholder values may be networks",
            detection: "sel:\n    ip|cidr|expand: '%nets%'\ncondition: sel", event: #"{"ip":"10.1.1.1"}"#,
            placeholders: ["nets": ["10.0.0.0/8"]], expected: true),
        .init(
            item: "13", name: "placeholder in a regex is inserted verbatim",
            detection: "sel:\n    ua|re|expand: '^%tool%/[0-9.]+$'\ncondition: sel", event: #"{"ua":"trufflehog/3.1"}"#,
            placeholders: ["tool": ["curl", "trufflehog"]], expected: true),
        .init(
            item: "13", name: "regex placeholder keeps regex escapes",
            detection: "sel:\n    ua|re|expand: '^%tool%\\.\\d$'\ncondition: sel", event: #"{"ua":"curlx1"}"#,
            placeholders: ["tool": ["curl"]], expected: false),
        .init(
            item: "13", name: "regex placeholder with an escaped dot matches",
            detection: "sel:\n    ua|re|expand: '^%tool%\\.\\d$'\ncondition: sel", event: #"{"ua":"curl.1"}"#,
            placeholders: ["tool": ["curl"]], expected: true),
        // 14. Condition lists are OR.
        .init(
            item: "14", name: "condition list is OR",
            detection: "s1:\n    a: 1\ns2:\n    b: 1\ncondition:\n    - s1\n    - s2", event: #"{"b":1}"#,
            expected: true),
        // 17. Unknown modifiers fail loudly.
        .init(
            item: "17", name: "unknown modifier rejects the rule", detection: "sel:\n    a|containz: x\ncondition: sel",
            event: #"{"a":"x"}"#, expected: nil),
        // §1.12.1 Arrays: any element.
        .init(
            item: "1.12.1", name: "value against array: any element", detection: "sel:\n    tags: prod\ncondition: sel",
            event: #"{"tags":["dev","PROD"]}"#, expected: true),
        .init(
            item: "1.12.1", name: "path through array of objects",
            detection: "sel:\n    authorizationInfo.permission: storage.buckets.list\ncondition: sel",
            event: #"{"authorizationInfo":[{"permission":"x"},{"permission":"storage.buckets.list"}]}"#, expected: true),
        .init(
            item: "1.12.1", name: "all over array elements", detection: "sel:\n    tags|all: [a, b]\ncondition: sel",
            event: #"{"tags":["a","c","b"]}"#, expected: true),
        .init(
            item: "1.12.1", name: "not over array: no element matches",
            detection: "sel:\n    k: 1\nf:\n    tags: x\ncondition: sel and not f", event: #"{"k":1,"tags":["a","x"]}"#,
            expected: false),
        // §1.12.2 String against an object: any nested string leaf (JSON-in-JSON decoded).
        .init(
            item: "1.12.2", name: "contains over object leaves",
            detection: "sel:\n    requestParameters|contains: Suspended\ncondition: sel",
            event: #"{"requestParameters":{"bucketName":"b","versioningConfiguration":{"status":"Suspended"}}}"#,
            expected: true),
        .init(
            item: "1.12.2", name: "decoded policy document",
            detection:
                "sel:\n    requestParameters|contains|all:\n        - '\"s3:GetObject\"'\n        - '\"Principal\":\"*\"'\ncondition: sel",
            event:
                #"{"requestParameters":{"policy":"{\"Statement\":[{\"Action\":\"s3:GetObject\",\"Principal\":\"*\"}]}"}}"#,
            expected: true),
        .init(
            item: "1.12.2", name: "object keys are not leaves",
            detection: "sel:\n    requestParameters|contains: bucketName\ncondition: sel",
            event: #"{"requestParameters":{"bucketName":"b"}}"#, expected: false),
        // §1.12.3 Dotted path vs literal dotted key: literal key first.
        .init(
            item: "1.12.3", name: "literal dotted key",
            detection: "sel:\n    gcp.audit.method_name: x.y\ncondition: sel",
            event: #"{"gcp.audit.method_name":"x.y"}"#, expected: true),
        .init(
            item: "1.12.3", name: "nested path", detection: "sel:\n    userIdentity.type: Root\ncondition: sel",
            event: #"{"userIdentity":{"type":"Root"}}"#, expected: true),
        .init(
            item: "1.12.3", name: "mixed literal and nested", detection: "sel:\n    a.b.c: v\ncondition: sel",
            event: #"{"a.b":{"c":"v"}}"#, expected: true),
        // §1.12.4 Field-name case: exact except Azure/Entra (case-insensitive keys).
        .init(
            item: "1.12.4", name: "field names are exact for AWS",
            detection: "sel:\n    EventName: ConsoleLogin\ncondition: sel", event: #"{"eventName":"ConsoleLogin"}"#,
            provider: .aws, expected: false),
        .init(
            item: "1.12.4", name: "field names ignore case for Azure",
            detection: "sel:\n    ResultType: 50126\ncondition: sel", event: #"{"resultType":"50126"}"#,
            provider: .azure, product: "azure", expected: true),
        .init(
            item: "1.12.4", name: "Azure column under properties",
            detection: "sel:\n    AuthenticationRequirement: singleFactorAuthentication\ncondition: sel",
            event: #"{"properties":{"authenticationRequirement":"singleFactorAuthentication"}}"#, provider: .entra,
            product: "azure", expected: true),
        // §1.12.5 Keywords: case-insensitive substring over every string leaf.
        .init(
            item: "1.12.5", name: "keyword substring anywhere",
            detection: "keywords:\n    - 'Microsoft.Authorization/roleAssignments/write'\ncondition: keywords",
            event: #"{"operationName":{"value":"MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE"}}"#, expected: true),
        .init(
            item: "1.12.5", name: "keyword with wildcard",
            detection: "keywords:\n    - 'Microsoft.Compute/*/write'\ncondition: keywords",
            event: #"{"op":"microsoft.compute/virtualMachines/write"}"#, expected: true),
        .init(
            item: "1.12.5", name: "keyword does not match keys",
            detection: "keywords:\n    - 'operationName'\ncondition: keywords", event: #"{"operationName":"x"}"#,
            expected: false),
        .init(
            item: "1.12.5", name: "keywords |all",
            detection: "keywords:\n    '|all':\n        - alpha\n        - beta\ncondition: keywords",
            event: #"{"a":"alpha","b":["x","BETA"]}"#, expected: true),
        .init(
            item: "1.12.5", name: "field selection and keywords",
            detection: "sel:\n    a: x\nkeywords:\n    - needle\ncondition: sel and keywords",
            event: #"{"a":"x","b":{"c":"hayneedlehay"}}"#, expected: true),
        // §1.12.5 neq on lists: NOT (v1 OR v2), pySigma.
        .init(
            item: "neq", name: "neq single value", detection: "sel:\n    a|neq: x\ncondition: sel",
            event: #"{"a":"y"}"#, expected: true),
        .init(
            item: "neq", name: "neq list: neither", detection: "sel:\n    a|neq: [x, y]\ncondition: sel",
            event: #"{"a":"y"}"#, expected: false),
        .init(
            item: "neq", name: "neq list: none of them", detection: "sel:\n    a|neq: [x, y]\ncondition: sel",
            event: #"{"a":"z"}"#, expected: true),
        .init(
            item: "neq", name: "neq on a missing field is true (negated item)",
            detection: "sel:\n    a|neq: x\ncondition: sel", event: #"{"b":"x"}"#, expected: true),
        // Comparisons and time (v2.1 + loghunt's date extension).
        .init(
            item: "cmp", name: "gt numeric", detection: "sel:\n    n|gt: 10\ncondition: sel", event: #"{"n":11}"#,
            expected: true),
        .init(
            item: "cmp", name: "lte numeric string", detection: "sel:\n    n|lte: 10\ncondition: sel",
            event: #"{"n":"10"}"#, expected: true),
        .init(
            item: "cmp", name: "gte date on a raw date-time",
            detection: "sel:\n    created_at|gte: 2022-12-21\ncondition: sel",
            event: #"{"created_at":"2022-12-21T00:00:01Z"}"#, expected: true),
        .init(
            item: "cmp", name: "lt date-time on epoch millis",
            detection: "sel:\n    ts|lt: '2022-12-21T00:00:00Z'\ncondition: sel", event: #"{"ts":1671580799000}"#,
            expected: true),
        .init(
            item: "cmp", name: "gte date on a non-date", detection: "sel:\n    ts|gte: 2022-12-21\ncondition: sel",
            event: #"{"ts":"soon"}"#, expected: false),
        .init(
            item: "time", name: "hour part", detection: "sel:\n    ts|hour: 3\ncondition: sel",
            event: #"{"ts":"2022-12-22T03:15:00Z"}"#, expected: true),
        .init(
            item: "time", name: "month part", detection: "sel:\n    ts|month: 12\ncondition: sel",
            event: #"{"ts":"2022-12-22T03:15:00Z"}"#, expected: true),
        .init(
            item: "time", name: "week part (ISO)", detection: "sel:\n    ts|week: 51\ncondition: sel",
            event: #"{"ts":"2022-12-22T03:15:00Z"}"#, expected: true),
        .init(
            item: "time", name: "hour part with comparison", detection: "sel:\n    ts|hour|gte: 20\ncondition: sel",
            event: #"{"ts":"2022-12-22T21:00:00+00:00"}"#, expected: true),
        .init(
            item: "time", name: "minute, day and year parts",
            detection: "sel:\n    ts|minute: 15\n    ts|day: 22\n    ts|year: 2022\ncondition: sel",
            event: #"{"ts":"2022-12-22T03:15:00Z"}"#, expected: true),
        // fieldref.
        .init(
            item: "fieldref", name: "fieldref equal", detection: "sel:\n    a|fieldref: b\ncondition: sel",
            event: #"{"a":"X","b":"x"}"#, expected: true),
        .init(
            item: "fieldref", name: "fieldref differs", detection: "sel:\n    a|fieldref: b\ncondition: sel",
            event: #"{"a":"x","b":"y"}"#, expected: false),
        .init(
            item: "fieldref", name: "fieldref endswith (AWS login profile)",
            detection: "sel:\n    userIdentity.arn|fieldref|endswith: requestParameters.userName\ncondition: sel",
            event: #"{"userIdentity":{"arn":"arn:aws:iam::1:user/bob"},"requestParameters":{"userName":"bob"}}"#,
            expected: true),
        .init(
            item: "fieldref", name: "fieldref with the other field missing",
            detection: "sel:\n    a|fieldref: b\ncondition: sel", event: #"{"a":"x"}"#, expected: false),
        .init(
            item: "fieldref", name: "not fieldref with the other field missing",
            detection: "k:\n    a: x\nsel:\n    a|fieldref: b\ncondition: k and not sel", event: #"{"a":"x"}"#,
            expected: true),
        // ECS names and logsource.
        .init(
            item: "ecs", name: "event.provider is the provider",
            detection: "sel:\n    event.provider: aws\ncondition: sel", event: #"{"eventName":"x"}"#, provider: .aws,
            expected: true),
        .init(
            item: "logsource", name: "product selects the provider",
            detection: "sel:\n    action: repo.destroy\ncondition: sel", event: #"{"action":"repo.destroy"}"#,
            provider: .aws, product: "github", expected: false),
        .init(
            item: "logsource", name: "product azure covers Entra", detection: "sel:\n    a: x\ncondition: sel",
            event: #"{"a":"x"}"#, provider: .entra, product: "azure", expected: true),
        .init(
            item: "logsource", name: "unknown product matches nothing", detection: "sel:\n    a: x\ncondition: sel",
            event: #"{"a":"x"}"#, provider: .github, product: "okta", expected: false),
        .init(
            item: "index", name: "action index narrows but does not decide",
            detection: "sel:\n    eventName: [CreateUser, DeleteUser]\n    userIdentity.type: Root\ncondition: sel",
            event: #"{"eventName":"deleteuser","userIdentity":{"type":"Root"}}"#, provider: .aws, product: "aws",
            expected: true),
        .init(
            item: "index", name: "action index with another action",
            detection: "sel:\n    eventName: [CreateUser, DeleteUser]\ncondition: sel",
            event: #"{"eventName":"GetObject"}"#, provider: .aws, product: "aws", expected: false),
    ]

    @Test(arguments: cases)
    func conformance(_ c: ConformanceCase) throws {
        let (documents, loadDiagnostics) = Conformance.load(Conformance.ruleText(c.detection, product: c.product))
        let event = try Conformance.event(c.event, provider: c.provider)
        let (on, onDiagnostics) = Conformance.program(documents, optimise: true, placeholders: c.placeholders)
        let (off, _) = Conformance.program(documents, optimise: false, placeholders: c.placeholders)
        let got = Conformance.evaluate(on, event)
        let gotOff = Conformance.evaluate(off, event)
        #expect(
            got == c.expected,
            "load: \(loadDiagnostics.map(\.description)) compile: \(onDiagnostics.map(\.description))")
        #expect(got == gotOff, "optimiser on and off disagree")
        if c.expected == nil {
            #expect(!(loadDiagnostics + onDiagnostics).isEmpty, "a rejected rule must say why")
        }
    }
}
