#!/usr/bin/env bash
# Scoring and ranking the national set: chiso766's compiled plan against a numpy implementation of
# the same formulas (score_numpy.py), in the same run, on the same cores. The set (3,934 units) is
# generated once; both time score + rank in-process over RUNS runs, file reading excluded; every
# total, group and rank must agree. Prints both medians and, last, chiso766/numpy.
#
#   benches/peers/score_compare.sh        (RUNS=101, WORK=a directory to reuse)
#
# numpy is installed from PyPI into a virtual environment under WORK.
set -euo pipefail
runs=${RUNS:-101}
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
cargo build --release --quiet --example score_table
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
fi
if ! "$work/venv/bin/python" -c "import numpy" 2> /dev/null; then
    "$work/venv/bin/pip" install --quiet numpy
fi
# The machine's speed drifts over minutes: the two are timed in alternating rounds (ROUNDS,
# default 3), each one's median is the median of its rounds' medians, and the ratio is the median
# of the rounds' ratios (each round's two timings close in time, so a drift cancels out).
rounds=${ROUNDS:-3}
ours_all=()
theirs_all=()
for round in $(seq "$rounds"); do
    if [ "$round" = 1 ]; then
        ours=$("$root/target/release/examples/score_table" --runs "$runs" --check \
            --wide "$work/wide.csv" --results "$work/chiso766.csv")
        echo "$ours"
    else
        ours=$("$root/target/release/examples/score_table" --runs "$runs")
    fi
    ours_all+=("$(echo "$ours" | sed -n 's/.*median \([0-9.]*\) ms.*/\1/p')")
    theirs_all+=("$("$work/venv/bin/python" "$root/benches/peers/score_numpy.py" "$work/wide.csv" \
        "$work/numpy.csv" "$runs")")
done
middle() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ours_ms=$(middle "${ours_all[@]}")
theirs_ms=$(middle "${theirs_all[@]}")
if ! cmp -s "$work/chiso766.csv" "$work/numpy.csv"; then
    echo "chiso766 and numpy disagree:" >&2
    diff "$work/chiso766.csv" "$work/numpy.csv" | head -5 >&2
    exit 1
fi
echo "units = $(($(wc -l < "$work/chiso766.csv") - 1)), runs = $runs × $rounds rounds, cores = $(nproc): every total, group and rank agrees"
echo "chiso766 rounds: ${ours_all[*]} ms; numpy rounds: ${theirs_all[*]} ms"
echo "chiso766 median = ${ours_ms} ms"
echo "numpy median = ${theirs_ms} ms"
ratios=()
for i in "${!ours_all[@]}"; do
    ratios+=("$(echo "${ours_all[$i]} / ${theirs_all[$i]}" | bc -l | xargs printf '%.3f')")
done
echo "ratio by round: ${ratios[*]}"
echo "chiso766/numpy = $(middle "${ratios[@]}" | xargs printf '%.2f')"
