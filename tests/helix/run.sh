#!/usr/bin/env bash
# Checks the Helix configuration (see test_languages.py for what it can and cannot check
# without Helix). The last line is "helix: N passed, M failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export THROUGHLINE_BIN="${THROUGHLINE_BIN:-$PWD/target/debug/throughline}"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
rc=0
python3 -m unittest -v tests/helix/test_languages.py >"$out" 2>&1 || rc=$?
[ "$rc" = 0 ] || cat "$out"
run=$(grep -oE '^Ran [0-9]+ test' "$out" | grep -oE '[0-9]+' || echo 0)
bad=$(grep -cE '\.\.\. (FAIL|ERROR)$|^(FAIL|ERROR): ' "$out" || true)
if [ "$rc" != 0 ] && [ "$bad" = 0 ]; then bad=1; fi
echo "helix: $((run - bad)) passed, $bad failed"
exit $rc
