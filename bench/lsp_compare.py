#!/usr/bin/env python3
"""One language server, one workspace, the edit both throughline and tracey answer the
same way: used by tracey_bench.sh to put the two side by side.

The edit: an annotation comment in a Python file gains a reference to an ID that does not
exist, a new one each edit (`, REQ-9000007` for throughline, ` r[impl req.9000007]` for
tracey), so each edit changes that file's diagnostics (unknown-ref / broken reference).
Latency is didChange → the first publishDiagnostics for that file that names the new ID. The file is the first Python
file of the throughline workspace that holds a `# Implements:` comment, the same path in
the twin.

Prints one JSON object: init → first publishDiagnostics and → end of the first burst,
edit p50/p99, the LSP process's memory and, for tracey, its daemon's (where the index is).

Usage: bench/lsp_compare.py --server throughline|tracey --cmd BIN --ws DIR --pick-from WS
                            [--edits 50]
"""
import argparse
import glob
import json
import os
import pathlib
import statistics
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from lsp_client import Lsp, pct  # noqa: E402

SYNTAX = {  # the annotation line to edit, and what each edit appends ({} = 9000000 + edit)
    "throughline": ("# Implements: REQ-", ", REQ-{}", "REQ-{}"),
    "tracey": ("# r[impl req.", " r[impl req.{}]", "req.{}"),
}


def tracey_daemon_pid():
    """The daemon's pid from its state dir (XDG_STATE_HOME is set by tracey_bench.sh)."""
    base = os.environ.get("XDG_STATE_HOME", os.path.expanduser("~/.local/state"))
    for f in glob.glob(os.path.join(base, "tracey", "*", "daemon.pid")):
        fields = dict(l.split("=", 1) for l in pathlib.Path(f).read_text().split() if "=" in l)
        pid = fields.get("pid", "")
        if pid.isdigit() and os.path.exists(f"/proc/{pid}"):
            return int(pid)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", choices=sorted(SYNTAX), required=True)
    ap.add_argument("--cmd", required=True, help="the binary (throughline or tracey)")
    ap.add_argument("--ws", required=True, help="the workspace to open")
    ap.add_argument("--pick-from", required=True, help="the throughline workspace the file is chosen in")
    ap.add_argument("--edits", type=int, default=50)
    args = ap.parse_args()
    ws = pathlib.Path(args.ws).resolve()
    src = pathlib.Path(args.pick_from).resolve()
    rel = next(p for p in sorted((src / "python").rglob("*.py")) if "# Implements: REQ-" in p.read_text()).relative_to(src)
    path = ws / rel
    marker, extra, token = SYNTAX[args.server]
    lines = path.read_text().split("\n")
    line = next(i for i, l in enumerate(lines) if l.lstrip().startswith(marker))
    orig = lines[line]

    cmd = [args.cmd, "lsp"] + ([str(ws)] if args.server == "tracey" else [])
    lsp = Lsp(cmd, cwd=str(ws))
    t0 = lsp.initialize(ws)
    first = lsp.wait_note(lambda m: m["method"] == "textDocument/publishDiagnostics", timeout=900)
    if first is None:
        sys.exit(f"{args.server}: no publishDiagnostics within 900 s")
    last, files = first[0], 1
    # tracey's bridge first clears diagnostics (empty lists); the first non-empty list is
    # the first result of an index.
    nonempty = first[0] if first[1]["params"]["diagnostics"] else None
    while True:  # the initial burst: until none arrives for 500 ms
        got = lsp.wait_note(lambda m: m["method"] == "textDocument/publishDiagnostics", timeout=0.5)
        if got is None:
            break
        last, files = got[0], files + 1
        if nonempty is None and got[1]["params"]["diagnostics"]:
            nonempty = got[0]
    lsp.wait_progress_done(timeout=600)
    make = lambda n: (orig + extra.format(9_000_000 + n), token.format(9_000_000 + n))
    lat = lsp.edit_latency(path, "python", line, make, args.edits, open_wait=1.0, timeout=120)
    rss, hwm = lsp.memory_kb()
    res = {
        "server": args.server, "file": str(rel), "edits": args.edits,
        "first_ms": (first[0] - t0) * 1e3, "burst_ms": (last - t0) * 1e3, "burst_files": files,
        "first_nonempty_ms": (nonempty - t0) * 1e3 if nonempty else None,
        "edit_p50_ms": statistics.median(lat) * 1e3, "edit_p99_ms": pct(lat, 99) * 1e3,
        "lsp_rss_mb": rss / 1024, "lsp_hwm_mb": hwm / 1024,
        "full_sync": lsp.full_sync(),
        "progress": [(p.title, (p.end - t0) * 1e3 if p.end else None) for p in lsp.progress.values()],
    }
    if args.server == "tracey":
        pid = tracey_daemon_pid()
        if pid:
            d_rss, d_hwm = lsp.memory_kb(pid)
            res.update(daemon_rss_mb=d_rss / 1024, daemon_hwm_mb=d_hwm / 1024)
    lsp.close()
    time.sleep(0.2)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
