#!/usr/bin/env python3
"""Turn a workspace made by gen_workspace.py into a twin in tracey's syntax.

Usage: bench/gen_tracey_twin.py SRC_WS DST_DIR [--force]

Same files, same requirement count, annotations on the same functions; only the ID syntax
differs:

* Markdown: ``## REQ-17: Title`` becomes ``## Title`` with the marker ``r[req.17]`` as the
  first line of the requirement's paragraph (tracey wants the marker at column 0, and IDs
  with at least one dot); ``BRIEF-n`` and ``RM-n`` items become ``r[brief.n]`` / ``r[rm.n]``.
  Mentions in prose (``See also REQ-9``, ``Derives from: BRIEF-3``) become plain ``req.9`` /
  ``brief.3``: tracey has no derivation chain, and inline markers are ignored anyway.
* Code: ``Implements: REQ-1, REQ-2`` becomes ``r[impl req.1] r[impl req.2]``, ``Verifies:``
  becomes ``r[verify …]``, wherever it is: comments, and the decoy string literals too (a
  trace tool must ignore those in either syntax). Other ``REQ-n`` mentions become ``req.n``.
* Python docstring annotations: tracey reads comments only, so the annotation line leaves
  the docstring and becomes a ``#`` comment directly above the function (above its
  decorators). Without this, tracey would see ~20% fewer Python annotations.
* ``.config/tracey/config.styx``: one spec (``docs/**/*.md``), one implementation with
  every language's sources and tests.

Put the twin outside any git work tree that ignores it (tracey's walk honours .gitignore
files above the root, and this repository ignores bench/out).

Known difference that no rewrite can remove: tracey has no C# grammar, so it reads none of
the ``dotnet/`` files (10% of the sources); the bench reports it.
"""
import argparse
import os
import re
import shutil
import sys

MANIFEST = ".bench-manifest.json"
TWIN_MARK = ".tracey-twin"

HEADING = re.compile(r"^(#{1,6}) (REQ|BRIEF|RM)-(\d+): (.*)$")
ANNOTATION = re.compile(r"\b(Implements|Verifies): (REQ-\d+(?:, REQ-\d+)*)")
MENTION = re.compile(r"\b(REQ|BRIEF|RM)-(\d+)\b")
PY_DOC_ANN = re.compile(r"^(\s*)(Implements|Verifies): REQ-\d+(?:, REQ-\d+)*\s*$")
PY_DEF = re.compile(r"^(\s*)(?:async\s+)?def ")
VERB = {"Implements": "impl", "Verifies": "verify"}

CODE_EXT = (".rs", ".py", ".js", ".ts", ".go", ".java", ".cs", ".c", ".cpp")

CONFIG = """\
// Written by throughline's bench/gen_tracey_twin.py: the twin of a gen_workspace.py tree.
specs (
    {
        name bench
        include (docs/**/*.md)
        impls (
            {
                name main
                // Tests in the same list: `test_include` only forbids `impl` in them, and
                // its files would share this list's `exclude`.
                include (
                    rust/**/*.rs
                    python/**/*.py
                    web/**/*.js
                    web/**/*.ts
                    go/**/*.go
                    java/**/*.java
                    dotnet/**/*.cs
                    c/**/*.c
                    cpp/**/*.cpp
                )
            }
        )
    }
)
"""


def tracey_id(kind, num):
    return f"{kind.lower()}.{num}"


def refs(keyword, ids):
    verb = VERB[keyword]
    return " ".join(f"r[{verb} req.{i.split('-')[1]}]" for i in ids.split(", "))


def code_line(line):
    line = ANNOTATION.sub(lambda m: refs(m.group(1), m.group(2)), line)
    return MENTION.sub(lambda m: tracey_id(m.group(1), m.group(2)), line)


def convert_md(text):
    out = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = HEADING.match(lines[i])
        if m:
            out += [f"{m.group(1)} {m.group(4)}", "", f"r[{tracey_id(m.group(2), m.group(3))}]"]
            i += 1
            # The heading's blank line is now above the marker; the marker starts the paragraph.
            if i < len(lines) and lines[i] == "":
                i += 1
            continue
        out.append(MENTION.sub(lambda m: tracey_id(m.group(1), m.group(2)), lines[i]))
        i += 1
    return "\n".join(out), 0


def convert_py(text):
    out = []
    moved = 0
    for line in text.split("\n"):
        m = PY_DOC_ANN.match(line)
        if m:
            # A bare `Implements:` line can only be inside a docstring (comments start with #,
            # decoys are inside quotes on a code line). Move it above the def.
            keyword = m.group(2)
            ids = line.strip().split(": ", 1)[1]
            if out and out[-1].strip() == "":
                out.pop()  # the blank line between the doc sentence and the annotation
            d = len(out) - 1
            while d >= 0 and not PY_DEF.match(out[d]):
                d -= 1
            if d < 0:
                sys.exit("docstring annotation without a def above it")
            ind = PY_DEF.match(out[d]).group(1)
            while d > 0 and out[d - 1].startswith(ind + "@"):
                d -= 1
            out.insert(d, f"{ind}# {refs(keyword, ids)}")
            moved += 1
            continue
        out.append(code_line(line))
    return "\n".join(out), moved


def convert_code(text):
    return "\n".join(code_line(line) for line in text.split("\n")), 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--force", action="store_true", help=f"replace DST if an earlier run made it (has {TWIN_MARK})")
    args = ap.parse_args()
    src, dst = os.path.abspath(args.src), os.path.abspath(args.dst)
    if not os.path.isfile(os.path.join(src, MANIFEST)):
        sys.exit(f"{src} has no {MANIFEST}: not a gen_workspace.py tree")
    if os.path.exists(dst):
        if not (args.force and os.path.isfile(os.path.join(dst, TWIN_MARK))):
            sys.exit(f"{dst} exists (use --force to replace a twin made by this script)")
        shutil.rmtree(dst)
    stats = {"files": 0, "md": 0, "code": 0, "moved_docstring_annotations": 0, "refs": 0, "defs": 0}
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, src)
        os.makedirs(os.path.join(dst, rel_dir), exist_ok=True)
        for name in sorted(filenames):
            s = os.path.join(dirpath, name)
            d = os.path.join(dst, rel_dir, name)
            if name == MANIFEST or not name.endswith((".md",) + CODE_EXT):
                shutil.copyfile(s, d)
                continue
            with open(s, encoding="utf-8") as fh:
                text = fh.read()
            if name.endswith(".md"):
                text, _ = convert_md(text)
                stats["md"] += 1
                stats["defs"] += len(re.findall(r"(?m)^r\[(?:req|brief|rm)\.\d+\]$", text))
            else:
                text, moved = (convert_py if name.endswith(".py") else convert_code)(text)
                stats["code"] += 1
                stats["moved_docstring_annotations"] += moved
                stats["refs"] += len(re.findall(r"r\[(?:impl|verify) req\.\d+\]", text))
            with open(d, "w", encoding="utf-8") as fh:
                fh.write(text)
            stats["files"] += 1
    os.makedirs(os.path.join(dst, ".config/tracey"), exist_ok=True)
    with open(os.path.join(dst, ".config/tracey/config.styx"), "w", encoding="utf-8") as fh:
        fh.write(CONFIG)
    with open(os.path.join(dst, TWIN_MARK), "w", encoding="utf-8") as fh:
        fh.write(f"twin of {src}\n")
    print(f"twin: {dst}: {stats['md']} Markdown files with {stats['defs']} requirement markers, "
          f"{stats['code']} code files with {stats['refs']} r[…] references (decoy strings included), "
          f"{stats['moved_docstring_annotations']} Python docstring annotations moved to comments")


if __name__ == "__main__":
    main()
