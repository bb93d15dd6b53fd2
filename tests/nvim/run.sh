#!/usr/bin/env bash
# Runs the headless Neovim test against the built binary, on a scratch copy of the demo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v nvim >/dev/null || { echo "nvim is not installed (scripts/test.sh installs it)" >&2; exit 1; }
bin="${THROUGHLINE_BIN:-$PWD/target/debug/throughline}"
[ -x "$bin" ] || { echo "no binary at $bin; run cargo build first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r examples/payments "$work/payments"
ws="$(cd "$work/payments" && pwd -P)"
THROUGHLINE_BIN="$bin" WORKSPACE="$ws" timeout 120 nvim --headless --clean -n -c "luafile tests/nvim/lsp_test.lua"
