#!/usr/bin/env bash
# Benchmark `throughline check` against a ripgrep baseline on a large synthetic workspace.
#
# Usage: bench/run.sh [--files N] [--reqs N] [--annotations N] [--seed N] [--findings]
#                     [--runs N] [--no-build] [--bin PATH]
#
# See bench/README.md for what is measured and how to read the result.
set -euo pipefail

die() { echo "bench/run.sh: error: $*" >&2; exit 1; }
log() { echo "==> $*" >&2; }

usage() {
    sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    cat <<'EOF'

Options:
  --files N         source files in the generated workspace   (default 10000)
  --reqs N          requirements                              (default 5000)
  --annotations N   Implements:/Verifies: annotations         (default 50000)
  --seed N          generator seed                            (default: the generator's)
  --findings        many findings: 40% of REQs untested, ~2.5% of annotations name unknown IDs
                    (workspace in bench/out/ws-findings)
  --runs N          timed runs per tool, after one warm-up    (default 5)
  --no-build        do not run cargo; use the existing binary
  --bin PATH        throughline binary to time (implies --no-build)
  -h, --help        show this help
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

OUT="bench/out"
WS="$OUT/ws"
STAMP="$OUT/ws.stamp"
RESULTS="$OUT/results.md"
RUNS=5
BUILD=1
BIN="target/release/throughline"
GEN_ARGS=()
FINDINGS=0

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

while (($#)); do
    case "$1" in
        --files|--reqs|--annotations|--seed)
            (($# >= 2)) || die "$1 needs a value"
            is_uint "$2" || die "$1 needs a non-negative integer, got '$2'"
            GEN_ARGS+=("$1" "$2"); shift 2 ;;
        --files=*|--reqs=*|--annotations=*|--seed=*)
            is_uint "${1#*=}" || die "${1%%=*} needs a non-negative integer, got '${1#*=}'"
            GEN_ARGS+=("${1%%=*}" "${1#*=}"); shift ;;
        --findings) GEN_ARGS+=(--findings); FINDINGS=1; shift ;;
        --runs)
            (($# >= 2)) || die "--runs needs a value"
            is_uint "$2" && (($2 >= 1)) || die "--runs needs a positive integer, got '$2'"
            RUNS="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --bin)
            (($# >= 2)) || die "--bin needs a path"
            BIN="$2"; BUILD=0; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
done

# ---------------------------------------------------------------- prerequisites ----
command -v python3 >/dev/null || die "python3 is required to generate the workspace"

missing=()
command -v rg >/dev/null || missing+=(ripgrep)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    SUDO=()
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null || die "need root or sudo to apt-get install ${missing[*]}"
        SUDO=(sudo)
    fi
    command -v apt-get >/dev/null || die "apt-get not found; install ${missing[*]} by hand"
    if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2; then
        # A fresh machine may have no package lists yet.
        "${SUDO[@]}" apt-get update >&2 || die "apt-get update failed"
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2 \
            || die "apt-get install ${missing[*]} failed"
    fi
fi
command -v rg >/dev/null || die "rg still not found after installing ripgrep"
[[ -x /usr/bin/time ]] || die "/usr/bin/time still missing after installing time"

# ------------------------------------------------------------------------ build ----
if ((BUILD)); then
    command -v cargo >/dev/null || die "cargo not found (use --bin PATH to time an existing binary)"
    log "cargo build --release -p throughline"
    cargo build --release -p throughline >&2 || die "cargo build failed"
fi
[[ -x "$BIN" ]] || die "throughline binary not found or not executable: $BIN"

# -------------------------------------------------------------------- workspace ----
if ((FINDINGS)); then
    # Its own tree, so switching between the two shapes does not regenerate each time.
    WS="$OUT/ws-findings"; STAMP="$OUT/ws-findings.stamp"; RESULTS="$OUT/results-findings.md"
fi
mkdir -p "$OUT"
GEN="bench/gen_workspace.py"
# The stamp records the parameters and a hash of the generator, so editing either
# regenerates the workspace.
gen_hash="$(sha256sum "$GEN" | cut -d' ' -f1)"
stamp_want="args=${GEN_ARGS[*]:-} generator=$gen_hash"
if [[ -d "$WS" && -f "$STAMP" && "$(cat "$STAMP")" == "$stamp_want" ]]; then
    log "reusing $WS ($(cat "$STAMP"))"
else
    log "generating $WS"
    rm -f "$STAMP"
    python3 "$GEN" "$WS" --force ${GEN_ARGS[@]+"${GEN_ARGS[@]}"} >&2 || die "workspace generation failed"
    printf '%s\n' "$stamp_want" >"$STAMP"
fi
# Hidden paths (the manifest, check's cache in .throughline/) are not counted; rg skips them.
ws_files="$(find "$WS" -type f -not -path '*/.*' | wc -l)"
ws_bytes="$(find "$WS" -type f -not -path '*/.*' -printf '%s\n' | awk '{s+=$1} END{print s+0}')"

# ---------------------------------------------------------------------- timing ----
RG_CMD=(rg --no-ignore-messages -c '\b(RM|BRIEF|REQ|DES|TC|RB)-[A-Za-z0-9]+(-[A-Za-z0-9]+)*' "$WS")
# `--root`: bench/out/ws has no throughline.toml, so without it the root rule would find
# the repository's own, above it, and check the repository instead.
CHECK_CMD=("$BIN" check --root "$WS" --format json)
# Cold: no cache read or written (`--no-cache`, when the binary has it). Warm: the
# persistent cache under <root>/.throughline/cache/, filled by the untimed first run.
HAS_CACHE=0
if "$BIN" check --help 2>/dev/null | grep -q -- --no-cache; then HAS_CACHE=1; fi
if ((HAS_CACHE)); then
    COLD_CMD=("${CHECK_CMD[@]}" --no-cache)
else
    COLD_CMD=("${CHECK_CMD[@]}")
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# run_once NAME OK_CODES STDOUT_FILE CMD...  -> prints "<wall seconds> <maxrss KB>"
run_once() {
    local name="$1" ok="$2" out="$3"; shift 3
    local tf="$TMP/time" ef="$OUT/$name.stderr" rc t0 t1
    t0="$(date +%s%N)"
    set +e
    /usr/bin/time -f '%e %M' -o "$tf" "$@" >"$out" 2>"$ef"
    rc=$?
    set -e
    t1="$(date +%s%N)"
    if [[ " $ok " != *" $rc "* ]]; then
        echo "bench/run.sh: error: '$*' exited with status $rc (expected one of: $ok)" >&2
        echo "--- last lines of $ef:" >&2
        tail -n 20 "$ef" >&2 || true
        exit 1
    fi
    # With a non-zero exit, GNU time writes "Command exited with non-zero status N" first.
    local last rss
    last="$(tail -n 1 "$tf")"
    rss="${last##* }"
    is_uint "$rss" || die "could not read /usr/bin/time output for $name: $(cat "$tf")"
    awk -v a="$t0" -v b="$t1" -v r="$rss" 'BEGIN { printf "%.4f %d\n", (b - a) / 1e9, r }'
}

# bench NAME OK_CODES CMD...  -> one warm-up, then RUNS timed runs; prints "median_s maxrss_kb"
bench() {
    local name="$1" ok="$2"; shift 2
    log "$name: warm-up"
    # Keep the warm-up's output for inspection (rg: per-file counts; check: JSON report).
    run_once "$name" "$ok" "$OUT/$name.out" "$@" >/dev/null
    : >"$OUT/$name.runs"
    local i
    for ((i = 1; i <= RUNS; i++)); do
        run_once "$name" "$ok" /dev/null "$@" >>"$OUT/$name.runs"
        log "$name: run $i/$RUNS: $(tail -n 1 "$OUT/$name.runs" | awk '{printf "%.3f s, %.1f MB", $1, $2 / 1024}')"
    done
    sort -n -k1,1 "$OUT/$name.runs" | awk '
        { t[NR] = $1; if ($2 > m) m = $2 }
        END {
            med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
            printf "%.4f %d\n", med, m
        }'
}

# rg exits 1 when nothing matches; check exits 1 when it reports errors. Both are fine.
read -r rg_med rg_rss < <(bench rg "0 1" "${RG_CMD[@]}") || die "rg benchmark failed"
rm -rf "$WS/.throughline"
read -r ck_med ck_rss < <(bench check "0 1" "${COLD_CMD[@]}") || die "throughline check benchmark failed"
if ((HAS_CACHE)); then
    rm -rf "$WS/.throughline"
    read -r wm_med wm_rss < <(bench check-warm "0 1" "${CHECK_CMD[@]}") || die "warm check benchmark failed"
fi

div() { awk -v c="$1" -v r="$2" 'BEGIN { if (r > 0) printf "%.1f", c / r; else print "n/a" }'; }
ratio="$(div "$ck_med" "$rg_med")"
rss_ratio="$(div "$ck_rss" "$rg_rss")"

rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain -- server Cargo.toml Cargo.lock 2>/dev/null)" ]]; then rev="$rev+dirty"; fi

{
    echo "## throughline check benchmark"
    echo
    echo "Workspace: \`$WS\`: $ws_files files, $(awk -v b="$ws_bytes" 'BEGIN{printf "%.1f MB", b/1e6}')" \
         "(generator args: ${GEN_ARGS[*]:-defaults}). Median of $RUNS runs after one warm-up."
    echo
    echo "| tool | median s | max RSS MB | / rg (wall) |"
    echo "| --- | ---: | ---: | ---: |"
    printf '| rg (baseline) | %.3f | %.1f | 1.0x |\n' "$rg_med" "$(awk -v k="$rg_rss" 'BEGIN{print k/1024}')"
    if ((HAS_CACHE)); then
        printf '| throughline check, cold (`--no-cache`) | %.3f | %.1f | **%sx** |\n' "$ck_med" "$(awk -v k="$ck_rss" 'BEGIN{print k/1024}')" "$ratio"
        printf '| throughline check, warm (cache filled) | %.3f | %.1f | **%sx** |\n' "$wm_med" "$(awk -v k="$wm_rss" 'BEGIN{print k/1024}')" "$(div "$wm_med" "$rg_med")"
    else
        printf '| throughline check (no cache in this binary) | %.3f | %.1f | **%sx** |\n' "$ck_med" "$(awk -v k="$ck_rss" 'BEGIN{print k/1024}')" "$ratio"
        echo "| throughline check, warm | n/a | n/a | n/a (\`check --help\` has no \`--no-cache\`) |"
    fi
    echo
    echo "check/rg (cold): **${ratio}x** wall time, ${rss_ratio}x max RSS."
    findings_n="$(python3 -c '
import collections, json, sys
d = json.load(open(sys.argv[1]))["diagnostics"]
c = collections.Counter(x["code"] for x in d)
rel = sum(len(x["related"]) for x in d)
print("%d (%s; %d related locations)" % (len(d), ", ".join("%d %s" % (n, k) for k, n in sorted(c.items())), rel))
' "$OUT/check.out" 2>/dev/null || echo '?')"
    echo "Findings in the report: $findings_n."
    echo
    echo "Machine: $(nproc) CPUs, $(uname -sr); $(rg --version 2>/dev/null | sed -n 1p); throughline at $rev."
    echo "Per-run \`seconds maxrss_kb\`: rg [$(paste -sd, "$OUT/rg.runs" | sed 's/,/; /g')]," \
         "check [$(paste -sd, "$OUT/check.runs" | sed 's/,/; /g')]$( ((HAS_CACHE)) && echo ", warm [$(paste -sd, "$OUT/check-warm.runs" | sed 's/,/; /g')]")."
} | tee "$RESULTS"

log "results written to $RESULTS"
