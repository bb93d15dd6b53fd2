#!/usr/bin/env bash
# Opens throughline's HTML report in headless Chromium (report.test.mjs) and checks it.
# Installs what it needs, idempotently: Debian's chromium and npm, then `npm ci` here.
# Environment: THROUGHLINE_BIN (default target/debug/throughline, built if missing),
# UPDATE_DOCS=1 copies the screenshots into docs/images/.
# Screenshots: tests/report/artifacts/. Last line: "report: N passed, M failed".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
if ((${#need[@]})); then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${need[@]}"
fi
bin="${THROUGHLINE_BIN:-$repo/target/debug/throughline}"
[ -x "$bin" ] || (cd "$repo" && cargo build --locked)
(cd "$here" && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error; })
mkdir -p "$here/artifacts"
node "$here/report.test.mjs" "$bin" "$here/artifacts"
if [ "${UPDATE_DOCS:-}" = 1 ]; then
    mkdir -p "$repo/docs/images"
    cp "$here/artifacts/report-overview.png" "$here/artifacts/report-chain.png" "$here/artifacts/report-suspects.png" \
        "$here/artifacts/report-matrix.png" "$repo/docs/images/"
fi
