"""Checks extensions/helix/languages.toml.

Helix is not packaged for Debian bookworm and cannot be installed from the registries
this project's CI reaches, so this test does not run Helix (docs/editors.md says how the
file was checked by hand in Helix 25.07.1). It checks what can be checked
without it:
  - the file parses as TOML (Python's tomllib, like Helix's own TOML reader);
  - the `throughline` server entry is right, and every language meant to be covered
    lists `throughline`, after all the servers Helix 25.07 lists by default (a user
    config replaces a language's whole list, so dropping one would lose it), and leaves
    the root markers to Helix;
  - the server entry, started exactly as Helix starts it (command looked up on PATH, the
    args, `config` as initializationOptions, a Helix-like initialize), serves a copy of
    examples/payments from the root Helix gives a TypeScript file (the nearest
    package.json, `services/api`): the server finds the workspace above it, so there are
    diagnostics for a file that is not open, and go to definition into docs/.

Verifies: REQ-EDITOR-HELIX
"""

import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import tomllib
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "extensions" / "helix" / "languages.toml"
BIN = Path(os.environ.get("THROUGHLINE_BIN", REPO / "target" / "debug" / "throughline"))

# Helix 25.07.1's default `language-servers` of each language the file must cover
# (from Helix's own languages.toml at that tag).
HELIX_DEFAULTS = {
    "markdown": ["marksman", "markdown-oxide"],
    "yaml": ["yaml-language-server", "ansible-language-server"],
    "json": ["vscode-json-language-server"],
    "jsonc": ["vscode-json-language-server"],
    "rust": ["rust-analyzer"],
    "python": ["ty", "ruff", "jedi", "pylsp"],
    "javascript": ["typescript-language-server"],
    "jsx": ["typescript-language-server"],
    "typescript": ["typescript-language-server"],
    "tsx": ["typescript-language-server"],
    "go": ["gopls", "golangci-lint-lsp"],
    "java": ["jdtls"],
    "c-sharp": ["omnisharp"],
    "c": ["clangd"],
    "cpp": ["clangd"],
}


def load():
    with CONFIG.open("rb") as f:
        return tomllib.load(f)


class Config(unittest.TestCase):
    def test_the_server_entry_runs_throughline_lsp(self):
        server = load()["language-server"]["throughline"]
        self.assertEqual(server["command"], "throughline")
        self.assertEqual(server["args"], ["lsp"])
        self.assertEqual(server.get("config"), {"diagnosticMode": "push"})
        self.assertEqual(set(server) - {"command", "args", "config"}, set())

    def test_every_language_lists_throughline_after_helix_defaults(self):
        languages = load()["language"]
        names = [lang["name"] for lang in languages]
        self.assertEqual(len(names), len(set(names)), f"a language is listed twice: {names}")
        self.assertEqual(sorted(names), sorted(HELIX_DEFAULTS))
        for lang in languages:
            with self.subTest(lang["name"]):
                self.assertEqual(lang["language-servers"], HELIX_DEFAULTS[lang["name"]] + ["throughline"])

    def test_languages_set_only_their_servers(self):
        # Anything else (`roots` among it) would override the user's or Helix's settings
        # for the language and its other servers.
        for lang in load()["language"]:
            self.assertEqual(set(lang), {"name", "language-servers"}, lang["name"])


class Lsp:
    """A minimal LSP client over the server's stdio."""

    def __init__(self, argv, cwd, env):
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox = queue.Queue()
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
            self.inbox.put(json.loads(out.read(length)))

    def send(self, msg):
        body = json.dumps({"jsonrpc": "2.0", **msg}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def wait_for(self, pred, timeout=20):
        """The first incoming message matching `pred`; answers the server's requests."""
        import time
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = self.inbox.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if "method" in msg and "id" in msg:
                self.send({"id": msg["id"], "result": None})
            if pred(msg):
                return msg
        raise AssertionError("timed out waiting for a message from the server")

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"id": rid, "method": method, "params": params})
        return self.wait_for(lambda m: m.get("id") == rid and "method" not in m)

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


class ServerAsHelixStartsIt(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not BIN.is_file():
            raise AssertionError(f"no binary at {BIN}; run cargo build first")
        cls.tmp = tempfile.mkdtemp(prefix="throughline-helix-")
        cls.ws = Path(cls.tmp) / "payments"
        shutil.copytree(REPO / "examples" / "payments", cls.ws)
        cls.ws = cls.ws.resolve()
        # Helix runs `command` through PATH: put a `throughline` there.
        bindir = Path(cls.tmp) / "bin"
        bindir.mkdir()
        (bindir / "throughline").symlink_to(BIN.resolve())
        env = {**os.environ, "PATH": f"{bindir}:{os.environ.get('PATH', '')}"}
        server = load()["language-server"]["throughline"]
        cmd = shutil.which(server["command"], path=env["PATH"])
        cls.lsp = Lsp([cmd, *server["args"]], cwd=cls.ws, env=env)
        # Helix's root for a TypeScript file: the nearest folder with package.json.
        package = cls.ws / "services" / "api"
        assert (package / "package.json").is_file()
        root = package.as_uri()
        init = cls.lsp.request("initialize", {
            "processId": os.getpid(),
            "clientInfo": {"name": "helix", "version": "25.07.1"},
            "rootPath": str(package),
            "rootUri": root,
            "workspaceFolders": [{"uri": root, "name": "api"}],
            "initializationOptions": server.get("config"),
            "capabilities": {
                "general": {"positionEncodings": ["utf-8", "utf-32", "utf-16"]},
                "workspace": {"workspaceFolders": True, "configuration": True},
                "textDocument": {"hover": {"contentFormat": ["markdown"]},
                                 "publishDiagnostics": {"relatedInformation": True}},
            },
        })
        cls.capabilities = init["result"]["capabilities"]
        cls.lsp.notify("initialized", {})
        cls.code = cls.ws / "services" / "api" / "src" / "payments.ts"
        cls.text = cls.code.read_text()
        # Helix's language id for TypeScript is the language name.
        cls.lsp.notify("textDocument/didOpen", {"textDocument": {
            "uri": cls.code.as_uri(), "languageId": "typescript", "version": 0, "text": cls.text}})

    @classmethod
    def tearDownClass(cls):
        cls.lsp.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_1_it_serves_definition_and_hover(self):
        self.assertTrue(self.capabilities.get("definitionProvider"))
        self.assertTrue(self.capabilities.get("hoverProvider"))

    def test_2_diagnostics_are_pushed_for_a_file_that_is_not_open(self):
        prd = (self.ws / "docs" / "prd.md").as_uri()
        msg = self.lsp.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                and m["params"]["uri"] == prd and m["params"]["diagnostics"])
        codes = sorted((d["code"], d["range"]["start"]["line"]) for d in msg["params"]["diagnostics"])
        self.assertEqual(codes, [("missing-impl", 120), ("missing-test", 107)])

    def test_3_definition_goes_from_the_annotation_to_the_heading(self):
        lines = self.text.split("\n")
        line = next(i for i, l in enumerate(lines) if "REQ-PAY-7" in l)
        col = lines[line].index("REQ-PAY-7") + 2
        answer = self.lsp.request("textDocument/definition", {
            "textDocument": {"uri": self.code.as_uri()}, "position": {"line": line, "character": col}})
        result = answer["result"]
        loc = result[0] if isinstance(result, list) else result
        self.assertEqual(loc.get("uri", loc.get("targetUri")), (self.ws / "docs" / "prd.md").as_uri())
        rng = loc.get("range", loc.get("targetSelectionRange"))
        self.assertEqual(rng["start"]["line"], 107)


if __name__ == "__main__":
    unittest.main()
