#!/usr/bin/env bash
# Builds the extension's two VSIX files:
#   vsix/throughline-linux-x64-VERSION.vsix  the release binary inside (bin/throughline)
#   vsix/throughline-VERSION.vsix            universal: finds throughline through the
#                                            setting, THROUGHLINE_PATH or PATH
#
# Usage: extensions/vscode/scripts/package.sh [--binary PATH] [--out DIR]
#   --binary PATH  the throughline binary to bundle; default: build target/release/throughline
#   --out DIR      where the VSIX files go; default: extensions/vscode/vsix
#
# Needs Node >= 22 (vsce) and the extension's node_modules (npm ci), which it installs
# when missing.
set -euo pipefail

ext="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$ext/../.." && pwd)"
binary=""
out="$ext/vsix"
while (($#)); do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

if [ -z "$binary" ]; then
    (cd "$repo" && cargo build --release -p throughline --locked)
    binary="$repo/target/release/throughline"
fi
[ -x "$binary" ] || { echo "package.sh: $binary is not an executable" >&2; exit 1; }

cd "$ext"
[ -d node_modules ] || npm ci --no-audit --no-fund
npx --no-install tsc -p . --noEmit
node scripts/build.mjs --production

version="$(node -p "require('./package.json').version")"
mkdir -p "$out"
vsce() {
    # The bundle holds every dependency, so vsce need not list node_modules; the README
    # keeps relative links (media/ ships inside the VSIX).
    npx --no-install vsce package --no-dependencies --allow-missing-repository \
        --no-rewrite-relative-links "$@"
}

# Platform-specific: the binary (without debug info) in bin/, found by the extension
# before PATH.
trap 'rm -rf "$ext/bin"' EXIT
rm -rf bin && mkdir bin
strip -o bin/throughline "$binary" 2>/dev/null || cp "$binary" bin/throughline
chmod 755 bin/throughline
vsce --target linux-x64 -o "$out/throughline-linux-x64-$version.vsix"

# Universal: no binary.
rm -rf bin
vsce -o "$out/throughline-$version.vsix"

ls -l "$out"/*.vsix
