#!/usr/bin/env python3
"""MCP benchmark: drives `throughline mcp` over stdio (raw JSON-RPC lines, so the
numbers are the server's, not a client SDK's) on the synthetic workspace.

Measures, on one workspace (default bench/out/ws, made by gen_workspace.py):
  - cold: from starting the process to the first answer of `findings` (and, in a second
    process, of `trace`), which includes indexing the workspace;
  - warm: p50/p99 of `findings` and `trace` calls when nothing changed (each call still
    walks and stats the workspace to see what changed);
  - after an edit: p50/p99 of `findings` right after one file was rewritten (one file
    read again, the graph and findings rebuilt).

Usage: bench/mcp_bench.py [--bin target/release/throughline] [--ws bench/out/ws] [--calls 30]
"""
import argparse
import json
import pathlib
import statistics
import subprocess
import time


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


class Mcp:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def request(self, method, params):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}
        self.proc.stdin.write((json.dumps(msg) + "\n").encode())
        self.proc.stdin.flush()
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the server closed its output")
            reply = json.loads(line)
            if reply.get("id") == self.next_id:
                if "error" in reply or reply["result"].get("isError"):
                    raise SystemExit(f"error: {reply}")
                return reply["result"]

    def notify(self, method):
        self.proc.stdin.write((json.dumps({"jsonrpc": "2.0", "method": method}) + "\n").encode())
        self.proc.stdin.flush()

    def start(self):
        self.request("initialize", {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}})
        self.notify("notifications/initialized")

    def call(self, name, args):
        return self.request("tools/call", {"name": name, "arguments": args})

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def cold(cmd, name, args):
    t0 = time.perf_counter()
    m = Mcp(cmd)
    m.start()
    m.call(name, args)
    elapsed = time.perf_counter() - t0
    return m, elapsed


def timed(m, name, args, n, before=None):
    out = []
    for _ in range(n):
        if before:
            before()
        t0 = time.perf_counter()
        m.call(name, args)
        out.append(time.perf_counter() - t0)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/throughline")
    ap.add_argument("--ws", default="bench/out/ws")
    ap.add_argument("--calls", type=int, default=30)
    a = ap.parse_args()
    ws = pathlib.Path(a.ws)
    cmd = [a.bin, "mcp", str(ws)]
    ms = lambda s: f"{s * 1000:.1f} ms"

    m, findings_cold = cold(cmd, "findings", {"limit": 10})
    findings_warm = timed(m, "findings", {"limit": 10}, a.calls)
    req = next(ws.rglob("*.md"))
    original = req.read_text()
    flip = [False]

    def edit():
        flip[0] = not flip[0]
        req.write_text(original + ("\nSee REQ-NOPE-1.\n" if flip[0] else ""))

    try:
        findings_edit = timed(m, "findings", {"limit": 10}, a.calls, before=edit)
    finally:
        req.write_text(original)
    ids = [f.get("item") for f in m.call("findings", {"codes": ["missing-test"], "limit": 1})["structuredContent"]["findings"]]
    m.close()
    target = ids[0] if ids and ids[0] else "REQ-1"

    m, trace_cold = cold(cmd, "trace", {"id": target})
    trace_warm = timed(m, "trace", {"id": target}, a.calls)
    m.close()

    print(f"workspace: {ws} ({sum(1 for _ in ws.rglob('*') if _.is_file())} files)")
    print("| call | cold (process start to answer) | warm p50 | warm p99 |")
    print("|---|---|---|---|")
    print(f"| findings | {ms(findings_cold)} | {ms(statistics.median(findings_warm))} | {ms(pct(findings_warm, 99))} |")
    print(f"| trace {target} | {ms(trace_cold)} | {ms(statistics.median(trace_warm))} | {ms(pct(trace_warm, 99))} |")
    print(f"| findings after a one-file edit | | {ms(statistics.median(findings_edit))} | {ms(pct(findings_edit, 99))} |")


if __name__ == "__main__":
    main()
