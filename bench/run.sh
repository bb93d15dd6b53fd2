#!/usr/bin/env bash
# Benchmark `throughline check` against a ripgrep baseline on a large synthetic workspace.
#
# Usage: bench/run.sh [--files N] [--reqs N] [--annotations N] [--seed N]
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
ws_files="$(find "$WS" -type f -not -name '.*' | wc -l)"
ws_bytes="$(find "$WS" -type f -not -name '.*' -printf '%s\n' | awk '{s+=$1} END{print s+0}')"

# ---------------------------------------------------------------------- timing ----
RG_CMD=(rg --no-ignore-messages -c '\b(RM|BRIEF|REQ|DES|TC|RB)-[A-Za-z0-9]+(-[A-Za-z0-9]+)*' "$WS")
# `--root`: bench/out/ws has no throughline.toml, so without it the root rule would find
# the repository's own, above it, and check the repository instead.
CHECK_CMD=("$BIN" check --root "$WS" --format json)

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
read -r ck_med ck_rss < <(bench check "0 1" "${CHECK_CMD[@]}") || die "throughline check benchmark failed"

ratio="$(awk -v c="$ck_med" -v r="$rg_med" 'BEGIN { if (r > 0) printf "%.1f", c / r; else print "n/a" }')"
rss_ratio="$(awk -v c="$ck_rss" -v r="$rg_rss" 'BEGIN { if (r > 0) printf "%.1f", c / r; else print "n/a" }')"

rev="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain -- server Cargo.toml Cargo.lock 2>/dev/null)" ]]; then rev="$rev+dirty"; fi

{
    echo "## throughline check benchmark"
    echo
    echo "Workspace: \`$WS\`: $ws_files files, $(awk -v b="$ws_bytes" 'BEGIN{printf "%.1f MB", b/1e6}')" \
         "(generator args: ${GEN_ARGS[*]:-defaults}). Median of $RUNS runs after one warm-up."
    echo
    echo "| tool | median s | max RSS MB |"
    echo "| --- | ---: | ---: |"
    printf '| rg (baseline) | %.3f | %.1f |\n' "$rg_med" "$(awk -v k="$rg_rss" 'BEGIN{print k/1024}')"
    printf '| throughline check | %.3f | %.1f |\n' "$ck_med" "$(awk -v k="$ck_rss" 'BEGIN{print k/1024}')"
    echo
    echo "check/rg: **${ratio}x** wall time, ${rss_ratio}x max RSS."
    echo
    echo "Machine: $(nproc) CPUs, $(uname -sr); $(rg --version 2>/dev/null | sed -n 1p); throughline at $rev."
    echo "Per-run \`seconds maxrss_kb\`: rg [$(paste -sd, "$OUT/rg.runs" | sed 's/,/; /g')]," \
         "check [$(paste -sd, "$OUT/check.runs" | sed 's/,/; /g')]."
} | tee "$RESULTS"

log "results written to $RESULTS"
