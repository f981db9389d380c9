#!/usr/bin/env bash
# Counting dossiers from CSV: chiso766 against DuckDB and Polars on the same generated file, in the
# same run, on the same cores. All three compute the per-unit counts of peers.py; their results
# must agree exactly. Prints each tool's median wall time (process start included) over RUNS runs
# and its peak memory (the largest of its runs, by GNU time), and, last, the ratios of chiso766's
# median to each peer's.
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

chiso766=("$root/target/release/examples/score_records" --procedures "$data/procedures.csv"
    --dossiers "$data/dossiers.csv" --units "$data/units.csv" --period 2026
    --counts-out "$work/chiso766.csv")
duckdb=("$python" "$peers" duckdb "$data" "$work/duckdb.csv")
polars=("$python" "$peers" polars "$data" "$work/polars.csv")

# GNU time reports each run's peak memory (maximum resident set size); without it, only times.
if [ -x /usr/bin/time ]; then
    timer=(/usr/bin/time -f "%e %M" -o "$work/run.txt")
else
    echo "peak memory: /usr/bin/time not found (Debian: apt-get install time); times only" >&2
    timer=()
fi

# Runs a command RUNS times; prints its median wall time in seconds (process start included) and
# its largest peak memory in MiB ("?" without GNU time).
measure() {
    local times=() peak=0
    for _ in $(seq "$runs"); do
        if [ ${#timer[@]} -gt 0 ]; then
            "${timer[@]}" "$@" > /dev/null
            local seconds kib
            read -r seconds kib < "$work/run.txt"
            times+=("$seconds")
            if [ "$kib" -gt "$peak" ]; then peak=$kib; fi
        else
            local start end
            start=$(date +%s.%N)
            "$@" > /dev/null
            end=$(date +%s.%N)
            times+=("$(echo "$end - $start" | bc -l)")
            peak="?"
        fi
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f\n", m}')
    if [ "$peak" = "?" ]; then echo "$median ?"; else echo "$median $((peak / 1024))"; fi
}

read -r ours ours_mib <<< "$(measure "${chiso766[@]}")"
read -r theirs_duckdb duckdb_mib <<< "$(measure "${duckdb[@]}")"
read -r theirs_polars polars_mib <<< "$(measure "${polars[@]}")"
"$python" "$peers" check "$work/chiso766.csv" "$work/duckdb.csv" "$work/polars.csv"
echo "rows = $rows, runs = $runs, cores = $(nproc)"
echo "chiso766 median = ${ours} s, peak memory ${ours_mib} MiB"
echo "duckdb median = ${theirs_duckdb} s, peak memory ${duckdb_mib} MiB"
echo "polars median = ${theirs_polars} s, peak memory ${polars_mib} MiB"
echo "chiso766/duckdb = $(echo "$ours / $theirs_duckdb" | bc -l | xargs printf '%.2f')"
echo "chiso766/polars = $(echo "$ours / $theirs_polars" | bc -l | xargs printf '%.2f')"
