#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 20) from the corpus seed.sh makes, two at a
# time, and prints one line per target. Exits non-zero, naming the crash file, if a target
# crashes, hangs or runs out of memory. Without a nightly toolchain or cargo-fuzz it says so and
# exits 0. Works from any directory: usage `fuzz/run.sh [SECONDS]` (FUZZ_JOBS: targets at once).
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-20}
jobs=${FUZZ_JOBS:-2}

if ! cargo +nightly --version > /dev/null 2>&1; then
    echo "fuzz: skipped (no nightly toolchain)"
    exit 0
fi
if ! cargo fuzz --version > /dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz"
    mkdir -p target
    if ! cargo install cargo-fuzz --locked > target/cargo-fuzz-install.log 2>&1; then
        tail -3 target/cargo-fuzz-install.log
        echo "fuzz: skipped (cargo-fuzz cannot be installed)"
        exit 0
    fi
fi

./seed.sh > /dev/null || exit 1
logs=target/fuzz-logs
mkdir -p "$logs"
# One build of every target (with the address sanitizer: the slow part); `fuzz run` reuses it.
start=$SECONDS
if ! cargo +nightly fuzz build > "$logs/build.log" 2>&1; then
    grep -E -A5 "^error" "$logs/build.log" | head -40 || tail -20 "$logs/build.log"
    echo "fuzz: the build failed (log: fuzz/$logs/build.log)"
    exit 1
fi
echo "fuzz: built in $((SECONDS - start)) s"
# fuzz TARGET: runs one target, its output in $logs/TARGET.log.
fuzz() {
    local max_len=65536
    case $1 in
        portal) max_len=131072 ;; # whole portal responses are up to 70 KB
        timestamp_period) max_len=256 ;;
        plans) max_len=4096 ;; # a unit, a few targets and a scenario
        renderers) max_len=16384 ;; # fourteen names
    esac
    cargo +nightly fuzz run "$1" "corpus/$1" -- -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 > "$logs/$1.log" 2>&1
}

mapfile -t targets < <(cargo +nightly fuzz list)
start=$SECONDS
running=0
for target in "${targets[@]}"; do
    fuzz "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

failed=0
for target in "${targets[@]}"; do
    log=$logs/$target.log
    runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -1 | cut -d' ' -f2)
    crash=$(grep -o 'Test unit written to .*' "$log" | tail -1 | sed 's/^Test unit written to //')
    if [ -z "$crash" ] && [ -n "$runs" ]; then
        echo "fuzz: $target: $runs runs, no crash"
    elif grep -q "^error\(\[E[0-9]*\]\)\?:" "$log"; then
        failed=1
        echo "fuzz: $target: FAILED to build (log: fuzz/$log)"
        grep -m3 "^error" "$log" | sed 's/^/    /'
    else
        failed=1
        echo "fuzz: $target: FAILED${crash:+, input in $crash} (log: fuzz/$log)"
        grep -a -E -m1 -A1 "panicked at|ERROR: libFuzzer" "$log" | sed 's/^/    /'
    fi
done
echo "fuzz: ran ${#targets[@]} targets for ${seconds} s each in $((SECONDS - start)) s"
exit "$failed"
