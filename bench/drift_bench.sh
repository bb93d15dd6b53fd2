#!/usr/bin/env bash
# What drift detection adds on the large synthetic workspace (bench/out/ws, made by
# bench/run.sh): `check` without a lock, `review` writing the lock for every link, `check`
# with the lock (all links compared, every implementing definition fingerprinted), `check`
# with the same lock without its code fingerprints (`@` lines, as locks were before
# `changed-implementation`), `check` after one function body changed, and `check` after
# one requirement changed.
# Usage: bench/drift_bench.sh [--bin PATH] [--runs N]. Works on a copy; bench/out/ws is
# left untouched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=target/release/throughline
runs=5
while (($#)); do
    case "$1" in
        --bin) bin="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[ -d bench/out/ws ] || { echo "run bench/run.sh first (it generates bench/out/ws)" >&2; exit 1; }
[ -x "$bin" ] || cargo build --release -q -p throughline
ws=bench/out/drift-ws
rm -rf "$ws"
cp -r bench/out/ws "$ws"

# Median wall seconds and max RSS (KiB) of `$runs` runs of "$@" (exit codes 0 and 1 pass).
measure() {
    local times=() rss=0
    for _ in $(seq "$runs"); do
        local start end out
        start=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$ws.time" "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=("$(( (end - start) / 1000000 ))")
        out=$(tail -1 "$ws.time")
        if (( out > rss )); then rss=$out; fi
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    echo "$median $rss"
}

row() { printf '| %s | %s ms | %s MB |\n' "$1" "$2" "$(( $3 / 1024 ))"; }

"$bin" check --root "$ws" --format json >/dev/null 2>&1 || true   # warm the page cache
read -r t_plain m_plain < <(measure "$bin" check --root "$ws" --format json)
read -r t_review m_review < <(measure "$bin" review --root "$ws")
links=$(grep -c ' <- ' "$ws/throughline.lock")
bodies=$(grep -c '^[^#].* @ ' "$ws/throughline.lock" || true)
bytes=$(stat -c %s "$ws/throughline.lock")
read -r t_locked m_locked < <(measure "$bin" check --root "$ws" --format json)
cp "$ws/throughline.lock" "$ws.lock"
grep -v -e '^[^#].* @ ' -e '^file ' "$ws.lock" > "$ws/throughline.lock" || true
old_bytes=$(stat -c %s "$ws/throughline.lock")
read -r t_old m_old < <(measure "$bin" check --root "$ws" --format json)
cp "$ws.lock" "$ws/throughline.lock"
rs=$(grep -l 'Implements:' "$ws"/rust/crates/*/src/*.rs | head -1 || true)
# One token of the first annotated function: `usize = 0` becomes `usize = 1`.
perl -0pi -e 's/(Implements:[^\n]*\n[^{]*\{[^}]*?usize = )0;/${1}1;/' "$rs"
read -r t_code m_code < <(measure "$bin" check --root "$ws" --format json)
changed=$("$bin" check --root "$ws" --format json 2>/dev/null | grep -o '"code": *"changed-implementation"' | wc -l || true)
prd=$(ls "$ws"/docs/prd/*.md | head -1)
sed -i '0,/^## REQ-/{/^## REQ-/{n;s/$/ Changed./}}' "$prd"
read -r t_drift m_drift < <(measure "$bin" check --root "$ws" --format json)
suspect=$("$bin" check --root "$ws" --format json 2>/dev/null | grep -o '"code": *"suspect-link"' | wc -l || true)

{
    echo "| run ($runs runs, median) | wall | max RSS |"
    echo "|---|---|---|"
    row "check, no lock" "$t_plain" "$m_plain"
    row "review (writes the lock)" "$t_review" "$m_review"
    row "check with the lock" "$t_locked" "$m_locked"
    row "check with the lock minus its code fingerprints" "$t_old" "$m_old"
    row "check after one function body changed ($changed changed-implementation)" "$t_code" "$m_code"
    row "check after one REQ changed too ($suspect suspect links)" "$t_drift" "$m_drift"
    echo
    echo "Lock: $links links and $bodies code fingerprints, $(( bytes / 1024 )) KiB ($(( old_bytes / 1024 )) KiB without the fingerprints)."
} | tee bench/out/drift-results.md
