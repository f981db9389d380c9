# Sourced by the comparison scripts: the generated records they share. Sets rows, runs, root,
# work, data and program (the built `chiso766`), builds it and the examples named in EXAMPLES, and
# generates ROWS dossiers once per WORK.
rows=${1:-10000000}
runs=${RUNS:-5}
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd)
work=${WORK:-$(mktemp -d)}
data="$work/data-$rows"
mkdir -p "$work"
examples=()
for example in gen_records $EXAMPLES; do
    examples+=(--example "$example")
done
cargo build --release --quiet "${examples[@]}"
cargo build --release --quiet -p chiso766-cli
program="$root/target/release/chiso766"
if [ ! -f "$data/dossiers.csv" ]; then
    "$root/target/release/examples/gen_records" --dossiers "$rows" --seed 766 --out "$data"
fi
