#!/usr/bin/env python3
"""Spark check of the built-in rules' own `tests:` cases (see RuleTestEventsTests).

usage: LOGHUNT_CONVERT_DUMP=DIR swift test --filter RuleTestEventsTests
       scripts/spark_rule_tests.py DIR
Each detection rule's statement must return exactly its own `match: true` cases among its
own case events. Last line: `N passed, M failed`.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spark_run_sql  # noqa: E402


def main():
    d = sys.argv[1]
    rows = os.path.join(d, "rule-tests.sql.jsonl")
    status = spark_run_sql.run(os.path.join(d, "rule-tests.spark.sql"), rows, [os.path.join(d, "rule-tests.events.ndjson")])
    expected = [json.loads(l) for l in open(os.path.join(d, "rule-tests.expected.jsonl"))]
    got = set()
    for l in open(rows):
        r = json.loads(l)
        got.add((r["rule"], r["file"]))
    passed = failed = 0
    for e in expected:
        hit = (e["rule"], e["file"]) in got
        if hit == e["match"]:
            passed += 1
        else:
            failed += 1
            print("FAIL %s %s: expected match=%s" % (e["rule"], e["file"], e["match"]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or status else 0


if __name__ == "__main__":
    sys.exit(main())
