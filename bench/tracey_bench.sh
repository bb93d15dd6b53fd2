#!/usr/bin/env bash
# throughline and tracey side by side on twin workspaces: the same generated tree, in each
# tool's syntax (bench/gen_tracey_twin.py makes tracey's).
#
# Usage: bench/tracey_bench.sh [--bin PATH] [--tracey PATH] [--findings] [--runs N] [--edits N]
#
# Measures, for each tool:
#   cold index   throughline: `check --root WS --format json --no-cache` (no cache when the
#                binary has none); tracey: no daemon and no state, then `tracey daemon
#                TWIN` started, which reads and indexes everything before it listens, and
#                `tracey query TWIN status` as soon as its socket exists (a cold `query`
#                alone gives up after 5 s of waiting for the daemon, with exit code 0);
#   warm         throughline: `check` with its cache filled; tracey: `query status` to the
#                running daemon (answered from memory, no file read);
#   LSP edit     bench/lsp_compare.py: didChange of an annotation in a Python file →
#                publishDiagnostics for it, p50/p99; init → first diagnostics; memory.
#                tracey's LSP runs against the daemon left running (already indexed).
# and prints tracey / throughline ratios. Results: bench/out/tracey-results[-findings].md.
set -euo pipefail

die() { echo "bench/tracey_bench.sh: error: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BIN="target/release/throughline"
TRACEY="$(command -v tracey || echo "$HOME/.cargo/bin/tracey")"
RUNS=3
EDITS=50
FINDINGS=0
while (($#)); do
    case "$1" in
        --bin) BIN="$2"; shift 2 ;;
        --tracey) TRACEY="$2"; shift 2 ;;
        --findings) FINDINGS=1; shift ;;
        --runs) RUNS="$2"; shift 2 ;;
        --edits) EDITS="$2"; shift 2 ;;
        -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1'" ;;
    esac
done
[[ -x "$BIN" ]] || die "throughline binary not found: $BIN (build it, or --bin PATH)"
[[ -x "$TRACEY" ]] || die "tracey not found: $TRACEY (cargo install tracey --locked, or --tracey PATH)"

OUT="bench/out"
mkdir -p "$OUT"
SUFFIX=""; ((FINDINGS)) && SUFFIX="-findings"
RESULTS="$OUT/tracey-results$SUFFIX.md"

# The throughline tree (generated or reused with run.sh's stamp), then its twin. The twin
# lives outside this repository: tracey's walk honours the .gitignore that ignores bench/out.
WS="$(python3 -c 'import sys; sys.path.insert(0, "bench"); import lsp_bench; print(lsp_bench.ensure_ws(10000, bool(int(sys.argv[1]))))' "$FINDINGS")"
TWIN="${TMPDIR:-/tmp}/throughline-tracey-twin$SUFFIX"
twin_want="ws=$(cat "$WS.stamp") twin=$(sha256sum bench/gen_tracey_twin.py | cut -d' ' -f1)"
if [[ -f "$TWIN.stamp" && "$(cat "$TWIN.stamp")" == "$twin_want" && -d "$TWIN" ]]; then
    log "reusing $TWIN"
else
    log "writing the tracey twin of $WS to $TWIN"
    python3 bench/gen_tracey_twin.py "$WS" "$TWIN" --force >&2
    printf '%s\n' "$twin_want" >"$TWIN.stamp"
fi

# tracey keeps its daemon's state under $XDG_STATE_HOME/tracey/<hash>; a private one
# makes "cold" mean no daemon and no state, and leaves the user's alone.
export XDG_STATE_HOME="${TMPDIR:-/tmp}/throughline-tracey-state"
tracey_cold_reset() {
    "$TRACEY" kill "$TWIN" >/dev/null 2>&1 || true
    [[ -n "${DAEMON_PID:-}" ]] && wait "$DAEMON_PID" 2>/dev/null || true
    DAEMON_PID=""
    # `kill` asks the daemon to stop; wait until its pid is gone before removing the state.
    local f pid
    for f in "$XDG_STATE_HOME"/tracey/*/daemon.pid; do
        [[ -f "$f" ]] || continue
        pid="$(sed -n 's/^pid=//p' "$f")"  # the file holds pid=N and version=N
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill "$pid" 2>/dev/null || true
    done
    rm -rf "$XDG_STATE_HOME"
}

now() { date +%s%N; }
# tracey_cold_once -> seconds from starting the daemon to the first answer of `query status`
tracey_cold_once() {
    local t0 t1 sock
    tracey_cold_reset
    t0="$(now)"
    "$TRACEY" daemon "$TWIN" >"$OUT/tracey-daemon.out" 2>&1 &
    DAEMON_PID=$!
    for _ in $(seq 6000); do  # 10 minutes at most
        sock="$(compgen -G "$XDG_STATE_HOME/tracey/*/daemon.sock" || true)"
        [[ -n "$sock" ]] && break
        kill -0 "$DAEMON_PID" 2>/dev/null || die "tracey daemon exited: $(tail -n 5 "$OUT/tracey-daemon.out")"
        sleep 0.1
    done
    [[ -n "$sock" ]] || die "tracey daemon did not listen within 10 minutes"
    "$TRACEY" query "$TWIN" status >"$OUT/tracey-status$SUFFIX.out" 2>&1 || die "tracey query status failed"
    grep -q "Error" "$OUT/tracey-status$SUFFIX.out" && die "tracey query status: $(head -n 3 "$OUT/tracey-status$SUFFIX.out")"
    t1="$(now)"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'
}
# time_cmd OKCODES CMD... -> seconds (stdout of the command to $OUT/last.out)
time_cmd() {
    local ok="$1" t0 t1 rc; shift
    t0="$(now)"; set +e; "$@" >"$OUT/last.out" 2>"$OUT/last.err"; rc=$?; set -e; t1="$(now)"
    [[ " $ok " == *" $rc "* ]] || { tail -n 20 "$OUT/last.err" >&2; die "'$*' exited with $rc"; }
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'
}
median() { sort -n | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }

CHECK=("$BIN" check --root "$WS" --format json)
HAS_CACHE=0
"$BIN" check --help 2>/dev/null | grep -q -- --no-cache && HAS_CACHE=1
COLD=("${CHECK[@]}"); ((HAS_CACHE)) && COLD+=(--no-cache)

log "throughline cold: ${COLD[*]}"
time_cmd "0 1" "${COLD[@]}" >/dev/null   # page cache
tl_cold="$(for ((i = 0; i < RUNS; i++)); do time_cmd "0 1" "${COLD[@]}"; done | median)"
tl_warm=""
if ((HAS_CACHE)); then
    rm -rf "$WS/.throughline"
    time_cmd "0 1" "${CHECK[@]}" >/dev/null   # fills the cache
    tl_warm="$(for ((i = 0; i < RUNS; i++)); do time_cmd "0 1" "${CHECK[@]}"; done | median)"
fi

log "tracey cold: no daemon, fresh state, \`tracey daemon\` until it listens, then \`query status\`"
TQ=("$TRACEY" query "$TWIN" status)
# Not in a subshell: the daemon's pid must stay known here to wait for it.
tracey_cold_once >"$OUT/tracey-cold.runs"   # page cache
: >"$OUT/tracey-cold.runs"
for ((i = 0; i < RUNS; i++)); do
    tracey_cold_once >>"$OUT/tracey-cold.runs"
    log "tracey cold run $((i + 1))/$RUNS: $(tail -n 1 "$OUT/tracey-cold.runs") s"
done
tr_cold="$(median <"$OUT/tracey-cold.runs")"
tr_warm="$(for ((i = 0; i < RUNS; i++)); do time_cmd "0" "${TQ[@]}"; done | median)"
tr_daemon_hwm="n/a"
for f in "$XDG_STATE_HOME"/tracey/*/daemon.pid; do
    [[ -f "$f" ]] || continue
    pid="$(sed -n 's/^pid=//p' "$f")"  # the file holds pid=N and version=N
    tr_daemon_hwm="$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null || echo n/a)"
done
"$TRACEY" query "$TWIN" validate >"$OUT/tracey-validate$SUFFIX.out" 2>&1 || true

log "LSP: tracey (daemon running, indexed)"
tr_lsp="$(python3 bench/lsp_compare.py --server tracey --cmd "$TRACEY" --ws "$TWIN" --pick-from "$WS" --edits "$EDITS")"
tracey_cold_reset
log "LSP: throughline"
tl_lsp="$(python3 bench/lsp_compare.py --server throughline --cmd "$BIN" --ws "$WS" --pick-from "$WS" --edits "$EDITS")"

j() { python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print("n/a" if v is None else (f"{v:.1f}" if isinstance(v, float) else v))' "$1" "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1fx", a / b; else print "n/a" }'; }
ms() { awk -v s="$1" 'BEGIN { if (s == "") print "n/a"; else printf "%.0f", s * 1000 }'; }
cs_files="$(find "$WS/dotnet" -name '*.cs' | wc -l)"
rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
{
    echo "## throughline and tracey on twin workspaces"
    echo
    echo "throughline: \`$BIN\` (repo at $rev) on \`$WS\`; tracey: \`$("$TRACEY" --version 2>/dev/null | head -n 1 || echo tracey)\` on \`$TWIN\`."
    echo "Median of $RUNS runs after one untimed run; $EDITS LSP edits. $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "| measure | throughline | tracey | tracey / throughline |"
    echo "| --- | ---: | ---: | ---: |"
    echo "| cold index + report (ms) | $(ms "$tl_cold") | $(ms "$tr_cold") | $(ratio "$tr_cold" "$tl_cold") |"
    echo "| warm (ms): cache / running daemon | $(ms "$tl_warm") | $(ms "$tr_warm") | $(ratio "$tr_warm" "$tl_warm") |"
    for k in first_ms first_nonempty_ms burst_ms edit_p50_ms edit_p99_ms; do
        a="$(j "$tl_lsp" "$k")"; b="$(j "$tr_lsp" "$k")"
        # tracey's LSP starts on an indexed daemon, throughline's indexes: init rows differ in kind.
        case "$k" in edit_*) r="$(ratio "$b" "$a")" ;; *) r="not comparable" ;; esac
        echo "| LSP $k | $a | $b | $r |"
    done
    echo "| LSP process peak memory (MB) | $(j "$tl_lsp" lsp_hwm_mb) | $(j "$tr_lsp" lsp_hwm_mb) (bridge) + $(j "$tr_lsp" daemon_hwm_mb) (daemon) | |"
    echo "| daemon peak memory after the cold index (MB) | | $tr_daemon_hwm | |"
    echo
    echo "tracey reads no C# (it has no C# grammar): $cs_files of the files are \`.cs\`, which"
    echo "throughline reads and tracey skips. tracey's didChange carries the whole document"
    echo "(it asks for full sync: $(j "$tr_lsp" full_sync)); throughline's carries one line."
    echo "tracey's LSP numbers are with its daemon already indexed (its cold index is the first"
    echo "row); throughline's LSP indexes in its own process, so its first_ms includes the index."
    echo
    echo "Raw: throughline \`$tl_lsp\`"
    echo
    echo "tracey \`$tr_lsp\`"
} | tee "$RESULTS"
log "results written to $RESULTS"
