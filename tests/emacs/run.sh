#!/usr/bin/env bash
# Runs throughline-test.el in batch Emacs against the built binary, on a scratch copy of
# the demo. Needs Debian's emacs-nox, elpa-eglot (Eglot for Emacs 28) and
# elpa-markdown-mode (scripts/test.sh installs them). The last line is
# "emacs: N passed, M failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v emacs >/dev/null || { echo "emacs is not installed (scripts/test.sh installs it)" >&2; exit 1; }
bin="${THROUGHLINE_BIN:-$PWD/target/debug/throughline}"
[ -x "$bin" ] || { echo "no binary at $bin; run cargo build first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The demo sits in a folder of a Git repository (a bare .git folder is enough for
# project.el's VC backend): the server's root must still be the folder that holds
# throughline.toml, not the repository.
mkdir -p "$work/repo/.git"
cp -r examples/payments "$work/repo/payments"
ws="$(cd "$work/repo/payments" && pwd -P)"
# HOME in the scratch folder: no user init, no ~/.emacs.d state from earlier runs.
# Emacs's own messages (stderr) are shown only when the test fails.
rc=0
HOME="$work" REPO="$PWD" THROUGHLINE_BIN="$bin" WORKSPACE="$ws" timeout 180 \
    emacs --batch -l tests/emacs/throughline-test.el 2>"$work/messages" | tee "$work/out" || rc=$?
if [ "$rc" != 0 ]; then
    echo "--- Emacs messages:"
    cat "$work/messages"
    grep -q '^emacs: ' "$work/out" || echo "emacs: 0 passed, 1 failed (exit code $rc)"
fi
exit $rc
