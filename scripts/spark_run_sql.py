#!/usr/bin/env python3
"""Runs the statements of `loghunt convert --target spark-sql` in Spark local mode over
`loghunt normalize` NDJSON and writes the (rule_id, file, line, record) rows as JSON lines.

usage: spark_run_sql.py SQL_FILE OUT_JSONL EVENTS.ndjson [EVENTS.ndjson ...]
Exit status 0 when every statement ran; statements that fail are reported on stderr
(`error: RULE: message`) and counted in the last line.
"""
import json
import os
import re
import sys


def statements(text):
    """(rule id, sql) pairs, in file order."""
    out = []
    parts = re.split(r"^-- rule: (.*)$", text, flags=re.M)
    for i in range(1, len(parts), 2):
        rule = parts[i].split(" | ")[0].strip()
        sql = parts[i + 1].strip()
        sql = re.split(r"^-- unsupported: ", sql, flags=re.M)[0].strip()
        if sql.endswith(";"):
            sql = sql[:-1]
        out.append((rule, sql))
    return out


_SESSION = []


def session():
    """One local Spark session per process (local[2], small memory, UTC)."""
    if _SESSION:
        return _SESSION[0]
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("loghunt-spark-equivalence")
        .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "1g"))
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    _SESSION.append(spark)
    return spark


def run(sql_file, out_file, inputs):
    """Runs every statement of `sql_file` over `inputs`; writes rows to `out_file`.
    Returns 0 when every statement ran, 1 otherwise."""
    text = open(sql_file, encoding="utf-8").read()
    m = re.search(r"^-- spark-schema: (.*)$", text, flags=re.M)
    if not m:
        print("error: no '-- spark-schema:' line in " + sql_file, file=sys.stderr)
        return 2
    spark = session()
    events = spark.read.schema(m.group(1)).option("mode", "PERMISSIVE").json(inputs).cache()
    events.createOrReplaceTempView("loghunt_events")
    failed = 0
    rows = 0
    todo = statements(text)
    with open(out_file, "w", encoding="utf-8") as out:
        for rule, sql in todo:
            try:
                for r in spark.sql(sql).collect():
                    rows += 1
                    out.write(json.dumps({"rule": r["rule_id"], "file": r["file"], "line": r["line"],
                                          "record": r["record"], "timestamp": r["timestamp"]}) + "\n")
            except Exception as e:  # noqa: BLE001 - report and go on
                failed += 1
                msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
                print("error: %s: %s" % (rule, msg[:2000]), file=sys.stderr)
    events.unpersist()
    print("%d statements, %d failed, %d rows" % (len(todo), failed, rows), file=sys.stderr)
    return 1 if failed else 0


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    return run(sys.argv[1], sys.argv[2], sys.argv[3:])


if __name__ == "__main__":
    sys.exit(main())
