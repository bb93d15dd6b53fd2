#!/usr/bin/env bash
# What `check --base` costs on the large synthetic workspace (bench/out/ws, made by
# bench/run.sh): the workspace is copied to a temporary git repository with two commits
# (the second changes a requirement and adds two annotations, one to an unknown ID), then
# `check`, `check --base HEAD~1` and `check --base HEAD` are timed, with the objects loose
# (as after `git commit`) and packed (as after `git gc` or in a CI clone).
# Usage: bench/base_bench.sh [--bin PATH] [--runs N]. bench/out/ws is left untouched;
# the temporary repository is removed at the end. The benchmark runs git to make the
# commits; throughline itself never does.
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
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ws="$tmp/ws"
cp -r bench/out/ws "$ws"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME="$tmp"
g() { git -C "$ws" -c user.name=bench -c user.email=bench@example.com -c commit.gpgsign=false "$@"; }
g init -q -b main
g add -A && g commit -q -m base
prd=$(ls "$ws"/docs/prd/*.md | head -1)
sed -i '0,/^## REQ-/{/^## REQ-/{n;s/$/ Changed./}}' "$prd"
src=$(find "$ws/python" -name '*.py' -not -path '*/tests/*' | sort | head -1)
printf '\n# Implements: REQ-1\ndef added_one():\n    pass\n\n# Implements: REQ-999999\ndef added_two():\n    pass\n' >> "$src"
g add -A && g commit -q -m change

# Median wall milliseconds, median CPU milliseconds (user + system) and max RSS (KiB) of
# `$runs` runs of "$@" (exit codes 0 and 1 pass). CPU time is the steadier figure on a
# shared machine.
measure() {
    local times=() cpus=() rss=0
    for _ in $(seq "$runs"); do
        local start end m u s
        start=$(date +%s%N)
        /usr/bin/time -f '%M %U %S' -o "$tmp/time" "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=("$(( (end - start) / 1000000 ))")
        read -r m u s < <(tail -1 "$tmp/time")
        cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }')")
        if (( m > rss )); then rss=$m; fi
    done
    local mid=$(( (runs + 1) / 2 ))
    echo "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "${mid}p")" \
        "$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")" "$rss"
}

row() { printf '| %s | %s ms | %s ms | %s MB |\n' "$1" "$2" "$3" "$(( $4 / 1024 ))"; }

"$bin" check "$ws" --format json >/dev/null 2>&1 || true   # warm the page cache
read -r t_plain c_plain m_plain < <(measure "$bin" check "$ws" --format json)
read -r t_loose c_loose m_loose < <(measure "$bin" check "$ws" --base HEAD~1 --format json)
new=$("$bin" check "$ws" --base HEAD~1 --format json 2>/dev/null | grep -c '"baseline": "new"' || true)
read -r t_head c_head m_head < <(measure "$bin" check "$ws" --base HEAD --format json)
g gc -q
read -r t_packed c_packed m_packed < <(measure "$bin" check "$ws" --base HEAD~1 --format json)
packs=$(du -sk "$ws/.git/objects/pack" | cut -f1)

{
    echo "| run ($runs runs, median) | wall | CPU | max RSS |"
    echo "|---|---|---|---|"
    row "check" "$t_plain" "$c_plain" "$m_plain"
    row "check --base HEAD~1, loose objects ($new new findings)" "$t_loose" "$c_loose" "$m_loose"
    row "check --base HEAD, loose objects (nothing new)" "$t_head" "$c_head" "$m_head"
    row "check --base HEAD~1, packed ($(( packs / 1024 )) MB of packs)" "$t_packed" "$c_packed" "$m_packed"
} | tee bench/out/base-results.md
