#!/usr/bin/env bash
# Installs what the tests need and runs every test. `.ci/run` calls this script, so a
# green run here is a green CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n==> %s\n' "$*"; }

step "system packages the tests need"
need=()
command -v nvim >/dev/null 2>&1 || need+=(neovim)
command -v emacs >/dev/null 2>&1 || need+=(emacs-nox)
# Eglot for Emacs 28 (built in from 29) and markdown-mode, for tests/emacs.
for pkg in elpa-eglot elpa-markdown-mode; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${need[@]}"
fi

step "toolchain components"
if command -v rustup >/dev/null 2>&1; then
    rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

step "cargo test (unit, CLI and language-server tests)"
# insta never rewrites snapshots here: a mismatch fails the run.
INSTA_UPDATE=no cargo test --workspace --locked 2>&1 | tee -a "$log"

step "MCP: the official Python SDK against throughline mcp"
bash tests/mcp/run.sh 2>&1 | tee -a "$log"

step "the HTML report in headless Chromium"
bash tests/report/run.sh 2>&1 | tee -a "$log"

step "evidence: real pytest, Jest and Vitest results through check and status"
bash tests/evidence/run.sh 2>&1 | tee -a "$log"

step "headless Neovim 0.7 and 0.11 with the plugin in extensions/nvim"
bash tests/nvim/run.sh 2>&1 | tee -a "$log"

step "Helix: the languages.toml and its server entry"
bash tests/helix/run.sh 2>&1 | tee -a "$log"

step "batch Emacs: Eglot with extensions/emacs/throughline.el"
bash tests/emacs/run.sh 2>&1 | tee -a "$log"

step "VS Code: the extension in code-server under headless Chromium"
# The debug binary is bundled into the VSIX (stripped), so no release build is needed.
THROUGHLINE_BIN="$PWD/target/debug/throughline" bash tests/vscode/run.sh 2>&1 | tee -a "$log"

step "throughline checks its own repository"
./target/debug/throughline check . --deny warnings

passed=$(grep -aoE '(test result: ok\. |^(nvim|helix|emacs|vscode|mcp|report|evidence): )[0-9]+ passed' "$log" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }')
step "all tests passed"
echo "summary: ${passed} passed, 0 failed"
