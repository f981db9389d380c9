"""The peers' side of benches/peers/compare.sh: the per-unit counts a SQL user would compute from
dossiers.csv and procedures.csv, with DuckDB or Polars, and the check that every tool agrees.

    python peers.py duckdb DATA_DIR OUT.csv
    python peers.py polars DATA_DIR OUT.csv
    python peers.py check CHISO766_COUNTS.csv DUCKDB.csv POLARS.csv

Definitions (those of chiso766 for the generated data, period = year 2026; every timestamp is
written at +07:00, so its first ten characters are the civil date in Vietnam):
- received: dossiers of the unit;
- on_time: at most one supplement request, and the end (finished, else returned, else stopped) on or
  before the due date by date; a dossier still open is judged on 2026-12-31;
- online: channel 2, and an electronic result where the procedure returns a paper result;
- owes_fees / paid_online: fee-bearing procedure and fees not synced as zero / and paid online;
- e_result: an electronic result file; digitized: component files, and the electronic result where a
  paper result is required.
"""
import csv
import sys

COLUMNS = ["received", "on_time", "online", "owes_fees", "paid_online", "e_result", "digitized"]

DUCKDB_SQL = """
WITH d AS (SELECT * FROM read_csv('{data}/dossiers.csv', header = true, all_varchar = true)),
     p AS (SELECT * FROM read_csv('{data}/procedures.csv', header = true, all_varchar = true)),
     j AS (
       SELECT d.unit_code,
              coalesce(d.finished_at, d.returned_at, d.stopped_at) AS ended,
              substr(d.due_at, 1, 10) AS due,
              CAST(coalesce(d.supplement_count, '0') AS INTEGER) AS supplements,
              d.channel = '2' AS by_channel,
              p.paper_result_required = '1' AS paper,
              d.result_file = '1' AS result_file,
              d.component_files = '1' AS components,
              p.fee_bearing = '1' AND coalesce(d.fee_nonzero, '1') <> '0' AS owes,
              d.paid_online IN ('1', '2') AS paid
       FROM d JOIN p ON d.procedure_code = p.procedure_code)
SELECT unit_code,
       count(*) AS received,
       sum(CASE WHEN supplements > 1 THEN 0
                WHEN ended IS NOT NULL THEN CAST(substr(ended, 1, 10) <= due AS INTEGER)
                ELSE CAST('2026-12-31' <= due AS INTEGER) END) AS on_time,
       sum(CAST(by_channel AND (NOT paper OR result_file) AS INTEGER)) AS online,
       sum(CAST(owes AS INTEGER)) AS owes_fees,
       sum(CAST(owes AND paid AS INTEGER)) AS paid_online,
       sum(CAST(result_file AS INTEGER)) AS e_result,
       sum(CAST(components AND (NOT paper OR result_file) AS INTEGER)) AS digitized
FROM j GROUP BY unit_code ORDER BY unit_code
"""


def run_duckdb(data, out):
    import duckdb

    rows = duckdb.sql(DUCKDB_SQL.format(data=data)).fetchall()
    write(out, rows)


def run_polars(data, out):
    import polars as pl

    d = pl.scan_csv(f"{data}/dossiers.csv", infer_schema=False)
    p = pl.scan_csv(f"{data}/procedures.csv", infer_schema=False).select(
        "procedure_code", "paper_result_required", "fee_bearing"
    )
    ended = pl.coalesce("finished_at", "returned_at", "stopped_at")
    due = pl.col("due_at").str.slice(0, 10)
    paper = pl.col("paper_result_required") == "1"
    result_file = pl.col("result_file") == "1"
    owes = (pl.col("fee_bearing") == "1") & (pl.col("fee_nonzero").fill_null("1") != "0")
    on_time = (
        pl.when(pl.col("supplement_count").fill_null("0").cast(pl.Int64) > 1)
        .then(False)
        .when(ended.is_not_null())
        .then(ended.str.slice(0, 10) <= due)
        .otherwise(pl.lit("2026-12-31") <= due)
    )
    frame = (
        d.join(p, on="procedure_code")
        .group_by("unit_code")
        .agg(
            pl.len().alias("received"),
            on_time.sum().alias("on_time"),
            ((pl.col("channel") == "2") & (~paper | result_file)).sum().alias("online"),
            owes.sum().alias("owes_fees"),
            (owes & pl.col("paid_online").is_in(["1", "2"])).sum().alias("paid_online"),
            result_file.sum().alias("e_result"),
            ((pl.col("component_files") == "1") & (~paper | result_file)).sum().alias("digitized"),
        )
        .sort("unit_code")
        .collect()
    )
    write(out, frame.rows())


def write(out, rows):
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["unit_code"] + COLUMNS)
        for row in rows:
            w.writerow([row[0]] + [int(v) for v in row[1:]])


def read_peer(path):
    with open(path, newline="") as f:
        return {r["unit_code"]: tuple(int(r[c]) for c in COLUMNS) for r in csv.DictReader(f)}


def read_chiso766(path):
    """The same figures from chiso766's interchange counts."""
    criteria = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["num"]:
                criteria[(r["unit_code"], r["criterion"])] = (int(r["num"]), int(r["den"]))
    units = {}
    for (unit, criterion), _ in criteria.items():
        if criterion != "DOSSIER_ON_TIME":
            continue
        on_time, received = criteria[(unit, "DOSSIER_ON_TIME")]
        paid, owes = criteria[(unit, "ONLINE_PAYMENT_DOSSIERS")]
        units[unit] = (
            received,
            on_time,
            criteria[(unit, "ONLINE_DOSSIERS")][0],
            owes,
            paid,
            criteria[(unit, "ORIGINAL_RESULT_AVAILABLE")][0],
            criteria[(unit, "SO_HOA_GIAY_TO_GIAI_QUYET")][0],
        )
    return units


def check(ours_path, duckdb_path, polars_path):
    ours, duck, polars = read_chiso766(ours_path), read_peer(duckdb_path), read_peer(polars_path)
    if duck != polars:
        sys.exit("DuckDB and Polars disagree")
    # The peers list the units that received dossiers; chiso766 lists every unit, and the province
    # rows pool their sub-units, which the peers do not compute.
    handlers = {unit: counts for unit, counts in ours.items() if unit in duck}
    idle = [unit for unit, counts in ours.items() if unit not in duck and "." in unit and counts[0] != 0]
    if handlers != duck or idle:
        wrong = [u for u in duck if handlers.get(u) != duck[u]][:5]
        sys.exit(f"chiso766 disagrees with the peers, e.g. {wrong} {idle[:5]}")
    print(f"all three agree on {len(duck)} units, {sum(c[0] for c in duck.values())} dossiers")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "duckdb":
        run_duckdb(sys.argv[2], sys.argv[3])
    elif command == "polars":
        run_polars(sys.argv[2], sys.argv[3])
    elif command == "check":
        check(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown command {command}")
