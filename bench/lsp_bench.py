#!/usr/bin/env python3
"""Language-server benchmark: drives `throughline lsp` over stdio on the synthetic workspace.

Measures, on one workspace (made by gen_workspace.py, generated on demand):
  - time from `initialize` to the first publishDiagnostics, to the end of the first burst
    (all initial diagnostics delivered), to the indexed snapshot (a workspace/symbol
    answer), and to the end of each `$/progress` the server reports (indexing, symbols);
  - p50/p99 latency from a `didChange` in a requirements file to the resulting
    `publishDiagnostics` for that file naming it (each edit adds a new unknown upstream
    ID, so every change changes the diagnostics);
  - the same for an annotation in a Python file (a new unknown-ref each edit);
  - p50/p99 latency of hover and definition on an annotation in a code file;
  - the server's resident memory (VmRSS and peak VmHWM);
  - with --contract-edits N: a second session on a workspace with a ~1 MB OpenAPI
    document (gen_contract.py), N edits of that document, p50/p99 to its diagnostics.

Usage: bench/lsp_bench.py [--bin target/release/throughline] [--files 10000] [--findings]
                          [--ws DIR] [--edits 200] [--queries 200] [--contract-edits 0]
"""
import argparse
import hashlib
import json
import os
import pathlib
import statistics
import subprocess
import sys
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from lsp_client import Lsp, pct, uri  # noqa: E402,F401  (contract_bench imports Lsp, pct from here)

OUT = HERE / "out"
DEFAULT_FILES = 10_000


def gen_args(files, findings, reqs=None, annotations=None):
    """Generator arguments for a size; requirements and annotations scale with the files
    (5,000 and 50,000 at 10,000 files), so a larger tree is the same tree, only more of it."""
    args = []
    if files != DEFAULT_FILES:
        args += ["--files", str(files)]
        args += ["--reqs", str(reqs or max(1, files // 2)), "--annotations", str(annotations or files * 5)]
    if findings:
        args.append("--findings")
    return args


def ensure_ws(files, findings):
    """bench/out/ws for the default size (with run.sh's stamp), bench/out/ws-N[-findings]
    otherwise; regenerated when the arguments or the generator changed."""
    args = gen_args(files, findings)
    name = "ws" if files == DEFAULT_FILES else f"ws-{files}"
    name += "-findings" if findings else ""
    ws, stamp = OUT / name, OUT / f"{name}.stamp"
    gen = HERE / "gen_workspace.py"
    # The same stamp format as run.sh, so the two reuse each other's trees.
    flag_args = [a for a in args if a != "--findings"]
    shown = " ".join(flag_args + (["--findings"] if findings else []))
    want = f"args={shown} generator={hashlib.sha256(gen.read_bytes()).hexdigest()}"
    if ws.is_dir() and stamp.is_file() and stamp.read_text().strip() == want:
        return ws
    OUT.mkdir(exist_ok=True)
    print(f"generating {ws} ({shown or 'defaults'})", file=sys.stderr)
    stamp.unlink(missing_ok=True)
    subprocess.run([sys.executable, str(gen), str(ws), "--force"] + args, check=True, stdout=sys.stderr)
    stamp.write_text(want + "\n")
    return ws


def ensure_contract(mb):
    """A workspace with one OpenAPI document of about `mb` MB (5.6 KB per operation)."""
    ops = max(2, int(mb * 1e6 / 5600) // 2 * 2)
    ws = OUT / f"contract-{ops}ops"
    if not (ws / "api/openapi.yaml").is_file():
        subprocess.run([sys.executable, str(HERE / "gen_contract.py"), str(ws), "--ops", str(ops),
                        "--files", str(2 * ops)], check=True, stdout=sys.stderr)
    return ws


def start(bin_, ws, log=None):
    cmd = [bin_, "lsp"] + (["--log-file", log] if log else [])
    lsp = Lsp(cmd)
    result = {}
    t0 = lsp.initialize(ws)
    # The indexed snapshot: workspace/symbol is answered from it. Asked at once, from a
    # thread, while this one counts the initial publishDiagnostics.
    def symbol():
        dt, _ = lsp.request("workspace/symbol", {"query": "REQ-1"})
        result["index"] = time.perf_counter() - t0
    th = threading.Thread(target=symbol, daemon=True)
    th.start()
    first = lsp.wait_note(lambda m: m["method"] == "textDocument/publishDiagnostics", timeout=600)
    if first is None:
        sys.exit("no publishDiagnostics within 600 s of initialize")
    last, files = first[0], 1
    # The initial burst: publishes until none arrives for 500 ms.
    while True:
        got = lsp.wait_note(lambda m: m["method"] == "textDocument/publishDiagnostics", timeout=0.5)
        if got is None:
            break
        last, files = got[0], files + 1
    th.join(600)
    lsp.wait_progress_done(timeout=600)
    result.update(first=first[0] - t0, burst=last - t0, files=files,
                  progress=[(p.title, p.end - t0 if p.end else None, len(p.reports)) for p in lsp.progress.values()])
    return lsp, result


def new_id_line(lines, pred, extra):
    """Index of the first line matching `pred`, and a make_line for Lsp.edit_latency: edit n
    appends `extra` with a new unknown ID (9000000 + n), which the diagnostics then name."""
    i = next(k for k, l in enumerate(lines) if pred(l))
    orig = lines[i]
    return i, (lambda n: (orig + extra.format(9_000_000 + n), extra.format(9_000_000 + n).split()[-1].strip(",]")))


def main_session(args, ws, log):
    lsp, r = start(args.bin, ws, log)
    prd = ws / "docs/prd/prd-01.md"
    line, make = new_id_line(prd.read_text().split("\n"), lambda l: l.startswith("Derives from: "), ", BRIEF-{}")
    r["md_edit"] = lsp.edit_latency(prd, "markdown", line, make, args.edits, open_wait=0.3)
    code = next(p for p in sorted((ws / "python").rglob("*.py")) if "# Implements: REQ-" in p.read_text())
    code_lines = code.read_text().split("\n")
    line, make = new_id_line(code_lines, lambda l: l.lstrip().startswith("# Implements: REQ-"), ", REQ-{}")
    r["code_edit"] = lsp.edit_latency(code, "python", line, make, args.edits, open_wait=0.3)
    col = code_lines[line].index("REQ-") + 1
    pos = {"textDocument": {"uri": uri(code)}, "position": {"line": line, "character": col}}
    r["hover"], r["definition"] = [], []
    for _ in range(args.queries):
        dt, res = lsp.request("textDocument/hover", pos)
        assert res and "REQ-" in res["contents"]["value"], res
        r["hover"].append(dt)
        dt, res = lsp.request("textDocument/definition", pos)
        assert res, res
        r["definition"].append(dt)
    r["rss"], r["hwm"] = lsp.memory_kb()
    r["server_requests"] = sorted(set(lsp.server_requests))
    lsp.close()
    return r


def contract_session(args):
    ws = ensure_contract(args.contract_mb)
    spec = ws / "api/openapi.yaml"
    lsp, r = start(args.bin, ws)
    # Each edit names a new unknown requirement in one operation's `x-requirements`, so
    # the document's diagnostics change every time (an unknown-ref naming it).
    lines = spec.read_text().split("\n")
    i = next(k for k, l in enumerate(lines) if l.startswith("      x-requirements:"))
    make = lambda n: (f"      x-requirements: [REQ-{9_000_000 + n}]", f"REQ-{9_000_000 + n}")
    r["edit"] = lsp.edit_latency(spec, "yaml", i, make, args.contract_edits, open_wait=1.0)
    r["rss"], r["hwm"] = lsp.memory_kb()
    r["size_mb"] = spec.stat().st_size / 1e6
    lsp.close()
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/throughline")
    ap.add_argument("--ws", help="an existing generated workspace (default: made from --files/--findings)")
    ap.add_argument("--files", type=int, default=DEFAULT_FILES, help="source files (default 10000)")
    ap.add_argument("--findings", action="store_true", help="the generator's many-findings mode")
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--contract-edits", type=int, default=0, help="edits of the ~1 MB OpenAPI document (0: skip)")
    ap.add_argument("--contract-mb", type=float, default=1.0)
    ap.add_argument("--label", help="results file suffix (default from the workspace)")
    args = ap.parse_args()
    ws = pathlib.Path(args.ws).resolve() if args.ws else ensure_ws(args.files, args.findings)
    if not (ws / "docs").is_dir():
        sys.exit(f"{ws} is not a generated workspace")
    n_files = sum(1 for p in ws.rglob("*") if p.is_file() and not p.name.startswith("."))
    r = main_session(args, ws, os.environ.get("THROUGHLINE_BENCH_LOG"))
    c = contract_session(args) if args.contract_edits else None

    ms = lambda s: f"{s * 1000:.1f}" if s is not None else "n/a"
    pp = lambda v: f"{ms(statistics.median(v))} / {ms(pct(v, 99))} ms"
    rows = [
        ("initialize → first publishDiagnostics", ms(r["first"]) + " ms", ""),
        ("initialize → initial diagnostics delivered (burst end)", ms(r["burst"]) + " ms", f"{r['files']} files published"),
        ("initialize → indexed snapshot (workspace/symbol answered)", ms(r.get("index")) + " ms", ""),
    ]
    for title, end, reports in r["progress"]:
        rows.append((f"initialize → progress end: {title}", ms(end) + " ms", f"{reports} reports"))
    if not r["progress"]:
        rows.append(("$/progress", "none", "server reported no work-done progress"))
    rows += [
        ("didChange (requirements file) → publishDiagnostics p50 / p99", pp(r["md_edit"]), f"{args.edits} edits"),
        ("didChange (annotation in code) → publishDiagnostics p50 / p99", pp(r["code_edit"]), f"{args.edits} edits"),
        ("hover p50 / p99", pp(r["hover"]), f"{args.queries} requests"),
        ("definition p50 / p99", pp(r["definition"]), f"{args.queries} requests"),
        ("server memory (RSS / peak)", f"{r['rss'] // 1024} / {r['hwm'] // 1024} MB", ""),
    ]
    if c:
        rows += [
            (f"contract ({c['size_mb']:.1f} MB): initialize → burst end", ms(c["burst"]) + " ms", ""),
            (f"contract ({c['size_mb']:.1f} MB): didChange → publishDiagnostics p50 / p99", pp(c["edit"]), f"{args.contract_edits} edits"),
            ("contract session memory (RSS / peak)", f"{c['rss'] // 1024} / {c['hwm'] // 1024} MB", ""),
        ]
    head = f"Workspace `{ws}`: {n_files} files. Binary `{args.bin}`."
    out = [head, "", "| measure | value | note |", "| --- | ---: | --- |"] + [f"| {a} | {b} | {c_} |" for a, b, c_ in rows]
    print("\n".join(out))
    label = args.label or ("" if ws.name == "ws" else "-" + ws.name)
    OUT.mkdir(exist_ok=True)
    (OUT / f"lsp-results{label}.md").write_text("\n".join(out) + "\n")
    (OUT / f"lsp-results{label}.json").write_text(json.dumps({"ws": str(ws), "files": n_files, "main": r, "contract": c}) + "\n")


if __name__ == "__main__":
    main()
