"""A minimal LSP client over stdio for the benchmarks (lsp_bench.py, contract_bench.py,
tracey_bench.sh): raw JSON-RPC frames, no client library in the numbers.

The client declares `window.workDoneProgress`, answers every server→client request
(`window/workDoneProgress/create`, `client/registerCapability`, `workspace/configuration`,
…) with a null result so the server never waits on it, and records `$/progress` begin,
report and end times per token.
"""
import json
import os
import pathlib
import queue
import subprocess
import sys
import threading
import time


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def uri(path):
    return "file://" + str(path)


CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "window": {"workDoneProgress": True},
    "textDocument": {"publishDiagnostics": {"relatedInformation": True}},
    "workspace": {"workspaceFolders": True, "configuration": True},
}


class Progress:
    """One work-done progress token: title, begin/end times and every report."""

    def __init__(self, token, title, at):
        self.token, self.title, self.begin, self.end = token, title, at, None
        self.reports = []  # (time, message, percentage)


class Lsp:
    def __init__(self, cmd, cwd=None, stderr=None):
        err = open(stderr, "wb") if stderr else subprocess.DEVNULL
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                     cwd=cwd, env={**os.environ})
        self.next_id = 0
        self.responses = {}
        self.cond = threading.Condition()
        self.notes = queue.Queue()
        self.progress = {}  # token -> Progress, in order of begin
        self.server_requests = []  # methods the server asked us
        self.send_lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    with self.cond:
                        self.cond.notify_all()
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
                    self.responses[msg.get("id")] = (now, msg)
                    self.cond.notify_all()
                continue
            if "id" in msg:  # a server request: answer at once so the server never waits
                self.server_requests.append(msg["method"])
                self._send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            if msg["method"] == "$/progress":
                self._progress(now, msg["params"])
            self.notes.put((now, msg))

    def _progress(self, now, params):
        token, value = params.get("token"), params.get("value") or {}
        kind = value.get("kind")
        with self.cond:
            if kind == "begin":
                self.progress[token] = Progress(token, value.get("title", ""), now)
            elif token in self.progress:
                p = self.progress[token]
                if kind == "report":
                    p.reports.append((now, value.get("message"), value.get("percentage")))
                elif kind == "end":
                    p.end = now
            self.cond.notify_all()

    def _send(self, msg):
        body = json.dumps(msg).encode()
        with self.send_lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})
        return time.perf_counter()

    def request(self, method, params, timeout=300):
        self.next_id += 1
        rid = self.next_id
        sent = time.perf_counter()
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        with self.cond:
            ok = self.cond.wait_for(lambda: rid in self.responses or self.proc.poll() is not None, timeout)
            if not ok or rid not in self.responses:
                sys.exit(f"no response to {method} (server {'exited' if self.proc.poll() is not None else 'silent'})")
            at, msg = self.responses.pop(rid)
        return at - sent, msg.get("result")

    def initialize(self, root, name="ws"):
        """initialize + initialized; returns the perf_counter time initialize was sent."""
        t0 = time.perf_counter()
        _, res = self.request("initialize", {
            "processId": os.getpid(), "rootUri": uri(root), "rootPath": str(root),
            "workspaceFolders": [{"uri": uri(root), "name": name}],
            "capabilities": CAPABILITIES,
        })
        self.server_caps = (res or {}).get("capabilities", {})
        self.notify("initialized", {})
        return t0

    def full_sync(self):
        """True when the server asked for whole documents in didChange (kind 1)."""
        sync = getattr(self, "server_caps", {}).get("textDocumentSync", 2)
        kind = sync.get("change", 2) if isinstance(sync, dict) else sync
        return kind == 1

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

    def wait_progress_done(self, timeout=300):
        """Wait until every progress begun so far has ended; False on timeout."""
        with self.cond:
            return self.cond.wait_for(lambda: all(p.end for p in self.progress.values()), timeout)

    def edit_latency(self, path, language, line_no, make_line, edits, open_wait=1.0, timeout=60):
        """Open `path`, then replace line `line_no` `edits` times, one at a time.

        make_line(i) returns (new line, token): the edit's latency is didChange → the first
        publishDiagnostics for that file whose diagnostics contain `token` (an ID new in
        edit i). Waiting for the token, not for any publish, skips publishes of earlier
        states (the didOpen's, or a slow rebuild's), and a new ID each time means a server
        that publishes only changed diagnostics still publishes every edit."""
        text = pathlib.Path(path).read_text()
        lines = text.split("\n")
        u = uri(path)
        self.notify("textDocument/didOpen", {"textDocument": {"uri": u, "languageId": language, "version": 1, "text": text}})
        self.wait_note(lambda m: False, timeout=open_wait)
        lat, version = [], 1
        for i in range(edits):
            version += 1
            old, (new, token) = lines[line_no], make_line(i)
            lines[line_no] = new
            if self.full_sync():  # e.g. tracey: the whole document each time
                change = {"text": "\n".join(lines)}
            else:  # one line replaced, as an editor sends it
                change = {"range": {"start": {"line": line_no, "character": 0},
                                    "end": {"line": line_no, "character": len(old)}}, "text": new}
            sent = self.notify("textDocument/didChange", {
                "textDocument": {"uri": u, "version": version}, "contentChanges": [change]})
            got = self.wait_note(lambda m: m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == u
                                 and token in json.dumps(m["params"]["diagnostics"]), timeout=timeout)
            if got is None:
                sys.exit(f"no diagnostics naming {token} for {path} within {timeout} s of edit {i}")
            lat.append(got[0] - sent)
        return lat

    def memory_kb(self, pid=None):
        status = pathlib.Path(f"/proc/{pid or self.proc.pid}/status").read_text()
        fields = dict(l.split(":", 1) for l in status.splitlines() if ":" in l)
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])

    def close(self):
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except (SystemExit, subprocess.TimeoutExpired, BrokenPipeError):
            self.proc.kill()
