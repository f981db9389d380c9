#!/usr/bin/env bash
# Counting dossiers from CSV: chiso766 against DuckDB and Polars on the same generated file, in the
# same run, on the same cores. All three compute the per-unit counts of peers.py; their results
# must agree exactly. Prints each tool's median wall time (process start included) over RUNS runs
# and its peak memory (the largest of its runs, by GNU time), and, last, the ratios of chiso766's
# time to each peer's (the median of the rounds' ratios).
#
#   benches/peers/compare.sh ROWS        (default 10000000; RUNS=5, WORK=a directory to reuse)
#
# DuckDB and Polars are installed from PyPI into a virtual environment under WORK.
set -euo pipefail
EXAMPLES="" source "$(dirname "$0")/setup.sh"
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet duckdb polars
fi
python="$work/venv/bin/python"
peers="$root/benches/peers/peers.py"

chiso766=("$program" count --procedures "$data/procedures.csv"
    --dossiers "$data/dossiers.csv" --units "$data/units.csv" --period 2026
    --out "$work/chiso766.json")
duckdb=("$python" "$peers" duckdb "$data" "$work/duckdb.csv")
polars=("$python" "$peers" polars "$data" "$work/polars.csv")

# GNU time reports each run's peak memory (maximum resident set size); without it, only times.
if [ -x /usr/bin/time ]; then
    timer=(/usr/bin/time -f "%e %M" -o "$work/run.txt")
else
    echo "peak memory: /usr/bin/time not found (Debian: apt-get install time); times only" >&2
    timer=()
fi

# Runs a command once; prints its wall time in seconds (process start included) and its peak
# memory in KiB ("?" without GNU time).
measure() {
    if [ ${#timer[@]} -gt 0 ]; then
        "${timer[@]}" "$@" > /dev/null
        cat "$work/run.txt"
    else
        local start end
        start=$(date +%s.%N)
        "$@" > /dev/null
        end=$(date +%s.%N)
        echo "$(echo "$end - $start" | bc -l) ?"
    fi
}
middle() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f\n", m}'; }
largest() { printf '%s\n' "$@" | sort -g | tail -1; }
mib() { if [ "$1" = "?" ]; then echo "?"; else echo $(($1 / 1024)); fi; }

# The machine's speed drifts over minutes: the three run in turn, RUNS rounds; each one's median
# is over its runs, and each ratio is the median of the rounds' ratios (a round's runs close in
# time, so a drift cancels out).
declare -A times peaks
for _ in $(seq "$runs"); do
    for tool in chiso766 duckdb polars; do
        declare -n command=$tool
        read -r seconds kib <<< "$(measure "${command[@]}")"
        times[$tool]+="$seconds "
        peaks[$tool]+="$kib "
    done
done
"$python" "$peers" check "$work/chiso766.json" "$work/duckdb.csv" "$work/polars.csv"
echo "rows = $rows, runs = $runs, cores = $(nproc)"
for tool in chiso766 duckdb polars; do
    # shellcheck disable=SC2086
    echo "$tool median = $(middle ${times[$tool]}) s, peak memory $(mib "$(largest ${peaks[$tool]})") MiB (runs: ${times[$tool]% })"
done
read -ra ours <<< "${times[chiso766]}"
for peer in duckdb polars; do
    read -ra theirs <<< "${times[$peer]}"
    ratios=()
    for i in "${!ours[@]}"; do
        ratios+=("$(echo "${ours[$i]} / ${theirs[$i]}" | bc -l)")
    done
    echo "chiso766/$peer = $(middle "${ratios[@]}" | xargs printf '%.2f')"
done
