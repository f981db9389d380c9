#!/usr/bin/env bash
# The monthly report against counting alone, on the same generated file, in the same run: the
# median wall time and peak memory (maximum resident set, /usr/bin/time -v) of `chiso766 count`
# (count one period and write its counts) and of `chiso766 report` (count the same records with
# each dossier's standing, for the month, the previous month and the trend's months, then the
# statistics, the index report of every period and the rendering), and, last, the ratio of the two
# medians.
#
#   benches/peers/report_compare.sh ROWS        (default 10000000; RUNS=5, WORK=a directory to reuse)
set -euo pipefail
EXAMPLES="" source "$(dirname "$0")/setup.sh"
files=(--procedures "$data/procedures.csv" --dossiers "$data/dossiers.csv"
       --petitions "$data/petitions.csv" --units "$data/units.csv" --counts "$data/counts.json")
score=("$program" count "${files[@]}" --period 2026-05 --out "$work/counts.json")
report=("$program" report "${files[@]}" --period 2026-05 --province H10 --format text
        --out "$work/report.txt")

# Median wall time of a command, in seconds, and its largest peak memory, in MiB.
measure() {
    local times=() peak=0 kib
    for _ in $(seq "$runs"); do
        /usr/bin/time -v -o "$work/time.txt" "$@" > /dev/null
        times+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/time.txt")")
        kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
        if [ "$kib" -gt "$peak" ]; then peak=$kib; fi
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}')
    echo "$median $((peak / 1024))"
}

read -r score_time score_mib < <(measure "${score[@]}")
read -r report_time report_mib < <(measure "${report[@]}")
echo "rows = $rows, runs = $runs, cores = $(nproc)"
echo "chiso766 count median = ${score_time} s, peak ${score_mib} MiB"
echo "chiso766 report median = ${report_time} s, peak ${report_mib} MiB"
echo "report/count = $(echo "$report_time / $score_time" | bc -l | xargs printf '%.2f')"
