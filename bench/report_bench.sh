#!/usr/bin/env bash
# Times `throughline export` and `throughline report` on the synthetic workspace, the
# page's size, and how long headless Chromium takes to open it and to switch the
# roadmap item (bench/report_open.mjs; playwright-core from tests/report).
#
# Usage: bench/report_bench.sh [--runs N] [--bin PATH]   (generator defaults: 10k files)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS=5
BIN="target/release/throughline"
while (($#)); do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --bin) BIN="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ -x "$BIN" ] || cargo build --release --locked
WS="bench/out/ws"
[ -f "$WS/.bench-manifest.json" ] || python3 bench/gen_workspace.py "$WS" --force >/dev/null
OUT="bench/out/report"
mkdir -p "$OUT"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
time_ms() { # time_ms CMD...: wall milliseconds of one run
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}
bench() { # bench LABEL CMD...
    local label="$1"; shift
    "$@" >/dev/null 2>&1 || true # warm-up
    local ms
    ms=$(for _ in $(seq "$RUNS"); do time_ms "$@"; done | median)
    printf '| %s | %s ms |\n' "$label" "$ms"
}

files=$(find "$WS" -type f | wc -l)
echo "workspace: $WS ($files files), $RUNS runs each, median"
echo
echo "| command | wall |"
echo "|---|---|"
bench "check" "$BIN" check "$WS" --root "$WS"
bench "export" "$BIN" export "$WS" --root "$WS" --output "$OUT/export.json"
bench "report" "$BIN" report "$WS" --root "$WS" --output "$OUT/report.html"
echo
echo "export: $(stat -c %s "$OUT/export.json") bytes; report: $(stat -c %s "$OUT/report.html") bytes ($(gzip -c "$OUT/report.html" | wc -c) gzipped)"
if [ -d tests/report/node_modules/playwright-core ] && [ -x /usr/bin/chromium ]; then
    NODE_PATH="$ROOT/tests/report/node_modules" node bench/report_open.mjs "$ROOT/$OUT/report.html" 3
else
    echo "(no Chromium test setup: run tests/report/run.sh once to time the page)"
fi
