#!/usr/bin/env bash
# Counting dossiers from CSV: chiso766 against DuckDB and Polars on the same generated file, in the
# same run, on the same cores. All three compute the per-unit counts of peers.py; their results
# must agree exactly. Prints each tool's median wall time (process start included) over RUNS runs
# and, last, the ratios of chiso766's median to each peer's.
#
#   benches/peers/compare.sh ROWS        (default 10000000; RUNS=5, WORK=a directory to reuse)
#
# DuckDB and Polars are installed from PyPI into a virtual environment under WORK.
set -euo pipefail
EXAMPLES="score_records" source "$(dirname "$0")/setup.sh"
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet duckdb polars
fi
python="$work/venv/bin/python"
peers="$root/benches/peers/peers.py"

chiso766() {
    "$root/target/release/examples/score_records" --procedures "$data/procedures.csv" \
        --dossiers "$data/dossiers.csv" --units "$data/units.csv" --period 2026 \
        --counts-out "$work/chiso766.csv" > /dev/null
}
duckdb() { "$python" "$peers" duckdb "$data" "$work/duckdb.csv"; }
polars() { "$python" "$peers" polars "$data" "$work/polars.csv"; }

# Median wall time of a command, in seconds.
median() {
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$1"
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc -l)")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f\n", m}'
}

ours=$(median chiso766)
theirs_duckdb=$(median duckdb)
theirs_polars=$(median polars)
"$python" "$peers" check "$work/chiso766.csv" "$work/duckdb.csv" "$work/polars.csv"
echo "rows = $rows, runs = $runs, cores = $(nproc)"
echo "chiso766 median = ${ours} s"
echo "duckdb median = ${theirs_duckdb} s"
echo "polars median = ${theirs_polars} s"
echo "chiso766/duckdb = $(echo "$ours / $theirs_duckdb" | bc -l | xargs printf '%.2f')"
echo "chiso766/polars = $(echo "$ours / $theirs_polars" | bc -l | xargs printf '%.2f')"
