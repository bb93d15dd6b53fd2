#!/usr/bin/env bash
# Drives `throughline mcp` with the official MCP Python SDK (pinned below), installed into
# a virtualenv under target/ that later runs reuse. The last line is "mcp: N passed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export THROUGHLINE_BIN="${THROUGHLINE_BIN:-$PWD/target/debug/throughline}"
SDK_VERSION="2.3.0"
venv="$PWD/target/mcp-venv"
if ! "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('mcp') == '$SDK_VERSION'" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "mcp==$SDK_VERSION"
fi
"$venv/bin/python" tests/mcp/test_client.py
