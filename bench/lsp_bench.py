#!/usr/bin/env python3
"""Language-server benchmark: drives `throughline lsp` over stdio on the synthetic workspace.

Measures, on one workspace (default bench/out/ws, made by gen_workspace.py):
  - time from `initialize` to the indexed snapshot and to the end of the first burst of
    publishDiagnostics (all initial diagnostics delivered);
  - p50/p99 latency from a `didChange` in a requirements file to the resulting
    `publishDiagnostics` for that file (each edit toggles an unknown-ref, so every change
    changes the diagnostics);
  - p50/p99 latency of hover and definition on an annotation in a code file;
  - the server's resident memory (VmRSS and peak VmHWM).

Usage: bench/lsp_bench.py [--bin target/release/throughline] [--ws bench/out/ws] [--edits 200]
"""
import argparse
import json
import os
import pathlib
import queue
import statistics
import subprocess
import sys
import threading
import time


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


class Lsp:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ})
        self.next_id = 0
        self.responses = {}
        self.cond = threading.Condition()
        self.notes = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            msg = json.loads(out.read(length))
            now = time.perf_counter()
            if "method" not in msg:
                with self.cond:
                    self.responses[msg["id"]] = (now, msg)
                    self.cond.notify_all()
            else:
                if "id" in msg:  # server request: acknowledge
                    self._send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
                self.notes.put((now, msg))

    def _send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})
        return time.perf_counter()

    def request(self, method, params, timeout=120):
        self.next_id += 1
        rid = self.next_id
        sent = time.perf_counter()
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        with self.cond:
            ok = self.cond.wait_for(lambda: rid in self.responses, timeout)
            if not ok:
                sys.exit(f"no response to {method}")
            at, msg = self.responses.pop(rid)
        return at - sent, msg.get("result")

    def wait_note(self, pred, timeout=60):
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            try:
                at, msg = self.notes.get(timeout=left)
            except queue.Empty:
                return None
            if pred(msg):
                return at, msg

    def memory_kb(self):
        status = pathlib.Path(f"/proc/{self.proc.pid}/status").read_text()
        fields = dict(l.split(":", 1) for l in status.splitlines() if ":" in l)
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/throughline")
    ap.add_argument("--ws", default="bench/out/ws")
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    ws = pathlib.Path(args.ws).resolve()
    if not (ws / "docs").is_dir():
        sys.exit(f"{ws} is not a generated workspace: run bench/run.sh first")
    uri = lambda p: "file://" + str(p)

    log = os.environ.get("THROUGHLINE_BENCH_LOG")
    lsp = Lsp([args.bin, "lsp"] + (["--log-file", log] if log else []))
    t0 = time.perf_counter()
    lsp.request("initialize", {
        "processId": os.getpid(), "rootUri": uri(ws),
        "workspaceFolders": [{"uri": uri(ws), "name": "ws"}],
        "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
    })
    lsp.notify("initialized", {})
    lsp.request("workspace/symbol", {"query": "REQ-1"})
    t_index = time.perf_counter() - t0
    # The initial burst: publishes until none arrives for 500 ms.
    last = None
    files = 0
    while True:
        got = lsp.wait_note(lambda m: m["method"] == "textDocument/publishDiagnostics", timeout=0.5)
        if got is None:
            break
        last, files = got[0], files + 1
    t_diags = (last or time.perf_counter()) - t0

    # didChange -> publishDiagnostics on a requirements file.
    prd = ws / "docs/prd/prd-01.md"
    text = prd.read_text()
    lines = text.split("\n")
    target = next(i for i, l in enumerate(lines) if l.startswith("Derives from: "))
    original = lines[target]
    lsp.notify("textDocument/didOpen", {"textDocument": {"uri": uri(prd), "languageId": "markdown", "version": 1, "text": text}})
    lsp.wait_note(lambda m: False, timeout=0.3)
    change_lat = []
    version = 1
    for i in range(args.edits):
        version += 1
        new = original + (", BRIEF-99999" if i % 2 == 0 else "")
        old_len = len(lines[target])
        lines[target] = new
        sent = lsp.notify("textDocument/didChange", {
            "textDocument": {"uri": uri(prd), "version": version},
            "contentChanges": [{"range": {"start": {"line": target, "character": 0}, "end": {"line": target, "character": old_len}}, "text": new}],
        })
        got = lsp.wait_note(lambda m: m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri(prd))
        if got is None:
            sys.exit(f"no diagnostics after edit {i}")
        change_lat.append(got[0] - sent)

    # hover and definition on an annotation in code.
    code = next(p for p in sorted((ws / "python").rglob("*.py")) if "# Implements: REQ-" in p.read_text())
    code_lines = code.read_text().split("\n")
    line = next(i for i, l in enumerate(code_lines) if "# Implements: REQ-" in l)
    col = code_lines[line].index("REQ-") + 1
    pos = {"textDocument": {"uri": uri(code)}, "position": {"line": line, "character": col}}
    hover, definition = [], []
    for _ in range(args.queries):
        dt, res = lsp.request("textDocument/hover", pos)
        assert res and "REQ-" in res["contents"]["value"], res
        hover.append(dt)
        dt, res = lsp.request("textDocument/definition", pos)
        assert res, res
        definition.append(dt)
    rss, hwm = lsp.memory_kb()
    lsp.request("shutdown", None)
    lsp.notify("exit", None)

    ms = lambda s: f"{s * 1000:.1f}"
    rows = [
        ("initialize → indexed snapshot", ms(t_index) + " ms", ""),
        ("initialize → initial diagnostics delivered", ms(t_diags) + " ms", f"{files} files published"),
        ("didChange → publishDiagnostics p50 / p99", f"{ms(statistics.median(change_lat))} / {ms(pct(change_lat, 99))} ms", f"{args.edits} edits"),
        ("hover p50 / p99", f"{ms(statistics.median(hover))} / {ms(pct(hover, 99))} ms", f"{args.queries} requests"),
        ("definition p50 / p99", f"{ms(statistics.median(definition))} / {ms(pct(definition, 99))} ms", f"{args.queries} requests"),
        ("server memory (RSS / peak)", f"{rss // 1024} / {hwm // 1024} MB", ""),
    ]
    out = ["| measure | value | note |", "| --- | ---: | --- |"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    print("\n".join(out))
    (pathlib.Path("bench/out") / "lsp-results.md").write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
