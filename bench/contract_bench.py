#!/usr/bin/env python3
"""Contract benchmark: `check` time on the workspace from gen_contract.py, and the
language server's latency for an edit of the 5 MB contract and of a route file
(didChange → publishDiagnostics for that file).

Usage: bench/contract_bench.py [--bin target/release/throughline] [--ws bench/out/contract] [--edits 30]
"""
import argparse
import pathlib
import statistics
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from lsp_bench import Lsp, pct  # noqa: E402


def timed_check(bin_, ws, runs=5):
    times = []
    for _ in range(runs + 1):
        t = time.perf_counter()
        subprocess.run([bin_, "check", str(ws)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times[1:])


def edit_latency(lsp, uri, text, line_no, make_line, edits):
    lines = text.split("\n")
    lsp.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    lsp.wait_note(lambda m: False, timeout=1.0)
    lat, version = [], 1
    for i in range(edits):
        version += 1
        old = lines[line_no]
        new = make_line(i)
        lines[line_no] = new
        sent = lsp.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line_no, "character": 0}, "end": {"line": line_no, "character": len(old)}}, "text": new}],
        })
        got = lsp.wait_note(lambda m: m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
        if got is None:
            sys.exit(f"no diagnostics after edit {i}")
        lat.append(got[0] - sent)
    return lat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/throughline")
    ap.add_argument("--ws", default="bench/out/contract")
    ap.add_argument("--edits", type=int, default=30)
    args = ap.parse_args()
    ws = pathlib.Path(args.ws).resolve()
    spec = ws / "api/openapi.yaml"
    if not spec.exists():
        sys.exit(f"{ws} has no contract: run bench/gen_contract.py {args.ws}")
    t_check = timed_check(args.bin, ws)
    uri = lambda p: "file://" + str(p)
    lsp = Lsp([args.bin, "lsp"])
    t0 = time.perf_counter()
    lsp.request("initialize", {"processId": None, "rootUri": uri(ws), "capabilities": {}})
    lsp.notify("initialized", {})
    lsp.request("workspace/symbol", {"query": "op1"})
    t_index = time.perf_counter() - t0
    # Each spec edit toggles one operation's `x-requirements` (an `untraced` warning comes
    # and goes), so the contract's diagnostics change every time.
    text = spec.read_text()
    lines = text.split("\n")
    target = next(i for i, l in enumerate(lines) if l.startswith("      x-requirements:"))
    orig_req = lines[target]
    spec_lat = edit_latency(lsp, uri(spec), text, target, lambda i: orig_req.replace("x-requirements", "x-notes") if i % 2 == 0 else orig_req, args.edits)
    route = ws / "express/routes/r0.js"
    rtext = route.read_text()
    rlines = rtext.split("\n")
    rt = next(i for i, l in enumerate(rlines) if l.startswith("router."))
    orig = rlines[rt]
    route_lat = edit_latency(lsp, uri(route), rtext, rt, lambda i: orig.replace("/r", "/x", 1) if i % 2 == 0 else orig, args.edits)
    rss, hwm = lsp.memory_kb()
    lsp.request("shutdown", None)
    lsp.notify("exit", None)
    ms = lambda s: f"{s * 1000:.0f}"
    size = spec.stat().st_size / 1e6
    rows = [
        (f"check (contract {size:.1f} MB + 2,000 route files), median of 5", ms(t_check) + " ms"),
        ("lsp initialize → indexed", ms(t_index) + " ms"),
        ("edit of the contract → its diagnostics, p50 / p99", f"{ms(statistics.median(spec_lat))} / {ms(pct(spec_lat, 99))} ms"),
        ("edit of a route file → its diagnostics, p50 / p99", f"{ms(statistics.median(route_lat))} / {ms(pct(route_lat, 99))} ms"),
        ("server memory (RSS / peak)", f"{rss // 1024} / {hwm // 1024} MB"),
    ]
    out = ["| measure | value |", "| --- | ---: |"] + [f"| {a} | {b} |" for a, b in rows]
    print("\n".join(out))
    (pathlib.Path("bench/out") / "contract-results.md").write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
