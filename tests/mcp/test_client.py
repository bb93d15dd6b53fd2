"""`throughline mcp` driven by the official MCP Python SDK, as an agent's client would.

Run by tests/mcp/run.sh, which installs the pinned SDK into a virtualenv. Each check
compares the server's answers with what the CLI reports on the same workspace, so a
stub cannot pass. Prints `mcp: N passed` (or fails with the first assertion).

Verifies: REQ-MCP-SERVER
"""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

BIN = os.environ["THROUGHLINE_BIN"]
DEMO = Path(__file__).resolve().parents[2] / "examples" / "payments"
TOOLS = {"status", "findings", "trace", "search", "suggest_links", "check_changes"}

passed = 0


def check(name, condition, detail=""):
    global passed
    if not condition:
        raise AssertionError(f"{name}: {detail}")
    passed += 1
    print(f"ok - {name}")


def cli(*args, cwd):
    out = subprocess.run([BIN, *args], cwd=cwd, capture_output=True, text=True)
    return out.stdout


def git(cwd, *args):
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env, check=True)


def structured(result):
    assert not result.is_error, result.content
    return result.structured_content


def text_of(result):
    return " ".join(c.text for c in result.content if getattr(c, "text", None))


async def run(ws: Path):
    params = StdioServerParameters(command=BIN, args=["mcp", str(ws)], cwd=str(ws))
    async with stdio_client(params, errlog=open(os.devnull, "w")) as streams:
        read, write = streams[0], streams[1]
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            check("server names itself", init.server_info.name == "throughline", init)

            tools = (await session.list_tools()).tools
            names = {t.name for t in tools}
            check("tools are listed by their contract names", TOOLS <= names, names)
            for t in tools:
                check(f"{t.name} has an output schema", bool(t.output_schema), t)
                check(
                    f"{t.name} is read-only",
                    t.annotations is not None and t.annotations.read_only_hint is True,
                    t.annotations,
                )

            report = json.loads(cli("check", "--format", "json", ".", cwd=ws))
            diags = report["diagnostics"]

            # status: the roll-up as `status --format json`, plus counts by code.
            status = structured(await session.call_tool("status", {}))
            expected = json.loads(cli("status", "--format", "json", ".", cwd=ws))
            check(
                "status rolls up the same items as the CLI",
                [(i["id"], i["implemented"], i["verified"]) for i in status["items"]]
                == [(i["id"], i["implemented"], i["verified"]) for i in expected],
                status["items"],
            )
            by_code = {}
            for d in diags:
                by_code[d["code"]] = by_code.get(d["code"], 0) + 1
            check("status counts findings by code as check does", status["findings_by_code"] == by_code, status)

            # findings: the same findings `check` reports, filterable.
            found = structured(await session.call_tool("findings", {}))
            check("findings total matches check", found["total"] == len(diags), found)
            check(
                "findings carry path and 1-based line as check does",
                sorted((f["path"], f["line"], f["code"]) for f in found["findings"])
                == sorted((d["path"], d["line"], d["code"]) for d in diags),
                found,
            )
            tested = structured(await session.call_tool("findings", {"codes": ["missing-test"]}))
            check(
                "a code filter keeps only that code",
                tested["total"] == by_code.get("missing-test", 0)
                and all(f["code"] == "missing-test" for f in tested["findings"]),
                tested,
            )
            check(
                "a missing-test finding names its item",
                all(f.get("item", "").startswith("REQ-") for f in tested["findings"]),
                tested,
            )
            item = tested["findings"][0]["item"]
            about = structured(await session.call_tool("findings", {"item": item}))
            check("an item filter finds that item's findings", about["total"] >= 1 and all(f["item"] == item for f in about["findings"]), about)
            docs = structured(await session.call_tool("findings", {"path": "docs"}))
            check("a path prefix filters by folder", all(f["path"].startswith("docs/") for f in docs["findings"]) and docs["total"] >= 1, docs)
            one = structured(await session.call_tool("findings", {"limit": 1}))
            check("limit caps the list, not the total", len(one["findings"]) == 1 and one["total"] == len(diags), one)
            bad = await session.call_tool("findings", {"codes": ["no-such-code"]})
            check("an unknown code is a tool error that lists the codes", bad.is_error and "missing-test" in text_of(bad), bad)

            # trace: the item, upstream, downstream, as `trace --format json` has them.
            traced = structured(await session.call_tool("trace", {"id": "REQ-PAY-1"}))
            cli_trace = json.loads(cli("trace", "REQ-PAY-1", "--format", "json", ".", cwd=ws))
            check("trace gives the item with its place", traced["item"]["path"] == cli_trace["defined_at"]["path"] and traced["item"]["line"] == cli_trace["defined_at"]["line"], traced["item"])
            check("trace gives the item's text", "at most once" in traced["item"]["title"] and len(traced["item"]["text"]) > 20, traced["item"])
            check("trace gives the status", traced["item"]["status"]["implemented"] is True, traced["item"])
            ups = [u["id"] for u in traced["upstream"]]
            check("the upstream chain is nearest first", ups[:2] == ["BRIEF-CHECKOUT", "RM-1"], ups)
            check(
                "downstream derived items are listed",
                {d["id"] for d in cli_trace["derived"]} <= {d["id"] for d in traced["derived"]},
                traced["derived"],
            )
            impl_paths = {i["path"] for i in traced["implementations"]}
            check("implementations below the item are listed", "services/api/src/idempotency.ts" in impl_paths, impl_paths)
            cli_symbols = {
                (s["path"], s["line"], s["symbol"])
                for d in cli_trace["derived"]
                for s in d.get("implemented_by", [])
            }
            check(
                "code sites name their symbols as the CLI does",
                cli_symbols <= {(i["path"], i["line"], i["symbol"]) for i in traced["implementations"]}
                and any(i["symbol"] == "class `IdempotencyStore`" for i in traced["implementations"]),
                traced["implementations"],
            )
            check("tests are listed with their lines", all(t["line"] >= 1 for t in traced["tests"]) and traced["tests"], traced["tests"])
            unknown = await session.call_tool("trace", {"id": "REQ-PAY-1x"})
            check("an unknown ID is a tool error with a suggestion", unknown.is_error and "REQ-PAY-1" in text_of(unknown), text_of(unknown))

            # Bad calls: clear errors, and the server keeps answering.
            bad_args = await session.call_tool("findings", {"bogus": 1})
            check("an unknown argument is a tool error that names it", bad_args.is_error and "bogus" in text_of(bad_args), text_of(bad_args))
            missing = await session.call_tool("trace", {})
            check("a missing argument is a tool error", missing.is_error and "id" in text_of(missing), text_of(missing))
            try:
                await session.call_tool("no_such_tool", {})
                check("an unknown tool is an MCP error", False, "no error")
            except Exception as e:  # the SDK raises McpError for a JSON-RPC error
                check("an unknown tool is an MCP error", "no_such_tool" in str(e), str(e))

            # search: what to cite, ranked by title and text.
            hits = structured(await session.call_tool("search", {"query": "refund more than the captured amount"}))
            check("search ranks the refund requirement first", hits["items"][0]["id"] == "REQ-PAY-4", hits)
            check("search gives 1-based lines of the definition", hits["items"][0]["line"] == 61 and hits["items"][0]["path"] == "docs/prd.md", hits["items"][0])
            layered = structured(await session.call_tool("search", {"query": "ledger", "layer": "design", "limit": 3}))
            check("a layer filter keeps that layer", layered["items"] and all(i["layer"] == "design" for i in layered["items"]) and len(layered["items"]) <= 3, layered)
            bad_layer = await session.call_tool("search", {"query": "x", "layer": "nope"})
            check("an unknown layer is a tool error listing the layers", bad_layer.is_error and "requirement" in text_of(bad_layer), text_of(bad_layer))

            # suggest_links: candidates for the definition at a place, with the line to insert.
            sug = structured(await session.call_tool("suggest_links", {"path": "services/api/src/refunds.ts", "line": 12}))
            ids = [c["id"] for c in sug["candidates"]]
            check("suggest_links offers the requirement the function implements", "REQ-PAY-4" in ids[:3], ids)
            check(
                "each candidate carries the exact annotation line",
                all(c["annotation"].strip() == f"// Implements: {c['id']}" for c in sug["candidates"]),
                sug,
            )
            outside = await session.call_tool("suggest_links", {"path": "../../etc/passwd", "line": 1})
            check("a path outside the workspace is refused", outside.is_error and "workspace" in text_of(outside), text_of(outside))
            past = await session.call_tool("suggest_links", {"path": "services/api/src/refunds.ts", "line": 100000})
            check("a line past the end is a tool error", past.is_error and "lines" in text_of(past), text_of(past))

            # check_changes: the gate on what the working tree introduces.
            git(ws, "init", "-q")
            git(ws, "add", "-A")
            git(ws, "commit", "-q", "-m", "base")
            clean = structured(await session.call_tool("check_changes", {}))
            check("a clean tree introduces nothing", clean["ok"] and clean["introduced"] == [] and clean["resolved"] == [], clean)
            prd = ws / "docs/prd.md"
            prd_text = prd.read_text()
            prd.write_text(prd_text + "\nSee REQ-PAY-404 for the rest.\n")
            changed = structured(await session.call_tool("check_changes", {"base": "HEAD"}))
            gate = json.loads(cli("check", "--base", "HEAD", "--format", "json", ".", cwd=ws))
            new = [(d["path"], d["line"], d["code"]) for d in gate["diagnostics"] if d.get("baseline") == "new"]
            check(
                "check_changes reports what check --base reports",
                sorted((f["path"], f["line"], f["code"]) for f in changed["introduced"]) == sorted(new) and new,
                (changed, new),
            )
            check("an introduced warning or error makes it not ok", changed["ok"] is False, changed)
            prd.write_text(prd_text)
            unknown_rev = await session.call_tool("check_changes", {"base": "no-such-branch"})
            check("an unknown revision is a tool error that names it", unknown_rev.is_error and "no-such-branch" in text_of(unknown_rev), text_of(unknown_rev))

            # A later call sees files changed since the previous one.
            test_file = ws / "services/ledger/tests/test_money.py"
            original = test_file.read_text()
            test_file.write_text(original.replace("Verifies: REQ-PAY-2", "Verifies: REQ-PAY-99"))
            after = structured(await session.call_tool("findings", {"codes": ["unknown-ref"]}))
            check(
                "an edit between calls is seen",
                any(f["path"] == "services/ledger/tests/test_money.py" for f in after["findings"]),
                after,
            )
            test_file.write_text(original)
            back = structured(await session.call_tool("findings", {}))
            check("undoing the edit is seen", back["total"] == len(diags), back)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "payments"
        shutil.copytree(DEMO, ws)
        asyncio.run(run(ws))
    print(f"mcp: {passed} passed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"not ok - {e}", file=sys.stderr)
        sys.exit(1)
