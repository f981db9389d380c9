"""The peers' side of benches/peers/compare.sh: the per-unit counts a SQL user would compute from
dossiers.csv and procedures.csv, with DuckDB or Polars, and the check that every tool agrees.

    python peers.py duckdb DATA_DIR OUT.csv
    python peers.py polars DATA_DIR OUT.csv
    python peers.py check CHISO766_COUNTS.csv DUCKDB.csv POLARS.csv

Definitions (those of chiso766 for the generated data, period = year 2026; every timestamp is
written at +07:00, so its first ten characters are the civil date in Vietnam):
- received: dossiers of the unit;
- on_time: at most one supplement request, and the end (finished, else returned, else stopped, else a
  supplement requested and never completed) on or before the due date by date; a dossier still open
  is judged on 2026-12-31. The citizen's supplement time moves the due date: the working time from
  the request to the completion is added to the due instant in working time (07:00-11:30 and
  13:30-17:00 on working days: Monday to Friday, less the official days off, plus the make-up
  Saturdays, from the same published list chiso766 ships, src/calendar/holidays-vn.csv);
- online: channel 2, and an electronic result where the procedure returns a paper result;
- owes_fees / paid_online: fee-bearing procedure and fees not synced as zero / and paid online;
- e_result: an electronic result file; digitized: component files, and the electronic result where a
  paper result is required.
"""
import csv
import json
import sys

COLUMNS = ["received", "on_time", "online", "owes_fees", "paid_online", "e_result", "digitized"]

# The working clock: per day, the working seconds before it (from 2022-01-01) and whether it is a
# working day; a moment's clock is its day's plus the working seconds of the day before its time.
MORNING, NOON, AFTERNOON, EVENING = 7 * 3600, 11 * 3600 + 1800, 13 * 3600 + 1800, 17 * 3600
DAY = (NOON - MORNING) + (EVENING - AFTERNOON)


def calendar():
    """(day, working seconds before it, working) for 2022-2027, by the published days off."""
    import datetime
    import os

    path = os.path.join(os.path.dirname(__file__), "..", "..", "src", "calendar", "holidays-vn.csv")
    special = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            special[r["date"]] = r["kind"] == "workday"
    day, end = datetime.date(2022, 1, 1), datetime.date(2028, 1, 1)
    rows, before = [], 0
    while day < end:
        text = day.isoformat()
        working = special.get(text, day.weekday() < 5)
        rows.append((text, before, working))
        before += DAY if working else 0
        day += datetime.timedelta(days=1)
    return rows


def seconds_sql(column):
    """SQL for the working seconds of a day before a timestamp's time."""
    t = f"(CAST(substr({column}, 12, 2) AS INTEGER) * 3600 + CAST(substr({column}, 15, 2) AS INTEGER) * 60 + CAST(substr({column}, 18, 2) AS INTEGER))"
    return (f"(greatest(0, least({t}, {NOON}) - {MORNING}) + greatest(0, least({t}, {EVENING}) - {AFTERNOON}))")


DUCKDB_SQL = """
WITH d AS (SELECT * FROM read_csv('{data}/dossiers.csv', header = true, all_varchar = true)),
     p AS (SELECT * FROM read_csv('{data}/procedures.csv', header = true, all_varchar = true)),
     j AS (
       SELECT d.unit_code,
              coalesce(d.finished_at, d.returned_at, d.stopped_at,
                       CASE WHEN d.supplement_completed_at IS NULL THEN d.supplement_requested_at END) AS ended,
              d.due_at, d.supplement_requested_at AS requested, d.supplement_completed_at AS completed,
              CAST(coalesce(d.supplement_count, '0') AS INTEGER) AS supplements,
              d.channel = '2' AS by_channel,
              p.paper_result_required = '1' AS paper,
              d.result_file = '1' AS result_file,
              d.component_files = '1' AS components,
              p.fee_bearing = '1' AND coalesce(d.fee_nonzero, '1') <> '0' AS owes,
              d.paid_online IN ('1', '2') AS paid
       FROM d JOIN p ON d.procedure_code = p.procedure_code),
     -- The working clock of the three moments of a dossier with a completed supplement.
     s AS (
       SELECT j.*,
              greatest(0, (c2.before + CASE WHEN c2.working THEN {completed} ELSE 0 END)
                        - (c1.before + CASE WHEN c1.working THEN {requested} ELSE 0 END)) AS pause,
              c3.before + CASE WHEN c3.working THEN {due} ELSE 0 END AS due_clock
       FROM j
       LEFT JOIN cal c1 ON c1.day = substr(j.requested, 1, 10)
       LEFT JOIN cal c2 ON c2.day = substr(j.completed, 1, 10)
       LEFT JOIN cal c3 ON c3.day = substr(j.due_at, 1, 10)),
     -- The due date moved by the pause: the working day in which the due clock plus the pause falls.
     m AS (
       SELECT s.*,
              CASE WHEN s.completed IS NULL OR s.requested IS NULL OR s.pause = 0 THEN substr(s.due_at, 1, 10)
                   ELSE (SELECT max(w.day) FROM cal w WHERE w.working AND w.before < s.due_clock + s.pause)
              END AS due
       FROM s)
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
FROM m GROUP BY unit_code ORDER BY unit_code
"""


def run_duckdb(data, out):
    import duckdb

    con = duckdb.connect()
    values = ", ".join(f"('{day}', {before}, {str(working).upper()})" for day, before, working in calendar())
    con.execute(f"CREATE TABLE cal AS SELECT * FROM (VALUES {values}) AS t(day, before, working)")
    sql = DUCKDB_SQL.format(
        data=data,
        requested=seconds_sql("j.requested"),
        completed=seconds_sql("j.completed"),
        due=seconds_sql("j.due_at"),
    )
    rows = con.sql(sql).fetchall()
    write(out, rows)


def run_polars(data, out):
    import polars as pl

    d = pl.scan_csv(f"{data}/dossiers.csv", infer_schema=False)
    p = pl.scan_csv(f"{data}/procedures.csv", infer_schema=False).select(
        "procedure_code", "paper_result_required", "fee_bearing"
    )
    days = calendar()
    cal = pl.LazyFrame(
        {"day": [r[0] for r in days], "before": [r[1] for r in days], "working": [r[2] for r in days]},
        schema={"day": pl.String, "before": pl.Int64, "working": pl.Boolean},
    )
    working_days = cal.filter(pl.col("working")).select(
        pl.col("day").alias("moved_due"), pl.col("before").alias("moved_before")
    )

    def clock(column):
        """The working clock of a timestamp column, from the calendar joined on its date."""
        t = pl.col(column)
        second = (
            t.str.slice(11, 2).cast(pl.Int64) * 3600
            + t.str.slice(14, 2).cast(pl.Int64) * 60
            + t.str.slice(17, 2).cast(pl.Int64)
        )
        worked = (pl.min_horizontal(second, NOON) - MORNING).clip(lower_bound=0) + (
            pl.min_horizontal(second, EVENING) - AFTERNOON
        ).clip(lower_bound=0)
        return pl.col(f"{column}_before") + pl.when(pl.col(f"{column}_working")).then(worked).otherwise(0)

    def with_day(frame, column):
        renamed = cal.select(
            pl.col("day").alias(f"{column}_day"),
            pl.col("before").alias(f"{column}_before"),
            pl.col("working").alias(f"{column}_working"),
        )
        frame = frame.with_columns(pl.col(column).str.slice(0, 10).alias(f"{column}_day"))
        return frame.join(renamed, on=f"{column}_day", how="left")

    # The dossiers whose completed supplement moves their due date, and the date it moves to.
    supplemented = d.filter(
        pl.col("supplement_requested_at").is_not_null() & pl.col("supplement_completed_at").is_not_null()
    ).select("dossier_id", "supplement_requested_at", "supplement_completed_at", "due_at")
    for column in ("supplement_requested_at", "supplement_completed_at", "due_at"):
        supplemented = with_day(supplemented, column)
    supplemented = (
        supplemented.with_columns(
            (clock("supplement_completed_at") - clock("supplement_requested_at")).clip(lower_bound=0).alias("pause"),
            clock("due_at").alias("due_clock"),
        )
        .filter(pl.col("pause") > 0)
        .with_columns((pl.col("due_clock") + pl.col("pause") - 1).alias("target"))
        .sort("target")
        .join_asof(working_days.sort("moved_before"), left_on="target", right_on="moved_before", strategy="backward")
        .select("dossier_id", "moved_due")
    )

    ended = pl.coalesce(
        "finished_at",
        "returned_at",
        "stopped_at",
        pl.when(pl.col("supplement_completed_at").is_null()).then(pl.col("supplement_requested_at")),
    )
    due = pl.coalesce(pl.col("moved_due"), pl.col("due_at").str.slice(0, 10))
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
        .join(supplemented, on="dossier_id", how="left")
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
    """The same figures from chiso766's interchange counts (JSON, SPEC §6)."""
    criteria = {}
    with open(path, encoding="utf-8") as f:
        for unit in json.load(f)["units"]:
            for code, count in unit.get("criteria", {}).items():
                if "num" in count:
                    criteria[(unit["code"], code)] = (int(count["num"]), int(count["den"]))
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
