"""Writes JUnit XML with N test cases named after the annotated tests of a synthetic
workspace (bench/gen_workspace.py), as the languages' runners would name them.

Usage: gen_junit.py WORKSPACE OUT.xml [--cases N] [--seed N]

Test names are read from the lines after each `Verifies:` comment with one regular
expression per language, so the cases match the workspace's tests the way real runs
would (pytest module + class + function, Jest describe + it, Go package + function, the
class + method for Java and C#, nextest's module path + function, GoogleTest's suite and
name). About 2% fail and 1% are skipped.
"""

import argparse
import os
import random
import re
from xml.sax.saxutils import quoteattr

PATTERNS = [
    (".py", re.compile(r"^\s*def (test\w*)\(")),
    (".go", re.compile(r"^func (Test\w*)\(")),
    (".rs", re.compile(r"^\s*(?:pub )?fn (\w+)\(")),
    (".java", re.compile(r"^\s*(?:public )?void (\w+)\(")),
    (".cs", re.compile(r"^\s*public (?:async Task|void) (\w+)\(")),
    (".js", re.compile(r"""^\s*(?:it|test)\(["'](.+?)["']""")),
    (".ts", re.compile(r"""^\s*(?:it|test)\(["'](.+?)["']""")),
    (".cpp", re.compile(r"^TEST(?:_F)?\((\w+),\s*(\w+)\)")),
    (".c", re.compile(r"^(?:static )?void (test_\w+)\(")),
]
CLASS = re.compile(r"^(\s*)(?:public |internal )?(?:sealed )?class (\w+)")
DESCRIBE = re.compile(r"""^(\s*)describe\(["'](.+?)["']""")


def cases_of(root, rel):
    ext = os.path.splitext(rel)[1]
    pattern = next((p for e, p in PATTERNS if e == ext), None)
    if pattern is None:
        return []
    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    stem = os.path.splitext(rel)[0]
    out = []
    classes = []  # (indent, name)
    describes = []
    pending = False
    last_def = None
    code_since_def = True
    for line in lines:
        m = CLASS.match(line)
        if m:
            indent = len(m.group(1))
            classes = [c for c in classes if c[0] < indent] + [(indent, m.group(2))]
        m = DESCRIBE.match(line)
        if m:
            indent = len(m.group(1))
            describes = [d for d in describes if d[0] < indent] + [(indent, m.group(2))]
        if ext == ".py":
            m = pattern.match(line)
            if m:
                last_def = (m.group(1), line.startswith(" "))
                code_since_def = False
            elif line.strip() and '"""' not in line and "Verifies:" not in line and not line.strip().startswith(("#", "@")):
                code_since_def = True
        if "Verifies:" in line:
            # In a Python docstring, the annotation belongs to the function above it.
            if ext == ".py" and line.startswith(" ") and not line.lstrip().startswith("#") and last_def and not code_since_def:
                cls = ".".join([stem.replace("/", ".")] + [c[1] for c in classes if last_def[1]])
                out.append((cls, last_def[0]))
                continue
            pending = True
            continue
        if not pending:
            continue
        m = pattern.match(line)
        if not m:
            continue
        pending = False
        if ext == ".py":
            cls = ".".join([stem.replace("/", ".")] + [c[1] for c in classes if line.startswith(" ")])
            out.append((cls, m.group(1)))
        elif ext == ".go":
            out.append(("example.com/bench/" + os.path.dirname(rel), m.group(1)))
        elif ext == ".rs":
            out.append(("bench::" + os.path.basename(stem), m.group(1)))
        elif ext in (".java", ".cs"):
            cls = classes[-1][1] if classes else os.path.basename(stem)
            pkg = os.path.dirname(rel).replace("/", ".")
            out.append((f"{pkg}.{cls}", m.group(1)))
        elif ext in (".js", ".ts"):
            title = " ".join([d[1] for d in describes] + [m.group(1)])
            out.append((title, title))
        elif ext == ".cpp":
            out.append((m.group(1), m.group(2)))
        else:
            out.append((stem.replace("/", "."), m.group(1)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workspace")
    ap.add_argument("out")
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    found = []
    for dirpath, dirnames, filenames in os.walk(args.workspace):
        dirnames.sort()
        for name in sorted(filenames):
            rel = os.path.relpath(os.path.join(dirpath, name), args.workspace).replace(os.sep, "/")
            if "test" in rel.lower():
                found.extend(cases_of(args.workspace, rel))
    rng.shuffle(found)
    chosen = found[: args.cases]
    with open(args.out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(f'<testsuites name="bench" tests="{len(chosen)}">\n')
        f.write(f'  <testsuite name="bench" tests="{len(chosen)}">\n')
        for cls, name in chosen:
            roll = rng.random()
            attrs = f"classname={quoteattr(cls)} name={quoteattr(name)} time=\"0.001\""
            if roll < 0.02:
                f.write(f'    <testcase {attrs}><failure message="assertion failed">expected 1, got 2</failure></testcase>\n')
            elif roll < 0.03:
                f.write(f'    <testcase {attrs}><skipped message="later"/></testcase>\n')
            else:
                f.write(f"    <testcase {attrs}/>\n")
        f.write("  </testsuite>\n</testsuites>\n")
    print(f"{len(chosen)} cases of {len(found)} annotated tests found -> {args.out}")


if __name__ == "__main__":
    main()
