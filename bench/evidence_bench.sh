#!/usr/bin/env bash
# Time `throughline check` on the synthetic workspace with and without 10,000 JUnit test
# cases (bench/gen_junit.py) matching its tests: the cost of test results as evidence.
#
# Usage: bench/evidence_bench.sh [--cases N] [--runs N] [--bin PATH]
#
# Reuses bench/out/ws (bench/run.sh generates it; so does this script when it is
# missing) and target/release/throughline (built when missing). Prints a Markdown table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CASES=10000
RUNS=5
BIN="target/release/throughline"
while (($#)); do
    case "$1" in
        --cases) CASES="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --bin) BIN="$2"; shift 2 ;;
        -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "evidence_bench.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
WS="bench/out/ws"
XML="bench/out/junit-$CASES.xml"
[ -x "$BIN" ] || cargo build --release -p throughline
[ -d "$WS" ] || python3 bench/gen_workspace.py "$WS"
python3 bench/gen_junit.py "$WS" "$XML" --cases "$CASES" >&2

# Median wall time in seconds of RUNS runs of "$@" (after one warm-up run).
median() {
    "$@" >/dev/null 2>&1 || true
    local times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

plain=$(median "$BIN" check --root "$WS" --format json)
with=$(median "$BIN" check --root "$WS" --format json --test-results "$XML")
counts=$("$BIN" check --root "$WS" --format json --test-results "$XML" 2>/dev/null | python3 -c '
import json, sys, collections
c = collections.Counter(d["code"] for d in json.load(sys.stdin)["diagnostics"])
print(" · ".join(f"{k} {c[k]}" for k in ("failing-test", "skipped-test", "unrun-test", "invalid-test-results")))
' || true)
size=$(du -k "$XML" | cut -f1)
echo "| run | median of $RUNS (s) |"
echo "| --- | --- |"
echo "| \`check\` | $plain |"
echo "| \`check --test-results\` ($CASES cases, ${size} KB) | $with |"
echo
echo "findings with results: $counts"
