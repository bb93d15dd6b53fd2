#!/usr/bin/env bash
# Exports the three repositories of the portfolio demo, hands each export to the
# repositories that import it, checks all three and writes the product's report.
# Usage: bash examples/portfolio/run.sh [path/to/throughline]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:-$here/../../target/debug/throughline}"
[ -x "$bin" ] || { echo "build throughline first (cargo build), or pass its path" >&2; exit 2; }

publish() { # publish REPO TO...: export REPO into each TO's vendor/traces/
    local from="$1"; shift
    local out; out="$(mktemp)"
    "$bin" export "$here/$from" --output "$out"
    for to in "$@"; do
        mkdir -p "$here/$to/vendor/traces"
        cp "$out" "$here/$to/vendor/traces/$from.json"
    done
    rm -f "$out"
}

echo "==> the product's export goes to the services (their briefs live there)"
publish product checkout ledger
echo "==> the services' exports go to the product"
publish checkout product
publish ledger product

status=0
for repo in checkout ledger product; do
    echo "==> throughline check $repo"
    "$bin" check "$here/$repo" || status=$?
done
"$bin" report "$here/product" --output "$here/product/throughline-report.html"
exit "$status"
