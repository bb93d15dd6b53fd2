#!/usr/bin/env python3
"""What the sanitising stdio transport costs (REQ-LSP-FRAMING): drives `throughline lsp`.

On a tiny generated workspace, measures:
  - round-trip latency (p50/p99) of a cheap request (`workspace/symbol`), sequential;
  - a 2 MB single-line document: `didChange` (full text) then `documentSymbol` on it,
    sequential, p50/p99 of the time to the answer;
  - (with --hostile) 1,000 bodies that are not JSON in one write, then a request: the
    time until that request is answered (a server without the transport never answers).

Run it on two builds to compare, e.g.
  bench/framing_bench.py --bin target/release/throughline
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def pct(values, p):
    values = sorted(values)
    return values[max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))]


class Lsp:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.responses = {}
        self.cond = threading.Condition()
        self.next_id = 0
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
            if "method" in msg:
                if "id" in msg:
                    self.write(self.frame({"jsonrpc": "2.0", "id": msg["id"], "result": None}))
                continue
            with self.cond:
                self.responses.setdefault(json.dumps(msg.get("id")), []).append(msg)
                self.cond.notify_all()

    @staticmethod
    def frame(msg):
        body = json.dumps(msg).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    def write(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def wait(self, rid, timeout=60):
        key = json.dumps(rid)
        with self.cond:
            if not self.cond.wait_for(lambda: self.responses.get(key), timeout):
                return None
            return self.responses[key].pop(0)

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        sent = time.perf_counter()
        self.write(self.frame({"jsonrpc": "2.0", "id": rid, "method": method, "params": params}))
        msg = self.wait(rid)
        if msg is None:
            sys.exit(f"no response to {method}")
        return time.perf_counter() - sent, msg

    def notify(self, method, params):
        self.write(self.frame({"jsonrpc": "2.0", "method": method, "params": params}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/throughline")
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--big", type=int, default=20)
    ap.add_argument("--hostile", action="store_true")
    args = ap.parse_args()
    ws = tempfile.mkdtemp(prefix="framing-bench-")
    os.makedirs(f"{ws}/docs")
    with open(f"{ws}/docs/prd.md", "w") as f:
        f.write("# RM-1: Roadmap\n# BRIEF-1: Brief\nDerives from: RM-1\n## REQ-1: Req\nDerives from: BRIEF-1\n")
    uri = f"file://{ws}"
    lsp = Lsp([args.bin, "lsp"])
    lsp.request("initialize", {"processId": os.getpid(), "rootUri": uri, "capabilities": {}})
    lsp.notify("initialized", {})
    lsp.request("workspace/symbol", {"query": "REQ-1"})

    small = [lsp.request("workspace/symbol", {"query": "REQ-1"})[0] for _ in range(args.requests)]
    print(f"workspace/symbol x{args.requests}: p50 {pct(small, 50)*1e3:.3f} ms, p99 {pct(small, 99)*1e3:.3f} ms, mean {statistics.mean(small)*1e3:.3f} ms")

    big_uri = f"{uri}/docs/big.md"
    text = "see REQ-1 " + "x" * (2 << 20)
    lsp.notify("textDocument/didOpen", {"textDocument": {"uri": big_uri, "languageId": "markdown", "version": 1, "text": text}})
    times = []
    for v in range(args.big):
        t0 = time.perf_counter()
        lsp.notify("textDocument/didChange", {"textDocument": {"uri": big_uri, "version": v + 2}, "contentChanges": [{"text": text[: len(text) - v]}]})
        lsp.request("textDocument/documentSymbol", {"textDocument": {"uri": big_uri}})
        times.append(time.perf_counter() - t0)
    print(f"2 MB didChange + documentSymbol x{args.big}: p50 {pct(times, 50)*1e3:.1f} ms, p99 {pct(times, 99)*1e3:.1f} ms")

    if args.hostile:
        t0 = time.perf_counter()
        bad = b"Content-Length: 9\r\n\r\n{not json" * 1000
        lsp.write(bad + Lsp.frame({"jsonrpc": "2.0", "id": 999999, "method": "workspace/symbol", "params": {"query": "REQ-1"}}))
        answered = lsp.wait(999999, timeout=10)
        took = time.perf_counter() - t0
        errors = len(lsp.responses.get("null", []))
        print(f"1000 bad bodies then a request: {'answered' if answered else 'NOT answered'} after {took*1e3:.1f} ms; {errors} parse errors received")
    lsp.proc.kill()


if __name__ == "__main__":
    main()
