#!/usr/bin/env python3
"""The Kiro dialect at scale: a generated workspace with 50 features.

Each feature has 10 requirements of 5 acceptance criteria, a design with 5 properties,
a tasks.md with 20 tasks citing the criteria (half of them ticked done, one naming a
file that does not exist), and a test file with `Feature:`/`Validates:` markers for
half of the criteria. Measures:
  - `throughline check` wall time (median of --runs) on it;
  - in `throughline lsp`, the latency from a `didChange` in one feature's tasks.md
    (ticking and unticking the task that names a missing file, so every edit changes
    that file's `done-unverified` diagnostics) to the `publishDiagnostics` for it.

    python3 bench/dialect_bench.py [--bin target/release/throughline] [--edits 200]
"""

import argparse
import pathlib
import statistics
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from lsp_bench import Lsp, pct  # noqa: E402

FEATURES, REQS, CRITERIA, PROPS, TASKS = 50, 10, 5, 5, 20


def generate(ws: pathlib.Path):
    for f in range(FEATURES):
        name = f"feature-{f:02d}"
        d = ws / ".kiro/specs" / name
        d.mkdir(parents=True, exist_ok=True)
        req = ["# Requirements Document\n\n## Requirements\n"]
        for r in range(1, REQS + 1):
            req.append(f"\n### Requirement {r}: Capability {r} of {name}\n\n**User Story:** As a user, I want capability {r}, so that work gets done.\n\n#### Acceptance Criteria\n\n")
            for c in range(1, CRITERIA + 1):
                req.append(f"{c}. WHEN event {c} happens THEN the system SHALL respond within {c * 10} ms\n")
        (d / "requirements.md").write_text("".join(req))
        design = ["# Design Document\n\n## Correctness Properties\n"]
        for p in range(1, PROPS + 1):
            design.append(f"\n### Property {p}: Invariant {p}\n\nIt holds.\n\n**Validates: Requirements {p}.1, {p}.2**\n")
        (d / "design.md").write_text("".join(design))
        tasks = ["# Implementation Plan\n\n"]
        for t in range(1, TASKS + 1):
            r = (t - 1) % REQS + 1
            mark = "x" if t % 2 else " "
            path = "src/missing.py" if t == 1 else f"src/{name}/part_{t}.py"
            tasks.append(f"- [{mark}] {t}. Build part {t} in `{path}`\n  - _Requirements: {r}.1-{r}.{CRITERIA}_\n\n")
        (d / "tasks.md").write_text("".join(tasks))
        src = ws / "src" / name
        src.mkdir(parents=True, exist_ok=True)
        for t in range(2, TASKS + 1):
            (src / f"part_{t}.py").write_text(f"def part_{t}():\n    return {t}\n")
        tests = ws / "tests"
        tests.mkdir(exist_ok=True)
        body = [f"# Feature: {name}\n"]
        for r in range(1, REQS + 1, 2):
            body.append(f"\n\n# Validates: Requirements {r}.1-{r}.{CRITERIA}\ndef test_{r}():\n    pass\n")
        (tests / f"test_{name.replace('-', '_')}.py").write_text("".join(body))
    (ws / "throughline.toml").write_text("")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/throughline")
    ap.add_argument("--ws", default="bench/out/kiro-ws")
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    ws = pathlib.Path(args.ws).resolve()
    if not (ws / ".kiro/specs").is_dir():
        generate(ws)
    uri = lambda p: "file://" + str(p)

    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        out = subprocess.run([args.bin, "check", str(ws), "--format", "json"], capture_output=True)
        times.append(time.perf_counter() - t)
        if out.returncode not in (0, 1):
            sys.exit(out.stderr.decode())
    summary = out.stderr.decode().strip().splitlines()[-1]

    lsp = Lsp([args.bin, "lsp"])
    lsp.request("initialize", {
        "processId": None, "rootUri": uri(ws),
        "workspaceFolders": [{"uri": uri(ws), "name": "kiro"}],
        "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
    })
    lsp.notify("initialized", {})
    lsp.request("workspace/symbol", {"query": "x"})
    tasks = ws / ".kiro/specs/feature-07/tasks.md"
    text = tasks.read_text()
    lines = text.split("\n")
    target = next(i for i, l in enumerate(lines) if l.startswith("- [x] 1."))
    lsp.notify("textDocument/didOpen", {"textDocument": {"uri": uri(tasks), "languageId": "markdown", "version": 1, "text": text}})
    lsp.wait_note(lambda m: False, timeout=0.5)
    lat = []
    for i in range(args.edits):
        mark = " " if i % 2 == 0 else "x"
        sent = lsp.notify("textDocument/didChange", {
            "textDocument": {"uri": uri(tasks), "version": i + 2},
            "contentChanges": [{"range": {"start": {"line": target, "character": 3}, "end": {"line": target, "character": 4}}, "text": mark}],
        })
        got = lsp.wait_note(lambda m: m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri(tasks))
        if got is None:
            sys.exit(f"no diagnostics after edit {i}")
        lat.append(got[0] - sent)
    lsp.request("shutdown", None)
    lsp.notify("exit", None)
    ms = lambda s: f"{s * 1000:.1f}"
    print(f"| workspace | {FEATURES} Kiro features, {FEATURES * REQS * CRITERIA} criteria, {FEATURES * TASKS} tasks | {summary} |")
    print(f"| `check` median of {args.runs} | {ms(statistics.median(times))} ms | min {ms(min(times))} ms |")
    print(f"| tasks.md didChange → publishDiagnostics p50 / p99 | {ms(statistics.median(lat))} / {ms(pct(lat, 99))} ms | {args.edits} edits |")


if __name__ == "__main__":
    main()
