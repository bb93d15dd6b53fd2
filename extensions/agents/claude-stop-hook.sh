#!/bin/sh
# Claude Code `Stop` hook: the agent may not stop while its change introduces findings.
# Implements: REQ-AGENT-HOOKS
#
# Runs `throughline check --base "$THROUGHLINE_BASE"` (default HEAD: what the working tree
# adds to the last commit) and maps its exit code to what Claude Code expects of a hook:
#   0 (nothing introduced)      -> 0: the agent stops;
#   1 (findings introduced)     -> 2: stopping is blocked and stderr, the findings, is fed
#                                     back to the model, which goes on and fixes them;
#   2 (usage error: no git, an unknown or shallow revision, a broken config)
#                               -> 2 as well, so the agent sees the message and can act on
#                                     it or report it; it never passes silently;
#   the binary missing          -> 1: a non-blocking error, shown to the user only.
# Warnings count too (`--deny warnings`); THROUGHLINE_ARGS replaces that. Set THROUGHLINE
# to the binary if it is not on PATH. See docs/agents.md.

# The hook's JSON payload (session, transcript, stop_hook_active) changes nothing here:
# the findings are the same whoever asks, so a second stop is judged like the first.
cat >/dev/null

bin="${THROUGHLINE:-throughline}"
base="${THROUGHLINE_BASE:-HEAD}"
args="${THROUGHLINE_ARGS:---deny warnings}"
if ! command -v "$bin" >/dev/null 2>&1; then
    echo "throughline Stop hook: '$bin' not found; install throughline or set THROUGHLINE" >&2
    exit 1
fi
cd "${CLAUDE_PROJECT_DIR:-.}" || exit 1
# shellcheck disable=SC2086 # THROUGHLINE_ARGS is a list of words.
report="$("$bin" check --base "$base" --color never $args 2>&1)"
status=$?
case $status in
    0) exit 0 ;;
    1)
        {
            echo "throughline: this change introduces findings since $base. Fix them before"
            echo "stopping (annotate code with 'Implements: ID', tests with 'Verifies: ID'):"
            echo
            echo "$report"
        } >&2
        exit 2
        ;;
    *)
        {
            echo "throughline check --base $base could not run (exit code $status):"
            echo "$report"
        } >&2
        exit 2
        ;;
esac
