#!/usr/bin/env bash
# What tracker scanning adds to `check` on the large synthetic workspace (bench/out/ws,
# made by bench/run.sh or here by bench/gen_workspace.py): `check` with no tracker, with a
# Jira tracker on its default pattern (the widest regex; the workspace has no keys, so
# this is the cost of looking), and with keys written: a `Tracks:` line in every tenth
# code file and a key in every requirement's text, with an export giving half of them
# Done.
# Usage: bench/tracker_bench.sh [--bin PATH] [--runs N]. Works on a copy; bench/out/ws is
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
[ -d bench/out/ws ] || python3 bench/gen_workspace.py bench/out/ws
[ -x "$bin" ] || cargo build --release -q -p throughline
ws=bench/out/tracker-ws
rm -rf "$ws"
cp -r bench/out/ws "$ws"

# Median wall milliseconds and max RSS (KiB) of `$runs` runs of "$@" (exit codes 0 and 1 pass).
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
check() { "$bin" check --root "$ws" --format json; }
# /usr/bin/time runs programs, not shell functions.
cmd=("$bin" check --root "$ws" --format json)

check >/dev/null 2>&1 || true   # warm the page cache
read -r t_none m_none < <(measure "${cmd[@]}")

cat >> "$ws/throughline.toml" <<'TOML'

[trackers.jira]
url = "https://acme.atlassian.net/browse/{key}"
export = "tracker/jira.json"
TOML
mkdir -p "$ws/tracker"
echo '{"issues": []}' > "$ws/tracker/jira.json"
read -r t_idle m_idle < <(measure "${cmd[@]}")

# Keys written: a `Tracks:` line under every tenth code file's first annotation, and a
# key at the end of every requirement heading's next line.
python3 - "$ws" <<'PY'
import json, pathlib, re, sys
ws = pathlib.Path(sys.argv[1])
n = 0
for i, p in enumerate(sorted(ws.rglob("*"))):
    if not p.is_file() or p.suffix not in {".rs", ".py", ".ts", ".go", ".java"} or i % 10:
        continue
    text = p.read_text()
    marker = "#" if p.suffix == ".py" else "//"
    new = re.sub(r"^(\s*)(#|//) (Implements|Verifies): ([^\n]*)$",
                 lambda m: f"{m.group(0)}\n{m.group(1)}{marker} Tracks: PAY-{i}",
                 text, count=1, flags=re.M)
    if new != text:
        p.write_text(new)
        n += 1
keys = []
for p in sorted(ws.rglob("*.md")):
    text = p.read_text()
    def add(m):
        keys.append(f"PAY-{100000 + len(keys)}")
        return f"{m.group(0)}\nSee {keys[-1]}."
    new = re.sub(r"^#+ REQ-[0-9]+:[^\n]*$", add, text, flags=re.M)
    if new != text:
        p.write_text(new)
issues = [{"key": k, "fields": {"summary": "work", "status": {"name": "Done" if j % 2 else "To Do",
          "statusCategory": {"key": "done" if j % 2 else "new"}}}} for j, k in enumerate(keys)]
(ws / "tracker" / "jira.json").write_text(json.dumps({"issues": issues}))
print(f"{n} Tracks: lines, {len(keys)} keys in requirements", file=sys.stderr)
PY
read -r t_keys m_keys < <(measure "${cmd[@]}")
found=$(check 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin)["diagnostics"]; print(sum(1 for x in d if x["code"]=="closed-unverified"))' || echo "?")

echo "| \`check\` on the synthetic workspace | median of $runs | max RSS |"
echo "|---|---|---|"
row "no tracker" "$t_none" "$m_none"
row "a Jira tracker (default pattern), no keys in the files" "$t_idle" "$m_idle"
row "keys written (Tracks: lines, a key per requirement, export), $found closed-unverified" "$t_keys" "$m_keys"
