#!/usr/bin/env python3
"""Writes the committed seed corpora under Tests/Fuzz/corpus/<target>/ (issue 7).

Small, varied, valid and invalid inputs: real-shaped records cut from SampleLogs/, gzip
members (multi-member, padded, truncated, bomb-like), CSV with quotes, newlines and JSON
cells, rules cut from Rules/ plus SigmaHQ-like and broken ones, and conditions.
Run from the package root: python3 Tests/Fuzz/make-corpus.py
"""
import gzip, io, json, os, pathlib, shutil, zlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/Fuzz/corpus"
MAX = 4096  # seed size cap (bytes)


def put(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data[:MAX] if target != "gzip" else data)


def sample(path, n=3000):
    return (ROOT / "SampleLogs" / path).read_bytes()[:n]


def records(path, count=2):
    """First records of a sample (NDJSON lines or wrapper/array elements), compact."""
    raw = (ROOT / "SampleLogs" / path).read_bytes()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    text = raw.decode()
    try:
        doc = json.loads(text)
        if isinstance(doc, dict):
            for key in ("Records", "records", "value", "Events", "entries"):
                if key in doc:
                    return doc[key][:count]
            return [doc]
        return doc[:count]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines()[:count] if line.strip()]


shutil.rmtree(OUT, ignore_errors=True)

# ---------------------------------------------------------------- json
gh = records("github/acme-audit-stream-2022-12.jsonl", 1)[0]
ct = records("aws/123456789012_CloudTrail_us-east-1_20221231T1200Z_k3Xq9LmT2vB7nR4w.json.gz", 1)[0]
gcp = records("gcp/gcloud-logging-read-acme-prod-20221228.json", 1)[0]
az = records("azure/eventhub-activity-records-20221228.json", 1)[0]
entra = records("entra/graph-signins-serviceprincipal-20221230.json", 1)[0]
cci = records("circleci/audit-stream-20230102-20230105.jsonl", 1)[0]
for name, rec in [("github", gh), ("cloudtrail", ct), ("gcp", gcp), ("azure", az), ("entra", entra), ("circleci", cci)]:
    put("json", f"{name}.json", json.dumps(rec))
put("json", "pretty.json", json.dumps(ct, indent=2))
put("json", "escapes.json", r'{"a":"\u00e9\ud83d\ude00\n\t\"\\\/","b":"\ud800","c":"\u0000x"}')
put("json", "numbers.json", '[0,-0,1.5e10,-2E-3,123456789012345678901234567890,1e400,0.1]')
put("json", "literals.json", '[true,false,null,{},[],"",{"":""}]')
put("json", "deep.json", "[" * 600 + "]" * 600)
put("json", "deep-ok.json", '{"a":' * 100 + "1" + "}" * 100)
put("json", "dupkeys.json", '{"a":1,"a":2,"A":3}')
put("json", "rawcontrol.json", b'{"msg":"tab\there\x01\x1f"}')
put("json", "badutf8.json", b'{"k":"\xff\xfe\xc3\x28 \xe2\x82"}')
put("json", "truncated.json", json.dumps(gh)[:150])
put("json", "trailing.json", '{"a":1} x')
put("json", "badnumber.json", '{"a":01,"b":1.,"c":-}')
put("json", "badescape.json", r'{"a":"\x41\u12"}')
put("json", "whitespace.json", ' \r\n\t{ "a" : [ 1 , 2 ] }\n ')
put("json", "empty.json", b"")

# ---------------------------------------------------------------- gzip
ndjson = "".join(json.dumps(r) + "\n" for r in records("github/acme-audit-stream-2022-12.jsonl", 4)).encode()
one = gzip.compress(ndjson, mtime=0)
two = gzip.compress(b'{"b":2}\n', mtime=0)
put("gzip", "member.gz", one)
put("gzip", "multi-member.gz", one + two)
put("gzip", "padded.gz", one + b"\0" * 64 + two + b"\0" * 7)
put("gzip", "truncated.gz", one[: len(one) // 2])
put("gzip", "truncated-header.gz", one[:6])
put("gzip", "trailing-garbage.gz", one + b"garbage after the member")
put("gzip", "bad-crc.gz", one[:-8] + b"\0\0\0\0" + one[-4:])
put("gzip", "bad-isize.gz", one[:-4] + b"\xff\xff\xff\xff")
put("gzip", "flipped.gz", one[:40] + bytes([one[40] ^ 0xFF]) + one[41:])
put("gzip", "zlib.z", zlib.compress(b'{"zlib":true}\n'))
put("gzip", "stored.gz", gzip.compress(b'{"s":1}\n' * 20, compresslevel=0, mtime=0))
put("gzip", "empty-member.gz", gzip.compress(b"", mtime=0) + two)
put("gzip", "bomb.gz", gzip.compress(b"\0" * (4 << 20), compresslevel=9, mtime=0))
put("gzip", "fname.gz", bytes.fromhex("1f8b0808000000000003") + b"a.json\0" + zlib.compressobj(9, zlib.DEFLATED, -15).compress(b"{}\n") + b"\x03\x00" + b"\0" * 8)
put("gzip", "magic-only.gz", b"\x1f\x8b")
put("gzip", "not-gzip.json", b'{"plain":1}\n')

# ---------------------------------------------------------------- framer
lines = [json.dumps(r) for r in records("github/acme-audit-stream-2022-12.jsonl", 3)]
put("framer", "ndjson.jsonl", "\n".join(lines) + "\n")
put("framer", "ndjson-crlf.jsonl", "\r\n".join(lines))
put("framer", "ndjson-blank-bad.jsonl", lines[0] + "\n\n   \nnot json\n{\"a\":\n" + lines[1] + "\n")
put("framer", "array.json", json.dumps(records("gcp/gcloud-logging-read-acme-prod-20221228.json", 2), indent=1))
put("framer", "arrays-in-a-row.json", '[{"a":1}][{"b":2},{"c":3}]\n[]')
put("framer", "cloudtrail.json", json.dumps({"Records": [ct, {"eventName": "x"}]}))
put("framer", "azure.json", json.dumps({"records": [az]}))
put("framer", "value.json", json.dumps({"value": [entra], "@odata.nextLink": "x"}))
lookup = {"Events": [{"EventId": "1", "CloudTrailEvent": json.dumps(ct)}, {"CloudTrailEvent": "{not json"}, {"CloudTrailEvent": 5}], "NextToken": "t"}
put("framer", "lookup-events.json", json.dumps(lookup, indent=2))
put("framer", "cloudwatch.json", json.dumps({"events": [{"message": json.dumps({"a": 1}), "timestamp": 1}], "searchedLogStreams": []}))
put("framer", "wrapper-ndjson.jsonl", json.dumps({"Records": [{"a": 1}]}) + "\n" + json.dumps({"Records": [{"b": 2}]}) + "\n")
put("framer", "digest.json", json.dumps({"digestStartTime": "x", "logFiles": []}))
put("framer", "pretty-concatenated.json", json.dumps({"a": 1}, indent=2) + "\n" + json.dumps({"b": [1, {"c": "}"}]}, indent=2))
put("framer", "single.json", json.dumps(gh))
put("framer", "array-nonobjects.json", '[1,"x",{"a":1},null,[2]]')
put("framer", "array-truncated.json", '[{"a":1},{"b":')
put("framer", "strings-braces.json", '[{"s":"]}{[\\"\\\\"},{"t":"\\u005d"}]')
put("framer", "csv.csv", sample("github/acme-ui-export-2022-12.csv", 800))
put("framer", "garbage.txt", "hello world\nthis is not a log\n")
put("framer", "bom.jsonl", b"\xef\xbb\xbf" + lines[0].encode() + b"\n")
put("framer", "deep-element.json", '[' + '{"a":' * 40 + '1' + '}' * 40 + ']')
put("framer", "empty", b"")

# ---------------------------------------------------------------- csv
# First byte even: the target puts a fixed header in front; odd: the input's own header.
put("csv", "github-export.csv", b"a" + sample("github/acme-ui-export-2022-12.csv", 800))  # 'a' is odd
put("csv", "circleci-export.csv", b"a" + sample("circleci/acme-audit-log-20221214-20221231.csv", 2500))
put("csv", "rows-under-fixed-header.csv",
    'b1,repo.clone,alice,42,2022-12-21T10:00:00Z,"{""k"":[1,2]}",US,acme/x\n'
    'b2,"git.fetch","bob ""the"" builder",,1672412400000,,,\n')
put("csv", "quoted-newline.csv", 'a,b\n1,"line one\nline two"\n2,"x,y"\n')
put("csv", "json-cells.csv", 'actor,payload,flag,n\n"{""id"":1}","[1,{""a"":null}]",true,007\n"{bad json",[,false,-0\n')
put("csv", "upper-header.csv", 'ID,ACTION,OCCURRED_AT\n1,Login,2022-12-21T00:00:00Z\n')
put("csv", "dotted-conflict.csv", 'actor,actor.login,a.b.c,a.b\nx,y,z,w\n')
put("csv", "ragged.csv", 'a,b\n1\n1,2,3,4\n\n   \n')
put("csv", "unterminated-quote.csv", 'a,b\n1,"never closed\n2,3\n')
put("csv", "crlf.csv", 'a,b\r\n1,2\r\n"3\r\n",4\r\n')
put("csv", "dup-header.csv", 'a,a,,A\n1,2,3,4\n')
put("csv", "deep-json-cell.csv", 'a,b\n1,' + '[' * 40 + ']' * 40 + '\n')
put("csv", "badutf8.csv", b'a,b\n\xff\xfe,"\xc3"\n')

# ---------------------------------------------------------------- rules
small_rules = sorted((ROOT / "Rules").rglob("*.yml"), key=lambda p: p.stat().st_size)
for p in small_rules[:8]:
    put("rules", p.name, p.read_bytes())
for p in sorted((ROOT / "Rules").rglob("*.yml")):
    if b"correlation:" in p.read_bytes() and p.stat().st_size <= MAX:
        put("rules", "correlation-" + p.name, p.read_bytes())
        break
put("rules", "sigma-basic.yml", """title: Suspicious clone
id: 5f0a3b1c-1d2e-4f5a-9b8c-7d6e5f4a3b2c
status: test
logsource:
  product: github
  service: audit
detection:
  selection:
    action|startswith: 'git.'
    actor_ip|cidr:
      - 10.0.0.0/8
      - '2001:db8::/32'
  filter:
    actor|endswith|all: ['-bot', 'ci']
    user_agent|re|i: '^curl/\\d+'
    count|gte: 3
    repo|contains|windash: '-x'
    blob|base64offset|contains: secret
    '@timestamp|gte': 2022-12-21
  keywords:
    - 'token*'
    - null
  condition: selection and not 1 of filter* or keywords
level: high
tags: [attack.t1078, attack.initial-access]
falsepositives: [none]
tests:
  - name: hit
    event: {action: git.clone, actor_ip: 10.1.2.3}
    match: true
  - name: miss
    event: {action: repo.create}
    match: false
""")
put("rules", "sigma-correlations.yml", """title: base
name: github_git_read
logsource: {product: github}
detection:
  sel: {action: git.clone}
  condition: sel
---
title: many clones
correlation:
  type: event_count
  rules: [github_git_read]
  group-by: [actor]
  timespan: 10m
  condition: {gte: 10}
level: medium
---
title: distinct repos
correlation:
  type: value_count
  rules: github_git_read
  group-by: [actor]
  timespan: 1h
  condition: {field: repo, gt: 5}
---
title: temporal
correlation:
  type: temporal_ordered
  rules: [github_git_read, github_git_read]
  group-by: [actor]
  timespan: 5m
  aliases:
    ip: {github_git_read: actor_ip}
---
title: new ip
id: 2b7c9a40-4f7e-4c55-9d0b-6a1e3f2d8c11
correlation:
  type: new_value
  rules: [github_git_read]
  group-by: [actor]
  field: [actor_ip, user_agent]
  baseline: 14d
level: high
""")
put("rules", "filter.yml", """title: drop bots
filter:
  rules: [github_git_read]
  selection: {actor|endswith: '[bot]'}
  condition: not selection
logsource: {product: github}
""")
lol = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
put("rules", "alias-bomb.yml", "title: bomb\n" + lol + "detection:\n  sel: *i\n  condition: sel\n")
put("rules", "deep.yml", "title: deep\ndetection:\n  sel: " + "[" * 300 + "]" * 300 + "\n  condition: sel\n")
put("rules", "errors.yml", """title: bad
logsource: {product: nosuch}
detection:
  sel:
    field|nosuchmodifier: x
    f2|re: '(unclosed'
    f3|cidr: 300.1.2.3/40
  condition: sel and | count() > 5
unknown_key: 1
level: extreme
""")
put("rules", "tabs-and-bad-yaml.yml", "title: x\n\tdetection: [\n  - {a: b\n")
put("rules", "placeholders.yml", """title: ph
detection:
  sel:
    actor|expand: '%circleci_actors%'
    ip|expand|cidr: '%circleci_ips%'
  condition: sel
""")
put("rules", "booleans.yml", "title: yes\ndetection:\n  sel: {on: off, yes: no, n: ~}\n  condition: sel\nlevel: low\n")
put("rules", "empty-docs.yml", "---\n---\n...\n")

# ---------------------------------------------------------------- condition
# First line: extra identifiers (space separated); the rest is the condition.
conds = [
    "\nselection", "\nselection and not filter", "\n1 of sel_* and not 1 of filter*",
    "\nall of them", "\nany of them or (selection and (filter or keywords))",
    "\nnot not not selection", "\n(((selection)))", "\nselection | count() > 5",
    "\nSelection AND filter", "\nall of _priv*", "\n1 of nothing*", "\n", "\n(selection",
    "\nselection)", "\nselection and", "\nof them", "\n2 of them",
    "a b c\na and b or c and not selection", "x_1 x_2 x_3\n1 of x_* and all of x_*",
    "\n" + "(" * 50 + "selection" + ")" * 50, "\nsel_1 or sel_2 or sel_3",
    "é ü\né and ü", "\nselection\tand\r\nfilter", "\n1 of them and all of sel*",
]
for i, c in enumerate(conds):
    put("condition", f"c{i:02}.txt", c)

for t in sorted(os.listdir(OUT)):
    files = list((OUT / t).iterdir())
    print(t, len(files), "files", sum(f.stat().st_size for f in files), "bytes")
