"""Checks what `throughline` made of the real runners' results (tests/evidence/run.sh).

Run in the workspace copy with check.json, status.json and plain.json beside it; the
arguments are the exit codes of check, status and the check without results. Prints one
line per assertion and a last line "evidence: N passed"; exits 1 on any failure.
"""

import json
import sys

passed = 0
failed = 0


def expect(what, ok):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok: {what}")
    else:
        failed += 1
        print(f"FAILED: {what}")


def line_of(path, text):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if text in line:
                return n
    raise SystemExit(f"{text!r} is not in {path}")


check_code, status_code, plain_code = (int(a) for a in sys.argv[1:4])
check = json.load(open("check.json"))["diagnostics"]
status = json.load(open("status.json"))
plain = json.load(open("plain.json"))["diagnostics"]
evidence_codes = {"failing-test", "skipped-test", "unrun-test", "invalid-test-results"}
found = sorted(
    (d["code"], d["path"], d["line"]) for d in check if d["code"] in evidence_codes
)
heading = lambda id: line_of("docs/chain.md", f"## {id}:")

expect("check fails on failing tests (exit 1)", check_code == 1)
expect("status exits 0", status_code == 0)
expect("check without results passes (exit 0)", plain_code == 0)
expect(
    "no evidence findings without results",
    not [d for d in plain if d["code"] in evidence_codes],
)
expect("every results file is readable", not [f for f in found if f[0] == "invalid-test-results"])
for id, runner in [("REQ-PY-DIV", "pytest"), ("REQ-JS-DIV", "jest"), ("REQ-VI-DIV", "vitest")]:
    expect(
        f"failing-test on {id} ({runner})",
        ("failing-test", "docs/chain.md", heading(id)) in found,
    )
for id, runner in [("REQ-PY-POW", "pytest"), ("REQ-JS-POW", "jest")]:
    expect(
        f"skipped-test on {id} ({runner})",
        ("skipped-test", "docs/chain.md", heading(id)) in found,
    )
root_line = line_of("tests/test_calc.py", "Verifies: REQ-PY-ROOT")
expect(
    "unrun-test on the deselected pytest test",
    ("unrun-test", "tests/test_calc.py", root_line) in found,
)
expect(
    "no other evidence findings",
    len(found) == 6 and not [f for f in found if f[0] == "unrun-test" and f[2] != root_line],
)

by_id = {}
for item in status:
    for r in item["requirements"]:
        by_id[r["id"]] = r
want = {
    "REQ-PY-ADD": (True, "passed"),
    "REQ-PY-DIV": (False, "failed"),
    "REQ-PY-POW": (False, "skipped"),
    "REQ-PY-ROOT": (False, "unrun"),
    "REQ-JS-ADD": (True, "passed"),
    "REQ-JS-DIV": (False, "failed"),
    "REQ-JS-POW": (False, "skipped"),
    "REQ-VI-ADD": (True, "passed"),
    "REQ-VI-DIV": (False, "failed"),
}
for id, (verified, verdict) in want.items():
    r = by_id.get(id, {})
    expect(
        f"status: {id} verified={verified} tests={verdict}",
        (r.get("verified"), r.get("tests")) == (verified, verdict),
    )
expect("status: 3 of 9 verified, 3 failing", (status[0]["verified"], status[0]["failing"]) == (3, 3))

failing = [d for d in check if d["code"] == "failing-test" and d["line"] == heading("REQ-PY-DIV")]
related = failing[0]["related"][0]["message"] if failing and failing[0]["related"] else ""
expect(
    "the pytest failure names the test, results file and message",
    "`TestDivide.test_halves` failed (reports/pytest.xml:" in related and "assert" in related,
)

print(f"evidence: {passed} passed" + (f", {failed} failed" if failed else ""))
sys.exit(1 if failed else 0)
