#!/usr/bin/env python3
"""Generate a large, deterministic synthetic workspace for benchmarking `throughline check`.

Usage:
    python3 bench/gen_workspace.py TARGET_DIR [--files N] [--reqs N] [--annotations N]
                                              [--seed N] [--findings] [--force]

The workspace contains:

* ``docs/roadmap.md``       roadmap items   ``## RM-1: Title``
* ``docs/briefs.md``        briefs          ``## BRIEF-1: Title`` + ``Derives from: RM-n``
* ``docs/prd/prd-NN.md``    requirements    ``## REQ-1: Title`` + prose + ``Derives from: BRIEF-n``
* source files in Rust, Python, JavaScript, TypeScript, Go, Java, C#, C and C++, about a
  third of them tests following each language's conventions.  Functions and methods carry
  ``Implements: REQ-n`` (code) or ``Verifies: REQ-n`` (tests) annotations in that language's
  comment syntax (Python sometimes in a docstring).  Ordinary comments and string literals
  that mention REQ ids (decoys, which a trace tool must ignore) are sprinkled in.

Everything is derived from one ``random.Random(seed)``: the same arguments always give
byte-identical output.  Only the Python 3.11 standard library is used.

A hidden ``.bench-manifest.json`` at the workspace root records the parameters and what a
correct checker should find (requirements deliberately left unimplemented / unverified).

``--findings`` makes a workspace with many findings: 40% of the requirements have no test
and 2.5% of the annotations also name an ID that does not exist (``unknown-ref``).  Without
it the output is byte-identical to the generator before the option existed: every choice of
the findings mode is made with a second ``random.Random``, and the main one draws the same.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field

MANIFEST = ".bench-manifest.json"

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

AREAS = [
    "billing", "auth", "search", "ingest", "reporting", "notify", "storage", "catalog",
    "checkout", "inventory", "shipping", "profile", "session", "audit", "export", "import",
    "scheduler", "webhook", "metrics", "tenant", "pricing", "ledger", "media", "gateway",
    "policy", "consent", "routing", "review", "payout", "support", "cache", "config",
    "identity", "feed", "planner", "quota", "backup", "sync", "render", "archive",
]
SUBS = ["core", "api", "model", "store", "client", "worker", "util", "rules", "io", "view"]

VERBS = [
    "parse", "load", "store", "validate", "render", "merge", "resolve", "encode", "decode",
    "compute", "apply", "collect", "filter", "build", "sync", "refresh", "schedule", "emit",
    "register", "normalize", "index", "rank", "split", "flush", "export", "import", "audit",
    "retry", "throttle", "redact", "compress", "verify", "prepare", "publish", "fetch",
]
NOUNS = [
    "header", "payload", "record", "batch", "token", "session", "invoice", "entry", "report",
    "query", "result", "cursor", "window", "bucket", "policy", "rule", "event", "message",
    "channel", "account", "tenant", "order", "item", "price", "quota", "snapshot", "delta",
    "manifest", "chunk", "segment", "schedule", "webhook", "receipt", "profile", "summary",
]
ADJS = [
    "pending", "active", "stale", "partial", "primary", "local", "remote", "cached",
    "signed", "draft", "final", "nested", "raw", "merged", "default", "legacy",
]

TITLE_VERBS = [
    "Export", "Import", "Validate", "Retry", "Cache", "Encrypt", "Paginate", "Throttle",
    "Notify users about", "Archive", "Render", "Synchronise", "Deduplicate", "Schedule",
    "Authenticate", "Authorise access to", "Audit", "Redact", "Compress", "Index",
    "Search", "Sort", "Filter", "Preview", "Restore", "Rotate", "Migrate", "Reconcile",
    "Summarise", "Version", "Lock", "Expire", "Batch", "Stream", "Sign", "Localise",
]
TITLE_OBJECTS = [
    "audit log entries", "webhook deliveries", "user sessions", "billing invoices",
    "API tokens", "search results", "report exports", "payment receipts", "shipping labels",
    "inventory counts", "tenant settings", "price lists", "support tickets", "media uploads",
    "consent records", "scheduled jobs", "usage metrics", "catalog items", "order history",
    "account profiles", "notification preferences", "backup snapshots", "feature flags",
    "access policies", "review comments", "payout batches", "ledger balances", "routing rules",
]
TITLE_QUALIFIERS = [
    "", "", "", "for admin users", "within 200 ms", "on mobile clients", "across regions",
    "in bulk", "per tenant", "after a failover", "for read-only members", "offline",
    "with a full history", "on a schedule", "behind a feature flag", "for guest checkouts",
]
COMPONENTS = [
    "API gateway", "ingest worker", "web client", "billing service", "search index",
    "scheduler", "storage layer", "notification service", "admin console", "CLI",
]
CONDITIONS = [
    "the upstream service times out", "a tenant exceeds its quota", "the cache is cold",
    "two editors save at the same time", "the payload is larger than the configured limit",
    "the user lacks the required role", "a retry budget is exhausted",
    "the network connection drops", "the schema version is unknown",
    "a background job is cancelled", "the clock of a replica drifts",
]
ACTIONS = [
    "return a stable error code", "queue the work for a later attempt",
    "fall back to the last known good value", "log a structured warning",
    "reject the request without side effects", "notify the owning team",
    "keep the previous version readable", "emit a metric with the tenant id",
    "show a clear message in the interface", "record the event in the audit trail",
]
GOALS = [
    "see what changed since the last release", "undo a mistaken bulk edit",
    "find a record by any of its identifiers", "export data for an external audit",
    "understand why a request was rejected", "limit the blast radius of a bad deploy",
    "rotate credentials with zero downtime", "keep costs predictable month to month",
]
PAINS = [
    "opening a support ticket", "reading raw logs", "writing custom scripts",
    "waiting for the nightly batch", "asking an engineer", "losing unsaved work",
]
DEFAULTS = ["off", "on", "30 days", "the tenant's locale", "strict mode", "500 items"]
OUT_OF_SCOPE = [
    "migrating historical data", "a mobile-specific layout", "third-party connectors",
    "real-time collaboration", "custom retention per user", "billing in crypto currencies",
]
PLACES = ["audit trail", "admin console", "metrics dashboard", "API response", "export file"]

COMMENTS = [
    "Keep the fast path free of allocations.",
    "TODO: revisit once the cache is sharded.",
    "The order of these checks matters, see the design notes.",
    "Fall back to the conservative default when unsure.",
    "This mirrors the behaviour of the previous implementation.",
    "Guard against pathological inputs from older clients.",
    "NOTE: the limit is inclusive on purpose.",
    "Cheap check first; the expensive one below rarely runs.",
    "Callers rely on the result being stable across runs.",
    "FIXME: the upper bound should come from configuration.",
    "Counting characters, not bytes, is intentional here.",
    "Normalise early so the comparisons below stay simple.",
]
MESSAGES = [
    "empty input, nothing to do", "limit reached, truncating", "unexpected token in header",
    "falling back to defaults", "retry budget exhausted", "skipping malformed record",
    "cache miss for key", "quota exceeded for tenant", "schema version not recognised",
    "request rejected by policy", "snapshot is stale", "deprecated option ignored",
]
TAGS = ["chunk", "row", "item", "seg", "part", "slot", "page", "key", "node", "cell"]
SAMPLE_TEXTS = [
    "alpha beta gamma", "header: value", "id=42 name=test", "one two three four",
    "lorem ipsum dolor", "GET /api/v1/items", "x y z", "status ok", "tenant acme",
]

# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------

_TOKEN = re.compile(r"@(\w+)@")


def fill(template: str, values: dict) -> list[str]:
    """Substitute @name@ tokens and return the lines (without trailing newline)."""
    text = _TOKEN.sub(lambda m: str(values[m.group(1)]), template)
    return text.strip("\n").split("\n")


def indent(lines: list[str], prefix: str) -> list[str]:
    return [(prefix + line) if line else "" for line in lines]


def plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def snake(words: list[str]) -> str:
    return "_".join(words)


def camel(words: list[str]) -> str:
    return words[0] + "".join(w.capitalize() for w in words[1:])


def pascal(words: list[str]) -> str:
    return "".join(w.capitalize() for w in words)


def id_list(ids: list[int]) -> str:
    return ", ".join(f"REQ-{i}" for i in ids)


def split_counts(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainder)."""
    wsum = sum(weights)
    if total <= 0 or wsum <= 0:
        return [0] * len(weights)
    raw = [total * w / wsum for w in weights]
    out = [int(r) for r in raw]
    rest = total - sum(out)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:rest]:
        out[i] += 1
    return out


# --------------------------------------------------------------------------------------
# Requirement id allocation
# --------------------------------------------------------------------------------------


class IdSource:
    """Hands out requirement ids: first every id of `pool` once (in order, for locality),
    then random picks from the pool."""

    def __init__(self, rng: random.Random, pool: list[int]):
        self.rng = rng
        self.pool = pool
        self.queue = list(pool)
        self.pos = 0
        self.used: set[int] = set()

    def take(self, k: int) -> list[int]:
        out: list[int] = []
        while len(out) < k and self.pool:
            if self.pos < len(self.queue):
                rid = self.queue[self.pos]
                self.pos += 1
            else:
                rid = self.rng.choice(self.pool)
            if rid in out:
                if len(self.pool) <= len(out):
                    break
                continue
            out.append(rid)
        self.used.update(out)
        return sorted(out)


# --------------------------------------------------------------------------------------
# Function model shared by all languages
# --------------------------------------------------------------------------------------


@dataclass
class Func:
    name_words: list[str]
    ids: list[int]            # empty => no annotation
    docstring: bool = False   # Python only: annotation in the docstring
    doc_line: str = ""        # ordinary doc sentence above the function (may be empty)
    block: bool = False       # render the comment as a block/doc comment
    body: list[str] = field(default_factory=list)  # body lines at indent 0
    decorated: bool = False   # Python parametrised test / extra decorator


@dataclass
class Ctx:
    rng: random.Random
    stats: dict
    decoy_impl: list[int]     # ids whose strings should look like Implements: (never implemented)
    decoy_test: list[int]     # ids whose strings should look like Verifies: (never verified)
    n_reqs: int

    def message(self, is_test: bool) -> str:
        """A string-literal message; occasionally a decoy that mentions a REQ id."""
        rng = self.rng
        if rng.random() < 0.06:
            self.stats["decoy_strings"] += 1
            kind = rng.random()
            if kind < 0.4:
                pool = self.decoy_test if is_test else self.decoy_impl
                rid = rng.choice(pool) if pool else rng.randint(1, self.n_reqs)
                word = "Verifies" if is_test else "Implements"
                return f"{word}: REQ-{rid} is handled elsewhere"
            if kind < 0.8:
                return f"see REQ-{rng.randint(1, self.n_reqs)} for the retry policy"
            return f"legacy REQ-{rng.randint(self.n_reqs + 1, self.n_reqs * 3 + 10)} flag ignored"
        return rng.choice(MESSAGES)


# --------------------------------------------------------------------------------------
# Language back-ends
# --------------------------------------------------------------------------------------
# Each language provides body snippet templates (using @v@, @n@, @m@, @s@, @tag@, @ret@),
# function rendering and file assembly.  Function parameters are always `text` (a string)
# and `limit` (an int); bodies accumulate into `total`.


class Lang:
    key = ""
    ext = ""
    ind = "    "
    line_comment = "//"
    snippets: list[str] = []
    ret_value = "return 0;"
    ret_void = "return;"

    def __init__(self, ctx: Ctx):
        self.ctx = ctx
        self.rng = ctx.rng

    # -- bodies -------------------------------------------------------------------------
    def body(self, is_test: bool, n_snippets: int) -> list[str]:
        rng = self.rng
        lines: list[str] = []
        for k in range(n_snippets):
            if rng.random() < 0.3:
                lines.append(self.comment_line(rng.choice(COMMENTS)))
                self.ctx.stats["ordinary_comments"] += 1
            template = rng.choice(self.snippets)
            vals = {
                "v": self.var_name(rng.choice(ADJS), plural(rng.choice(NOUNS)), k),
                "n": rng.choice([4, 8, 16, 32, 64, 100, 128, 256]),
                "m": rng.choice([2, 3, 5, 7]),
                "s": self.ctx.message(is_test) if "@s@" in template else "",
                "tag": rng.choice(TAGS),
                "ret": self.ret_void if is_test else self.ret_value,
            }
            lines.extend(fill(template, vals))
        return lines

    def var_name(self, adj: str, noun: str, k: int) -> str:
        return f"{adj}_{noun}{k}"

    def comment_line(self, text: str) -> str:
        return f"{self.line_comment} {text}"

    # -- comments above functions ---------------------------------------------------------
    def annotation_comment(self, f: Func, keyword: str) -> list[str]:
        """Comment lines placed directly above a function (may be empty)."""
        lines: list[str] = []
        if f.docstring:
            return lines  # Python: the annotation (and doc sentence) live in the docstring
        if f.ids:
            ann = f"{keyword}: {id_list(f.ids)}"
            if f.block and self.block_style():
                lines = self.block_comment([f.doc_line, "", ann] if f.doc_line else [ann])
            else:
                pre = self.doc_prefix() if f.block else self.line_comment
                if f.doc_line:
                    lines.append(f"{pre} {f.doc_line}")
                lines.append(f"{pre} {ann}")
        elif f.doc_line:
            if f.block and self.block_style():
                lines = self.block_comment([f.doc_line])
            else:
                lines = [f"{self.doc_prefix() if f.block else self.line_comment} {f.doc_line}"]
        return lines

    def block_style(self) -> bool:
        return False

    def doc_prefix(self) -> str:
        return self.line_comment

    def block_comment(self, text_lines: list[str]) -> list[str]:
        if len(text_lines) == 1:
            return [f"/** {text_lines[0]} */"]
        return ["/**"] + [f" * {t}".rstrip() for t in text_lines] + [" */"]

    # -- overridden per language ---------------------------------------------------------
    def render_impl(self, mod: "Module") -> str:
        raise NotImplementedError

    def render_test(self, mod: "Module") -> str:
        raise NotImplementedError


@dataclass
class Module:
    lang: str
    pkg: str                  # package / crate / namespace segment
    name_words: list[str]     # module name words
    path: str                 # relative path
    is_test: bool
    target: "Module | None" = None  # for tests: the module under test
    funcs: list[Func] = field(default_factory=list)
    type_words: list[str] = field(default_factory=list)


def verb_s(verb: str) -> str:
    if verb.endswith(("s", "sh", "ch", "x")):
        return verb + "es"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def a(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def doc_sentence(rng: random.Random, f_words: list[str], is_test: bool = False) -> str:
    verb, noun = f_words[0], f_words[-1]
    if is_test:
        return rng.choice([
            f"Regression test: {verb} must not drop {a(noun)}.",
            f"Covers the {rng.choice(ADJS)} {noun} path of {verb}.",
            f"Checks that {verb} keeps the {noun} intact when the limit is small.",
        ])
    return rng.choice([
        f"{verb.capitalize()} the {noun} and return the number of units processed.",
        f"{verb_s(verb).capitalize()} {a(rng.choice(ADJS))} {noun}; the caller owns the input.",
        f"Entry point used by the {rng.choice(COMPONENTS)} to {verb} {a(noun)}.",
        f"Best-effort {verb} of the given {noun}, bounded by `limit`.",
    ])


def test_title(rng: random.Random, f_words: list[str]) -> str:
    verb, noun = f_words[0], f_words[-1]
    return rng.choice([
        f"{verb_s(verb)} {a(noun)} with default limits",
        f"rejects an empty {noun}",
        f"handles {a(rng.choice(ADJS))} {noun}",
        f"keeps {noun} ordering across {verb} calls",
        f"{verb} is idempotent for {a(noun)}",
    ])


# ---------------------------------------------------------------------------- Rust ---


class Rust(Lang):
    key, ext = "rs", ".rs"
    ret_value, ret_void = "return 0;", "return;"
    snippets = [
        r"""
let mut @v@ = Vec::with_capacity(@n@);
for i in 0..limit.min(@n@) {
    if i % @m@ == 0 {
        @v@.push(format!("@tag@-{}", i));
    } else {
        total += i;
    }
}
total += @v@.len();
""",
        r"""
for word in text.split_whitespace() {
    if word.starts_with("@tag@") {
        total += word.len();
    }
}
""",
        r"""
if text.is_empty() {
    eprintln!("@s@");
    @ret@
}
""",
        r"""
let @v@ = match limit {
    0 => "none",
    1..=@n@ => "few",
    _ => "many",
};
total += @v@.len();
""",
        r"""
let mut @v@: HashMap<char, usize> = HashMap::new();
for ch in text.chars() {
    *@v@.entry(ch).or_insert(0) += 1;
}
total += @v@.len();
""",
        r"""
if let Some(rest) = text.strip_prefix("@tag@:") {
    total += rest.trim().len();
} else if total > @n@ {
    log::debug!("@s@");
}
""",
    ]

    def block_style(self) -> bool:
        return False

    def doc_prefix(self) -> str:
        return "///"

    def fn(self, f: Func, method: bool, keyword: str, is_test: bool) -> list[str]:
        name = snake(f.name_words)
        out = self.annotation_comment(f, keyword)
        if is_test:
            out.append("#[test]")
            out.append(f"fn {name}() {{")
            pre = [f'let text = "{self.rng.choice(SAMPLE_TEXTS)}";',
                   f"let limit: usize = {self.rng.choice([1, 8, 64])};",
                   "let mut total: usize = 0;"]
            post = ["assert!(total < usize::MAX);"]
        else:
            recv = "&self, " if method else ""
            out.append(f"pub fn {name}({recv}text: &str, limit: usize) -> usize {{")
            pre = ["let mut total: usize = 0;"]
            post = ["total"]
        out += indent(pre + f.body + post, self.ind)
        out.append("}")
        return out

    def render_impl(self, mod: Module) -> str:
        rng = self.rng
        tname = pascal(mod.type_words)
        lines = [f"//! {pascal(mod.name_words)} support for the `{mod.pkg}` crate.",
                 "//!",
                 f"//! {rng.choice(COMMENTS)}",
                 "",
                 "use std::collections::HashMap;",
                 "use std::fmt;",
                 "",
                 f"use crate::{rng.choice(SUBS)}::{pascal([rng.choice(NOUNS)])};",
                 "",
                 f"pub const DEFAULT_LIMIT: usize = {rng.choice([16, 64, 256])};",
                 "",
                 f"/// {tname} keeps the state shared by the functions below.",
                 "#[derive(Debug, Clone, Default)]",
                 f"pub struct {tname} {{",
                 "    name: String,",
                 "    limit: usize,",
                 "}",
                 "",
                 f"impl fmt::Display for {tname} {{",
                 "    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {",
                 "        write!(f, \"{}:{}\", self.name, self.limit)",
                 "    }",
                 "}",
                 ""]
        n_methods = len(mod.funcs) // 2
        methods, frees = mod.funcs[:n_methods], mod.funcs[n_methods:]
        if methods:
            lines.append(f"impl {tname} {{")
            for i, f in enumerate(methods):
                if i:
                    lines.append("")
                lines += indent(self.fn(f, True, "Implements", False), self.ind)
            lines.append("}")
            lines.append("")
        for f in frees:
            lines += self.fn(f, False, "Implements", False)
            lines.append("")
        return "\n".join(lines)

    def render_test(self, mod: Module) -> str:
        tgt = mod.target
        lines = [f"//! Integration tests for `{mod.pkg}::{snake(tgt.name_words)}`.",
                 "",
                 f"use {mod.pkg}::{snake(tgt.name_words)}::{pascal(tgt.type_words)};",
                 "use std::collections::HashMap;",
                 ""]
        for f in mod.funcs:
            lines += self.fn(f, False, "Verifies", True)
            lines.append("")
        return "\n".join(lines)


# -------------------------------------------------------------------------- Python ---


class Python(Lang):
    key, ext = "py", ".py"
    line_comment = "#"
    ret_value, ret_void = "return 0", "return"
    snippets = [
        r"""
@v@ = []
for i in range(min(limit, @n@)):
    if i % @m@ == 0:
        @v@.append(f"@tag@-{i}")
    else:
        total += i
total += len(@v@)
""",
        r"""
for word in text.split():
    if word.startswith("@tag@"):
        total += len(word)
""",
        r"""
if not text:
    LOG.warning("@s@")
    @ret@
""",
        r"""
@v@ = defaultdict(int)
for ch in text:
    @v@[ch] += 1
total += len(@v@)
""",
        r"""
try:
    total += int(text.strip() or "0")
except ValueError:
    LOG.debug("@s@")
""",
        r"""
@v@ = {"mode": "@tag@", "limit": limit, "size": len(text)}
if @v@["size"] > @n@:
    total += @v@["size"] // @m@
elif limit:
    total += limit
""",
    ]

    def fn(self, f: Func, method: bool, keyword: str, is_test: bool, ind: str) -> list[str]:
        name = snake(f.name_words)
        out = self.annotation_comment(f, keyword)
        if is_test:
            name = "test_" + name
            if f.decorated:
                out.append('@pytest.mark.parametrize("limit", [1, 8, 64])')
            args = "self" if method else ""
            if f.decorated:
                args = f"{args}, limit" if args else "limit"
            out.append(f"def {name}({args}):")
        else:
            args = "self, text: str, limit: int" if method else "text: str, limit: int"
            out.append(f"def {name}({args}) -> int:")
        body: list[str] = []
        if f.docstring and f.ids:
            body += [f'"""{f.doc_line or doc_sentence(self.rng, f.name_words, is_test)}', "",
                     f"{keyword}: {id_list(f.ids)}", '"""']
        if is_test:
            body.append(f'text = "{self.rng.choice(SAMPLE_TEXTS)}"')
            if not f.decorated:
                body.append(f"limit = {self.rng.choice([1, 8, 64])}")
        body.append("total = 0")
        body += f.body
        body.append("assert total >= 0" if is_test else "return total")
        out += indent(body, self.ind)
        return indent(out, ind)

    def render_impl(self, mod: Module) -> str:
        rng = self.rng
        cname = pascal(mod.type_words)
        lines = [f'"""{pascal(mod.name_words)} helpers for the {mod.pkg} package.', "",
                 rng.choice(COMMENTS), '"""', "",
                 "from __future__ import annotations", "",
                 "import logging", "import os", "from collections import defaultdict",
                 "from typing import Iterable", "",
                 f"from {mod.pkg}.{rng.choice(SUBS)} import {pascal([rng.choice(NOUNS)])}", "",
                 "LOG = logging.getLogger(__name__)",
                 f"DEFAULT_LIMIT = {rng.choice([16, 64, 256])}", "", ""]
        n_methods = len(mod.funcs) // 2
        methods, frees = mod.funcs[:n_methods], mod.funcs[n_methods:]
        for f in frees:
            lines += self.fn(f, False, "Implements", False, "")
            lines += ["", ""]
        if methods:
            lines += [f"class {cname}:",
                      f'    """Stateful wrapper around the {mod.pkg} {snake(mod.name_words)} helpers."""',
                      "",
                      "    def __init__(self, name: str, limit: int = DEFAULT_LIMIT) -> None:",
                      "        self.name = name",
                      "        self.limit = limit",
                      ""]
            for f in methods:
                lines += self.fn(f, True, "Implements", False, self.ind)
                lines.append("")
        return "\n".join(lines).rstrip("\n") + "\n"

    def render_test(self, mod: Module) -> str:
        tgt = mod.target
        lines = [f'"""Tests for {mod.pkg}.{snake(tgt.name_words)}."""', "",
                 "import pytest", "",
                 f"from {mod.pkg}.{snake(tgt.name_words)} import {pascal(tgt.type_words)}", "", ""]
        n_methods = len(mod.funcs) // 3
        methods, frees = mod.funcs[:n_methods], mod.funcs[n_methods:]
        for f in frees:
            lines += self.fn(f, False, "Verifies", True, "")
            lines += ["", ""]
        if methods:
            lines += [f"class Test{pascal(tgt.type_words)}:", ""]
            for f in methods:
                lines += self.fn(f, True, "Verifies", True, self.ind)
                lines.append("")
        return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------- JS / TypeScript ---


class JavaScript(Lang):
    key, ext = "js", ".js"
    ind = "  "
    ret_value, ret_void = "return 0;", "return;"
    typed = False
    snippets = [
        r"""
const @v@ = [];
for (let i = 0; i < Math.min(limit, @n@); i++) {
  if (i % @m@ === 0) {
    @v@.push(`@tag@-${i}`);
  } else {
    total += i;
  }
}
total += @v@.length;
""",
        r"""
for (const word of text.split(/\s+/)) {
  if (word.startsWith("@tag@")) {
    total += word.length;
  }
}
""",
        r"""
if (!text) {
  console.warn("@s@");
  @ret@
}
""",
        r"""
const @v@ = new Map();
for (const ch of text) {
  @v@.set(ch, (@v@.get(ch) ?? 0) + 1);
}
total += @v@.size;
""",
        r"""
switch (limit) {
  case 0:
    total += 1;
    break;
  case @n@:
    total += "@tag@".length;
    break;
  default:
    total += limit;
}
""",
        r"""
try {
  total += Number.parseInt(text.trim() || "0", 10) | 0;
} catch (err) {
  console.debug("@s@", err);
}
""",
    ]

    def var_name(self, adj: str, noun: str, k: int) -> str:
        return camel([adj, noun]) + str(k)

    def block_style(self) -> bool:
        return True

    def sig_params(self) -> str:
        return "text: string, limit: number" if self.typed else "text, limit"

    def ret_type(self) -> str:
        return ": number" if self.typed else ""

    def total_decl(self) -> str:
        return "let total: number = 0;" if self.typed else "let total = 0;"

    def fn(self, f: Func, style: str, keyword: str) -> list[str]:
        name = camel(f.name_words)
        out = self.annotation_comment(f, keyword)
        body = [self.total_decl()] + f.body + ["return total;"]
        if style == "method":
            out.append(f"{name}({self.sig_params()}){self.ret_type()} {{")
            out += indent(body, self.ind)
            out.append("}")
        elif style == "arrow":
            out.append(f"export const {name} = ({self.sig_params()}){self.ret_type()} => {{")
            out += indent(body, self.ind)
            out.append("};")
        else:
            out.append(f"export function {name}({self.sig_params()}){self.ret_type()} {{")
            out += indent(body, self.ind)
            out.append("}")
        return out

    def test_case(self, f: Func, fn_name: str) -> list[str]:
        out = self.annotation_comment(f, "Verifies")
        title = test_title(self.rng, f.name_words)
        out.append(f'{fn_name}("{title}", () => {{')
        body = [f'const text = "{self.rng.choice(SAMPLE_TEXTS)}";',
                f"const limit = {self.rng.choice([1, 8, 64])};",
                self.total_decl()] + f.body + ["expect(total).toBeGreaterThanOrEqual(0);"]
        out += indent(body, self.ind)
        out.append("});")
        return out

    def render_impl(self, mod: Module) -> str:
        rng = self.rng
        cname = pascal(mod.type_words)
        other = snake([rng.choice(VERBS), rng.choice(NOUNS)])
        lines = [f"// {pascal(mod.name_words)}: {rng.choice(COMMENTS)}",
                 'import path from "node:path";',
                 f'import {{ {camel([rng.choice(VERBS), rng.choice(NOUNS)])} }} from "./{other}{self.ext.replace(".ts", ".js")}";',
                 ""]
        if self.typed:
            lines += [f"export interface {cname}Options {{",
                      "  name: string;",
                      "  limit?: number;",
                      "}", ""]
        lines += [f"const DEFAULT_LIMIT = {rng.choice([16, 64, 256])};", ""]
        n_methods = len(mod.funcs) // 2
        methods, frees = mod.funcs[:n_methods], mod.funcs[n_methods:]
        for f in frees:
            style = "arrow" if rng.random() < 0.2 else "function"
            lines += self.fn(f, style, "Implements")
            lines.append("")
        if methods:
            lines.append(f"export class {cname} {{")
            if self.typed:
                lines += ["  private readonly name: string;",
                          "  private readonly limit: number;", "",
                          f"  constructor(options: {cname}Options) {{",
                          "    this.name = options.name;",
                          "    this.limit = options.limit ?? DEFAULT_LIMIT;",
                          "  }"]
            else:
                lines += ["  constructor(name, limit = DEFAULT_LIMIT) {",
                          "    this.name = name;",
                          "    this.limit = limit;",
                          "  }"]
            for f in methods:
                lines.append("")
                lines += indent(self.fn(f, "method", "Implements"), self.ind)
            lines.append("}")
            lines.append("")
        return "\n".join(lines)

    def render_test(self, mod: Module) -> str:
        tgt = mod.target
        mod_file = snake(tgt.name_words) + ".js"
        lines = ['import { describe, it, test, expect } from "vitest";',
                 f'import {{ {pascal(tgt.type_words)} }} from "./{mod_file}";', ""]
        n_top = len(mod.funcs) // 3
        top, inner = mod.funcs[:n_top], mod.funcs[n_top:]
        if inner:
            lines.append(f'describe("{pascal(tgt.type_words)}", () => {{')
            for i, f in enumerate(inner):
                if i:
                    lines.append("")
                lines += indent(self.test_case(f, "it"), self.ind)
            lines.append("});")
            lines.append("")
        for f in top:
            lines += self.test_case(f, "test")
            lines.append("")
        return "\n".join(lines)


class TypeScript(JavaScript):
    key, ext = "ts", ".ts"
    typed = True
    snippets = [s.replace("const @v@ = [];", "const @v@: string[] = [];")
                 .replace("new Map();", "new Map<string, number>();")
                 .replace("catch (err)", "catch (err: unknown)")
                for s in JavaScript.snippets]


# ------------------------------------------------------------------------------ Go ---


class Go(Lang):
    key, ext = "go", ".go"
    ind = "\t"
    ret_value, ret_void = "return 0", "return"
    snippets = [
        "@v@ := make([]string, 0, @n@)\n"
        "for i := 0; i < limit && i < @n@; i++ {\n"
        "\tif i%@m@ == 0 {\n"
        "\t\t@v@ = append(@v@, fmt.Sprintf(\"@tag@-%d\", i))\n"
        "\t} else {\n"
        "\t\ttotal += i\n"
        "\t}\n"
        "}\n"
        "total += len(@v@)",
        "for _, word := range strings.Fields(text) {\n"
        "\tif strings.HasPrefix(word, \"@tag@\") {\n"
        "\t\ttotal += len(word)\n"
        "\t}\n"
        "}",
        "if text == \"\" {\n"
        "\tlog.Println(\"@s@\")\n"
        "\t@ret@\n"
        "}",
        "@v@ := make(map[rune]int)\n"
        "for _, ch := range text {\n"
        "\t@v@[ch]++\n"
        "}\n"
        "total += len(@v@)",
        "switch {\n"
        "case limit == 0:\n"
        "\ttotal++\n"
        "case limit > @n@:\n"
        "\ttotal += len(\"@tag@\")\n"
        "default:\n"
        "\ttotal += limit\n"
        "}",
        "if n, err := strconv.Atoi(strings.TrimSpace(text)); err == nil {\n"
        "\ttotal += n\n"
        "} else {\n"
        "\tlog.Printf(\"@s@: %v\", err)\n"
        "}",
    ]

    def var_name(self, adj: str, noun: str, k: int) -> str:
        return camel([adj, noun]) + str(k)

    def fn(self, f: Func, recv: str, keyword: str, is_test: bool) -> list[str]:
        out = self.annotation_comment(f, keyword)
        if is_test:
            name = "Test" + pascal(f.name_words)
            out.append(f"func {name}(t *testing.T) {{")
            pre = [f'text := "{self.rng.choice(SAMPLE_TEXTS)}"',
                   f"limit := {self.rng.choice([1, 8, 64])}",
                   "total := 0"]
            post = ["if total < 0 {", '\tt.Fatalf("unexpected total %d", total)', "}"]
        else:
            name = pascal(f.name_words)
            r = f"({recv}) " if recv else ""
            out.append(f"func {r}{name}(text string, limit int) int {{")
            pre = ["total := 0"]
            post = ["return total"]
        out += indent(pre + f.body + post, self.ind)
        out.append("}")
        return out

    def annotation_comment(self, f: Func, keyword: str) -> list[str]:
        # Go doc comments start with the identifier name.
        if f.doc_line:
            f = Func(**{**f.__dict__, "doc_line": f"{pascal(f.name_words)} - {f.doc_line[0].lower()}{f.doc_line[1:]}",
                        "block": False})
        return super().annotation_comment(f, keyword)

    def render_impl(self, mod: Module) -> str:
        rng = self.rng
        tname = pascal(mod.type_words)
        lines = [f"// Package {mod.pkg} implements {' '.join(mod.name_words)} handling.",
                 f"package {mod.pkg}", "",
                 "import (", '\t"fmt"', '\t"log"', '\t"strconv"', '\t"strings"', ")", "",
                 f"const defaultLimit{pascal(mod.name_words)} = {rng.choice([16, 64, 256])}", "",
                 f"// {tname} holds configuration for the functions in this file.",
                 f"type {tname} struct {{", "\tName  string", "\tLimit int", "}", ""]
        n_methods = len(mod.funcs) // 2
        for i, f in enumerate(mod.funcs):
            recv = f"x *{tname}" if i < n_methods else ""
            lines += self.fn(f, recv, "Implements", False)
            lines.append("")
        return "\n".join(lines)

    def render_test(self, mod: Module) -> str:
        lines = [f"package {mod.pkg}", "", "import (", '\t"fmt"', '\t"log"', '\t"strconv"',
                 '\t"strings"', '\t"testing"', ")", ""]
        for f in mod.funcs:
            lines += self.fn(f, "", "Verifies", True)
            lines.append("")
        return "\n".join(lines)


# ---------------------------------------------------------------------------- Java ---


class Java(Lang):
    key, ext = "java", ".java"
    ret_value, ret_void = "return 0;", "return;"
    snippets = [
        r"""
List<String> @v@ = new ArrayList<>();
for (int i = 0; i < Math.min(limit, @n@); i++) {
    if (i % @m@ == 0) {
        @v@.add("@tag@-" + i);
    } else {
        total += i;
    }
}
total += @v@.size();
""",
        r"""
for (String word : text.split("\\s+")) {
    if (word.startsWith("@tag@")) {
        total += word.length();
    }
}
""",
        r"""
if (text == null || text.isEmpty()) {
    LOG.warning("@s@");
    @ret@
}
""",
        r"""
Map<Character, Integer> @v@ = new HashMap<>();
for (char ch : text.toCharArray()) {
    @v@.merge(ch, 1, Integer::sum);
}
total += @v@.size();
""",
        r"""
switch (limit) {
    case 0:
        total += 1;
        break;
    case @n@:
        total += "@tag@".length();
        break;
    default:
        total += limit;
}
""",
        r"""
try {
    total += Integer.parseInt(text.trim());
} catch (NumberFormatException e) {
    LOG.fine("@s@");
}
""",
    ]

    def var_name(self, adj: str, noun: str, k: int) -> str:
        return camel([adj, noun]) + str(k)

    def block_style(self) -> bool:
        return True

    def method(self, f: Func, keyword: str, is_test: bool, static: bool) -> list[str]:
        out = self.annotation_comment(f, keyword)
        name = camel(f.name_words)
        if is_test:
            out.append("@Test")
            out.append(f"void {name}() {{")
            pre = [f'String text = "{self.rng.choice(SAMPLE_TEXTS)}";',
                   f"int limit = {self.rng.choice([1, 8, 64])};",
                   "int total = 0;"]
            post = ["assertTrue(total >= 0);"]
        else:
            mods = "public static" if static else "public"
            out.append(f"{mods} int {name}(String text, int limit) {{")
            pre = ["int total = 0;"]
            post = ["return total;"]
        out += indent(pre + f.body + post, self.ind)
        out.append("}")
        return out

    def render_impl(self, mod: Module) -> str:
        rng = self.rng
        cname = pascal(mod.name_words)
        lines = [f"package com.acme.{mod.pkg};", "",
                 "import java.util.ArrayList;", "import java.util.HashMap;",
                 "import java.util.List;", "import java.util.Map;",
                 "import java.util.logging.Logger;", "",
                 "/**", f" * {cname} groups the {' '.join(mod.name_words)} operations.",
                 f" * {rng.choice(COMMENTS)}", " */",
                 f"public class {cname} {{",
                 f"    private static final Logger LOG = Logger.getLogger({cname}.class.getName());",
                 f"    private static final int DEFAULT_LIMIT = {rng.choice([16, 64, 256])};", "",
                 "    private final String name;", "",
                 f"    public {cname}(String name) {{", "        this.name = name;", "    }"]
        for i, f in enumerate(mod.funcs):
            lines.append("")
            lines += indent(self.method(f, "Implements", False, static=(i % 3 == 2)), self.ind)
        lines += ["}", ""]
        return "\n".join(lines)

    def render_test(self, mod: Module) -> str:
        cname = pascal(mod.target.name_words)
        lines = [f"package com.acme.{mod.pkg};", "",
                 "import static org.junit.jupiter.api.Assertions.assertTrue;", "",
                 "import java.util.ArrayList;", "import java.util.HashMap;",
                 "import java.util.List;", "import java.util.Map;",
                 "import java.util.logging.Logger;", "",
                 "import org.junit.jupiter.api.Test;", "",
                 f"class {cname}Test {{",
                 f"    private static final Logger LOG = Logger.getLogger({cname}Test.class.getName());"]
        for f in mod.funcs:
            lines.append("")
            lines += indent(self.method(f, "Verifies", True, False), self.ind)
        lines += ["}", ""]
        return "\n".join(lines)


# ------------------------------------------------------------------------------ C# ---


class CSharp(Lang):
    key, ext = "cs", ".cs"
    ret_value, ret_void = "return 0;", "return;"
    snippets = [
        r"""
var @v@ = new List<string>();
for (var i = 0; i < Math.Min(limit, @n@); i++)
{
    if (i % @m@ == 0)
    {
        @v@.Add($"@tag@-{i}");
    }
    else
    {
        total += i;
    }
}
total += @v@.Count;
""",
        r"""
foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
{
    if (word.StartsWith("@tag@", StringComparison.Ordinal))
    {
        total += word.Length;
    }
}
""",
        r"""
if (string.IsNullOrEmpty(text))
{
    Console.Error.WriteLine("@s@");
    @ret@
}
""",
        r"""
var @v@ = new Dictionary<char, int>();
foreach (var ch in text)
{
    @v@[ch] = @v@.TryGetValue(ch, out var @v@Seen) ? @v@Seen + 1 : 1;
}
total += @v@.Count;
""",
        r"""
switch (limit)
{
    case 0:
        total += 1;
        break;
    case @n@:
        total += "@tag@".Length;
        break;
    default:
        total += limit;
        break;
}
""",
        r"""
if (int.TryParse(text.Trim(), out var parsed@m@@n@))
{
    total += parsed@m@@n@;
}
else
{
    Console.Error.WriteLine("@s@");
}
""",
    ]

    def var_name(self, adj: str, noun: str, k: int) -> str:
        return camel([adj, noun]) + str(k)

    def doc_prefix(self) -> str:
        return "///"

    def annotation_comment(self, f: Func, keyword: str) -> list[str]:
        if f.block and f.doc_line:
            # XML doc comment: summary, then the annotation as its own /// line.
            lines = ["/// <summary>", f"/// {f.doc_line}", "/// </summary>"]
            if f.ids:
                lines.append(f"/// {keyword}: {id_list(f.ids)}")
            return lines
        return super().annotation_comment(f, keyword)

    def method(self, f: Func, keyword: str, is_test: bool) -> list[str]:
        out = self.annotation_comment(f, keyword)
        name = pascal(f.name_words)
        if is_test:
            out.append("[Fact]")
            out.append(f"public void {name}()")
            pre = [f'var text = "{self.rng.choice(SAMPLE_TEXTS)}";',
                   f"var limit = {self.rng.choice([1, 8, 64])};",
                   "var total = 0;"]
            post = ["Assert.True(total >= 0);"]
        else:
            out.append(f"public int {name}(string text, int limit)")
            pre = ["var total = 0;"]
            post = ["return total;"]
        out.append("{")
        out += indent(pre + f.body + post, self.ind)
        out.append("}")
        return out

    def render_impl(self, mod: Module) -> str:
        rng = self.rng
        cname = pascal(mod.name_words)
        lines = ["using System;", "using System.Collections.Generic;", "using System.Linq;", "",
                 f"namespace Acme.{pascal([mod.pkg])};", "",
                 "/// <summary>",
                 f"/// {cname} groups the {' '.join(mod.name_words)} operations.",
                 "/// </summary>",
                 f"public sealed class {cname}",
                 "{",
                 f"    private const int DefaultLimit = {rng.choice([16, 64, 256])};",
                 "    private readonly string _name;", "",
                 f"    public {cname}(string name)",
                 "    {", "        _name = name;", "    }"]
        for f in mod.funcs:
            lines.append("")
            lines += indent(self.method(f, "Implements", False), self.ind)
        lines += ["}", ""]
        return "\n".join(lines)

    def render_test(self, mod: Module) -> str:
        cname = pascal(mod.target.name_words)
        lines = ["using System;", "using System.Collections.Generic;", "using Xunit;", "",
                 f"namespace Acme.{pascal([mod.pkg])}.Tests;", "",
                 f"public class {cname}Tests", "{"]
        for i, f in enumerate(mod.funcs):
            if i:
                lines.append("")
            lines += indent(self.method(f, "Verifies", True), self.ind)
        lines += ["}", ""]
        return "\n".join(lines)


# ---------------------------------------------------------------------------- C ------


class C(Lang):
    key, ext = "c", ".c"
    ret_value, ret_void = "return 0;", "return;"
    snippets = [
        r"""
char @v@[64];
for (int i = 0; i < limit && i < @n@; i++) {
    if (i % @m@ == 0) {
        snprintf(@v@, sizeof @v@, "@tag@-%d", i);
        total += (int)strlen(@v@);
    } else {
        total += i;
    }
}
""",
        r"""
for (const char *p = text; *p != '\0'; p++) {
    if (*p == ' ') {
        total++;
    }
}
""",
        r"""
if (text == NULL || text[0] == '\0') {
    fprintf(stderr, "@s@\n");
    @ret@
}
""",
        r"""
if (strncmp(text, "@tag@", @m@) == 0) {
    total += @n@;
}
""",
        r"""
switch (limit) {
case 0:
    total += 1;
    break;
case @n@:
    total += (int)strlen("@tag@");
    break;
default:
    total += limit;
    break;
}
""",
        r"""
int @v@[@n@] = {0};
for (size_t i = 0; text[i] != '\0' && i < @n@; i++) {
    @v@[i % @m@] += (unsigned char)text[i];
}
total += @v@[0];
""",
    ]

    def block_style(self) -> bool:
        return True

    def block_comment(self, text_lines: list[str]) -> list[str]:
        if len(text_lines) == 1:
            return [f"/* {text_lines[0]} */"]
        return ["/*"] + [f" * {t}".rstrip() for t in text_lines] + [" */"]

    def fn(self, f: Func, prefix: str, keyword: str, is_test: bool, static: bool) -> list[str]:
        out = self.annotation_comment(f, keyword)
        name = f"{prefix}_{snake(f.name_words)}"
        if is_test:
            out.append(f"static void test_{snake(f.name_words)}(void)")
            pre = [f'const char *text = "{self.rng.choice(SAMPLE_TEXTS)}";',
                   f"int limit = {self.rng.choice([1, 8, 64])};",
                   "int total = 0;"]
            post = ["assert(total >= 0);"]
        else:
            st = "static " if static else ""
            out.append(f"{st}int {name}(const char *text, int limit)")
            pre = ["int total = 0;"]
            post = ["return total;"]
        out.append("{")
        out += indent(pre + f.body + post, self.ind)
        out.append("}")
        return out

    def render_impl(self, mod: Module) -> str:
        rng = self.rng
        m = snake(mod.name_words)
        lines = [f"/* {m}.c - {' '.join(mod.name_words)} routines for the {mod.pkg} module.",
                 f" * {rng.choice(COMMENTS)}", " */", "",
                 "#include <stdio.h>", "#include <stdlib.h>", "#include <string.h>", "",
                 f'#include "{m}.h"', "",
                 f"#define {m.upper()}_DEFAULT_LIMIT {rng.choice([16, 64, 256])}", ""]
        for i, f in enumerate(mod.funcs):
            lines += self.fn(f, m, "Implements", False, static=(i % 4 == 3))
            lines.append("")
        return "\n".join(lines)

    def render_test(self, mod: Module) -> str:
        m = snake(mod.target.name_words)
        lines = ["#include <assert.h>", "#include <stdio.h>", "#include <string.h>", "",
                 f'#include "../src/{m}.h"', ""]
        for f in mod.funcs:
            lines += self.fn(f, m, "Verifies", True, False)
            lines.append("")
        lines += ["int main(void)", "{"]
        lines += [f"    test_{snake(f.name_words)}();" for f in mod.funcs]
        lines += ['    printf("ok\\n");', "    return 0;", "}", ""]
        return "\n".join(lines)


# -------------------------------------------------------------------------- C++ ------


class Cpp(Lang):
    key, ext = "cpp", ".cpp"
    ret_value, ret_void = "return 0;", "return;"
    snippets = [
        r"""
std::vector<std::string> @v@;
@v@.reserve(@n@);
for (int i = 0; i < std::min(limit, @n@); ++i) {
    if (i % @m@ == 0) {
        @v@.push_back("@tag@-" + std::to_string(i));
    } else {
        total += i;
    }
}
total += static_cast<int>(@v@.size());
""",
        r"""
for (char ch : text) {
    if (ch == ' ') {
        ++total;
    }
}
""",
        r"""
if (text.empty()) {
    std::cerr << "@s@" << '\n';
    @ret@
}
""",
        r"""
std::map<char, int> @v@;
for (char ch : text) {
    ++@v@[ch];
}
total += static_cast<int>(@v@.size());
""",
        r"""
if (text.rfind("@tag@", 0) == 0) {
    total += static_cast<int>(text.size());
} else if (limit > @n@) {
    total += limit / @m@;
}
""",
        r"""
try {
    total += std::stoi(text);
} catch (const std::exception& e) {
    std::cerr << "@s@: " << e.what() << '\n';
}
""",
    ]

    def fn(self, f: Func, keyword: str, qual: str, const: bool) -> list[str]:
        out = self.annotation_comment(f, keyword)
        name = snake(f.name_words)
        c = " const" if const else ""
        out.append(f"int {qual}{name}(const std::string& text, int limit){c} {{")
        out += indent(["int total = 0;"] + f.body + ["return total;"], self.ind)
        out.append("}")
        return out

    def test(self, f: Func, suite: str) -> list[str]:
        out = self.annotation_comment(f, "Verifies")
        out.append(f"TEST({suite}, {pascal(f.name_words)}) {{")
        pre = [f'const std::string text = "{self.rng.choice(SAMPLE_TEXTS)}";',
               f"const int limit = {self.rng.choice([1, 8, 64])};",
               "int total = 0;"]
        out += indent(pre + f.body + ["EXPECT_GE(total, 0);"], self.ind)
        out.append("}")
        return out

    def render_impl(self, mod: Module) -> str:
        rng = self.rng
        m = snake(mod.name_words)
        cname = pascal(mod.type_words)
        lines = [f"// {m}.cpp - {' '.join(mod.name_words)} for acme::{mod.pkg}.",
                 f"// {rng.choice(COMMENTS)}",
                 f'#include "{mod.pkg}/{m}.hpp"', "",
                 "#include <algorithm>", "#include <iostream>", "#include <map>",
                 "#include <stdexcept>", "#include <string>", "#include <vector>", "",
                 f"namespace acme::{mod.pkg} {{", "",
                 "namespace {",
                 f"constexpr int kDefaultLimit = {rng.choice([16, 64, 256])};",
                 "}  // namespace", ""]
        n_inline = len(mod.funcs) // 3
        n_outline = len(mod.funcs) // 3
        inline = mod.funcs[:n_inline]
        outline = mod.funcs[n_inline:n_inline + n_outline]
        frees = mod.funcs[n_inline + n_outline:]
        if inline or outline:
            lines += [f"class {cname} {{", "public:",
                      f"    explicit {cname}(std::string name) : name_(std::move(name)) {{}}"]
            for f in inline:
                lines.append("")
                lines += indent(self.fn(f, "Implements", "", True), self.ind)
            if outline:
                lines.append("")
                for f in outline:
                    lines.append(f"    int {snake(f.name_words)}(const std::string& text, int limit) const;")
            lines += ["", "private:", "    std::string name_;", "};", ""]
        for f in outline:
            lines += self.fn(f, "Implements", f"{cname}::", True)
            lines.append("")
        for f in frees:
            lines += self.fn(f, "Implements", "", False)
            lines.append("")
        lines += [f"}}  // namespace acme::{mod.pkg}", ""]
        return "\n".join(lines)

    def render_test(self, mod: Module) -> str:
        tgt = mod.target
        suite = pascal(tgt.type_words) + "Test"
        lines = ["#include <gtest/gtest.h>", "", "#include <iostream>", "#include <map>",
                 "#include <string>", "#include <vector>", "",
                 f'#include "{mod.pkg}/{snake(tgt.name_words)}.hpp"', "",
                 f"namespace acme::{mod.pkg} {{", "namespace {", ""]
        for f in mod.funcs:
            lines += self.test(f, suite)
            lines.append("")
        lines += ["}  // namespace", f"}}  // namespace acme::{mod.pkg}", ""]
        return "\n".join(lines)


LANGS = [Rust, Python, JavaScript, TypeScript, Go, Java, CSharp, C, Cpp]
# Relative share of source files per language.
LANG_WEIGHTS = {"rs": 15, "py": 15, "js": 10, "ts": 15, "go": 10, "java": 10, "cs": 10,
                "c": 7, "cpp": 8}


# --------------------------------------------------------------------------------------
# Layout: paths per language
# --------------------------------------------------------------------------------------


def impl_path(lang: str, pkg: str, mod_words: list[str]) -> str:
    m = snake(mod_words)
    return {
        "rs": f"rust/crates/{pkg}/src/{m}.rs",
        "py": f"python/{pkg}/{m}.py",
        "js": f"web/js/{pkg}/{m}.js",
        "ts": f"web/ts/{pkg}/{m}.ts",
        "go": f"go/{pkg}/{m}.go",
        "java": f"java/src/main/java/com/acme/{pkg}/{pascal(mod_words)}.java",
        "cs": f"dotnet/src/Acme.{pascal([pkg])}/{pascal(mod_words)}.cs",
        "c": f"c/{pkg}/src/{m}.c",
        "cpp": f"cpp/src/{pkg}/{m}.cpp",
    }[lang]


def test_path(lang: str, pkg: str, mod_words: list[str], n: int) -> str:
    m = snake(mod_words) + (f"_{n}" if n else "")
    p = pascal(mod_words) + (str(n) if n else "")
    return {
        "rs": f"rust/crates/{pkg}/tests/{m}.rs",
        "py": f"python/tests/{pkg}/test_{m}.py",
        "js": f"web/js/{pkg}/{m}.test.js",
        "ts": f"web/ts/{pkg}/{m}.test.ts",
        "go": f"go/{pkg}/{m}_test.go",
        "java": f"java/src/test/java/com/acme/{pkg}/{p}Test.java",
        "cs": f"dotnet/tests/Acme.{pascal([pkg])}.Tests/{p}Tests.cs",
        "c": f"c/{pkg}/tests/test_{m}.c",
        "cpp": f"cpp/tests/{pkg}/{m}_test.cpp",
    }[lang]


def package_names(rng: random.Random, n: int) -> list[str]:
    names = [f"{a}{s}" for a in AREAS for s in SUBS]  # e.g. billingcore: valid everywhere
    rng.shuffle(names)
    out = names[:n]
    i = 2
    while len(out) < n:  # only for enormous workspaces
        out += [f"{x}{i}" for x in names[: n - len(out)]]
        i += 1
    return out


# --------------------------------------------------------------------------------------
# Markdown documents
# --------------------------------------------------------------------------------------


def req_title(rng: random.Random) -> str:
    q = rng.choice(TITLE_QUALIFIERS)
    t = f"{rng.choice(TITLE_VERBS)} {rng.choice(TITLE_OBJECTS)}"
    return f"{t} {q}" if q else t


def prose(rng: random.Random, n: int) -> list[str]:
    gens = [
        lambda: f"The {rng.choice(COMPONENTS)} shall {rng.choice(VERBS)} each {rng.choice(NOUNS)} "
                f"{rng.choice([q for q in TITLE_QUALIFIERS if q] )}.",
        lambda: f"When {rng.choice(CONDITIONS)}, the {rng.choice(COMPONENTS)} must {rng.choice(ACTIONS)}.",
        lambda: f"Operators need a way to {rng.choice(GOALS)} without {rng.choice(PAINS)}.",
        lambda: f"Latency at the 95th percentile must stay below {rng.choice([50, 100, 200, 500])} ms "
                f"for payloads up to {rng.choice([4, 64, 512, 1024])} KB.",
        lambda: "Failures are reported to the caller with a stable error code and a readable message.",
        lambda: f"This behaviour is configurable per workspace and defaults to {rng.choice(DEFAULTS)}.",
        lambda: f"Out of scope for now: {rng.choice(OUT_OF_SCOPE)}.",
        lambda: f"Acceptance: the outcome is visible in the {rng.choice(PLACES)} within one minute.",
        lambda: f"Customers asked for this repeatedly in the last {rng.choice(['two', 'three', 'four'])} quarterly reviews.",
    ]
    picks = rng.sample(range(len(gens)), k=min(n, len(gens)))
    return [gens[i]() for i in picks]


def write_docs(root: str, rng: random.Random, n_reqs: int, stats: dict) -> None:
    n_rm = max(2, round(n_reqs / 250))
    n_briefs = max(3, round(n_reqs / 50))
    n_prd = max(1, round(n_reqs / 100))
    stats.update(roadmap_items=n_rm, briefs=n_briefs, prd_files=n_prd)

    docs = os.path.join(root, "docs")
    os.makedirs(os.path.join(docs, "prd"), exist_ok=True)

    lines = ["# Product roadmap", "",
             "Themes we commit to for the next planning horizon. Each item is broken down into",
             "briefs in [briefs.md](briefs.md).", ""]
    for i in range(1, n_rm + 1):
        lines += [f"## RM-{i}: {rng.choice(TITLE_VERBS)} {rng.choice(TITLE_OBJECTS)} at scale", "",
                  f"Target: {rng.choice(['Q1', 'Q2', 'Q3', 'Q4'])} {rng.choice([2026, 2027])}. "
                  f"Owner: the {rng.choice(AREAS)} team.",
                  prose(rng, 1)[0], ""]
    stats["bytes"] += write_file(root, "docs/roadmap.md", "\n".join(lines))

    lines = ["# Briefs", "", "Problem statements that the PRDs in `prd/` turn into requirements.", ""]
    for b in range(1, n_briefs + 1):
        rm = 1 + (b - 1) * n_rm // n_briefs
        lines += [f"## BRIEF-{b}: {req_title(rng)}", ""] + prose(rng, rng.randint(2, 3)) + \
                 ["", f"Derives from: RM-{rm}", ""]
    stats["bytes"] += write_file(root, "docs/briefs.md", "\n".join(lines))

    mentions = 0
    for p in range(n_prd):
        lo = p * n_reqs // n_prd + 1
        hi = (p + 1) * n_reqs // n_prd
        area = AREAS[p % len(AREAS)]
        lines = [f"# PRD {p + 1:02d}: {area.capitalize()}", "",
                 f"Requirements REQ-{lo} to REQ-{hi} for the {area} area. "
                 "Each requirement names the brief it derives from.", ""]
        for r in range(lo, hi + 1):
            brief = 1 + (r - 1) * n_briefs // n_reqs
            body = prose(rng, rng.randint(3, 6))
            if n_reqs > 1 and rng.random() < 0.15:
                other = rng.randint(1, n_reqs)
                if other == r:
                    other = r % n_reqs + 1
                body.insert(rng.randint(1, len(body)),
                            f"See also REQ-{other}, which covers the related {rng.choice(NOUNS)} handling.")
                mentions += 1
            lines += [f"## REQ-{r}: {req_title(rng)}", ""] + body + ["", f"Derives from: BRIEF-{brief}", ""]
        stats["bytes"] += write_file(root, f"docs/prd/prd-{p + 1:02d}.md", "\n".join(lines))
    stats["prose_req_mentions"] = mentions
    stats["md_files"] = 2 + n_prd


# --------------------------------------------------------------------------------------
# Source generation
# --------------------------------------------------------------------------------------


def write_file(root: str, rel: str, text: str) -> int:
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)
    return len(data)


def ids_per_annotation(rng: random.Random) -> int:
    x = rng.random()
    return 1 if x < 0.75 else (2 if x < 0.95 else 3)


def plan_modules(rng: random.Random, n_files: int) -> list[Module]:
    """Decide languages, packages and paths for every source file."""
    keys = [L.key for L in LANGS]
    counts = split_counts(n_files, [LANG_WEIGHTS[k] for k in keys])
    modules: list[Module] = []
    for key, count in zip(keys, counts):
        if count == 0:
            continue
        n_test = count // 3
        n_impl = count - n_test
        n_pkgs = max(1, -(-count // 24))
        pkgs = package_names(rng, n_pkgs)
        impls: list[Module] = []
        seen_paths: set[str] = set()
        for i in range(n_impl):
            pkg = pkgs[i * n_pkgs // n_impl]
            while True:
                words = [rng.choice(VERBS), rng.choice(NOUNS)]
                if rng.random() < 0.3:
                    words.insert(1, rng.choice(ADJS))
                path = impl_path(key, pkg, words)
                if path not in seen_paths:
                    break
            seen_paths.add(path)
            impls.append(Module(key, pkg, words, path, False,
                                type_words=[rng.choice(ADJS), words[-1], rng.choice(["store", "service", "engine", "handler"])]))
        tests: list[Module] = []
        for j in range(n_test):
            tgt = impls[j * n_impl // n_test] if n_impl else None
            if tgt is None:
                break
            k = 0
            while test_path(key, tgt.pkg, tgt.name_words, k) in seen_paths:
                k += 1
            path = test_path(key, tgt.pkg, tgt.name_words, k)
            seen_paths.add(path)
            tests.append(Module(key, tgt.pkg, tgt.name_words, path, True, target=tgt,
                                type_words=tgt.type_words))
        modules += impls + tests
    return modules


def allocate(rng: random.Random, total: int, n: int, zero_frac: float) -> list[int]:
    weights = [0.0 if rng.random() < zero_frac else rng.lognormvariate(0, 0.5) for _ in range(n)]
    if n and not any(weights):
        weights[0] = 1.0
    return split_counts(total, weights)


# Findings mode: share of requirements without a test, and share of annotations that also
# name an ID that does not exist.
FINDINGS_UNVERIFIED = 0.40
FINDINGS_UNKNOWN = 0.025


def generate(root: str, n_files: int, n_reqs: int, n_ann: int, seed: int,
             findings: bool = False) -> dict:
    rng = random.Random(seed)
    # A second stream for the findings mode only, so the default output does not move.
    frng = random.Random(seed ^ 0x5EED)
    stats = {"bytes": 0, "decoy_strings": 0, "ordinary_comments": 0}

    write_docs(root, rng, n_reqs, stats)

    # Requirements deliberately left without code / without tests (deterministic).
    all_ids = list(range(1, n_reqs + 1))
    n_unimpl = max(1, round(n_reqs * 0.01)) if n_reqs >= 20 else 0
    n_unver = max(1, round(n_reqs * 0.03)) if n_reqs >= 20 else 0
    if findings and n_reqs >= 20:
        n_unver = round(n_reqs * FINDINGS_UNVERIFIED)
    unimpl = sorted(rng.sample(all_ids, n_unimpl))
    unimpl_set = set(unimpl)
    unver_extra = rng.sample([i for i in all_ids if i not in unimpl_set], max(0, n_unver - n_unimpl // 2))
    unver = sorted(set(unimpl[: n_unimpl // 2]) | set(unver_extra))
    unver_set = set(unver)

    ctx = Ctx(rng, stats, decoy_impl=unimpl, decoy_test=unver, n_reqs=n_reqs)
    backends = {L.key: L(ctx) for L in LANGS}

    modules = plan_modules(rng, n_files)
    impls = [m for m in modules if not m.is_test]
    tests = [m for m in modules if m.is_test]

    n_ann_test = round(n_ann * 0.4) if tests else 0
    n_ann_impl = n_ann - n_ann_test if impls else 0
    per_impl = allocate(rng, n_ann_impl, len(impls), 0.06)
    per_test = allocate(rng, n_ann_test, len(tests), 0.03)

    impl_src = IdSource(rng, [i for i in all_ids if i not in unimpl_set])
    test_src = IdSource(rng, [i for i in all_ids if i not in unver_set])

    ann_count = {"Implements": 0, "Verifies": 0}
    id_refs = 0
    unknown_refs: list[tuple[str, int]] = []  # (path, id) of every ID that does not exist
    per_lang = {L.key: {"files": 0, "tests": 0, "bytes": 0, "annotations": 0} for L in LANGS}

    for group, counts, src, keyword in ((impls, per_impl, impl_src, "Implements"),
                                        (tests, per_test, test_src, "Verifies")):
        for mod, n_here in zip(group, counts):
            be = backends[mod.lang]
            n_extra = rng.randint(1, 3) if not mod.is_test else rng.randint(0 if n_here else 1, 1)
            n_funcs = n_here + n_extra
            annotated = set(rng.sample(range(n_funcs), n_here))
            names_seen: set[str] = set()
            for fi in range(n_funcs):
                while True:
                    words = [rng.choice(VERBS), rng.choice(NOUNS)]
                    if rng.random() < 0.4:
                        words.insert(1, rng.choice(ADJS))
                    if snake(words) not in names_seen:
                        break
                names_seen.add(snake(words))
                ids = src.take(ids_per_annotation(rng)) if fi in annotated else []
                if findings and ids and frng.random() < FINDINGS_UNKNOWN:
                    # Above every real ID, and above the decoys' out-of-range IDs too.
                    bad = n_reqs * 3 + 11 + frng.randrange(n_reqs * 2)
                    ids = ids + [bad]
                    unknown_refs.append((mod.path, bad))
                if fi in annotated:
                    ann_count[keyword] += 1
                    id_refs += len(ids)
                doc = doc_sentence(rng, words, mod.is_test) if rng.random() < 0.45 else ""
                if doc and not ids:
                    stats["ordinary_comments"] += 1
                f = Func(words, ids, doc_line=doc, block=rng.random() < 0.3,
                         decorated=(mod.lang == "py" and mod.is_test and rng.random() < 0.15))
                if mod.lang == "py" and ids and rng.random() < 0.2:
                    f.docstring = True
                n_snip = rng.choice([1, 1, 2, 2, 3]) if not mod.is_test else rng.choice([1, 1, 2])
                f.body = be.body(mod.is_test, n_snip)
                mod.funcs.append(f)
            text = be.render_test(mod) if mod.is_test else be.render_impl(mod)
            size = write_file(root, mod.path, text)
            stats["bytes"] += size
            pl = per_lang[mod.lang]
            pl["files"] += 1
            pl["tests"] += int(mod.is_test)
            pl["bytes"] += size
            pl["annotations"] += n_here
            mod.funcs = []  # free memory

    implemented = impl_src.used
    verified = test_src.used
    stats.update(
        source_files=len(modules),
        test_files=len(tests),
        requirements=n_reqs,
        annotations=ann_count["Implements"] + ann_count["Verifies"],
        implements_annotations=ann_count["Implements"],
        verifies_annotations=ann_count["Verifies"],
        annotation_id_refs=id_refs,
        per_language=per_lang,
    )
    expected = {
        "not_implemented": [i for i in all_ids if i not in implemented],
        "not_verified": [i for i in all_ids if i not in verified],
    }
    if findings:
        # Appended to real IDs, so coverage is as without them.
        stats["unknown_ref_annotations"] = len(unknown_refs)
        expected["unknown_refs"] = len(unknown_refs)
        expected["unknown_ref_list"] = [f"{p}: REQ-{i}" for p, i in unknown_refs]
    return {"stats": stats, "expected": expected}


# --------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("target", help="directory to create the workspace in")
    ap.add_argument("--files", type=int, default=10_000, help="source files (default 10000)")
    ap.add_argument("--reqs", type=int, default=5_000, help="requirements (default 5000)")
    ap.add_argument("--annotations", type=int, default=50_000,
                    help="Implements:/Verifies: annotations in total (default 50000)")
    ap.add_argument("--seed", type=int, default=20240601, help="random seed (default 20240601)")
    ap.add_argument("--findings", action="store_true",
                    help="many findings: 40%% of REQs without a test, 2.5%% of annotations "
                         "also naming an ID that does not exist")
    ap.add_argument("--force", action="store_true",
                    help=f"replace TARGET if it is a workspace made by this script (has {MANIFEST})")
    args = ap.parse_args(argv)

    if args.files < 1 or args.reqs < 1 or args.annotations < 0:
        ap.error("--files and --reqs must be >= 1 and --annotations >= 0")

    root = os.path.abspath(args.target)
    if os.path.exists(root):
        if not os.path.isdir(root):
            ap.error(f"{root} exists and is not a directory")
        if os.listdir(root):
            if not args.force:
                ap.error(f"{root} is not empty (use --force to replace a generated workspace)")
            if not os.path.isfile(os.path.join(root, MANIFEST)):
                ap.error(f"refusing to delete {root}: it has no {MANIFEST}, so it was not made by this script")
            shutil.rmtree(root)
    os.makedirs(root, exist_ok=True)

    params = {"files": args.files, "reqs": args.reqs, "annotations": args.annotations, "seed": args.seed}
    if args.findings:
        params["findings"] = True
    manifest_path = os.path.join(root, MANIFEST)
    # Marker first, so an interrupted run can still be replaced with --force.
    with open(manifest_path, "w", encoding="utf-8") as fh:
        json.dump({"params": params, "complete": False}, fh)

    t0 = time.monotonic()
    result = generate(root, args.files, args.reqs, args.annotations, args.seed, args.findings)
    stats = result["stats"]
    stats["bytes"] += write_file(root, "README.md", "\n".join([
        "# Acme platform (synthetic)", "",
        "Generated by throughline's bench/gen_workspace.py for benchmarking.",
        "Specs live in `docs/`; code in one folder per language.", ""]))
    # A config of its own makes the workspace its own root: without it, root discovery
    # climbs to the repository holding bench/out, where bench/out is git-ignored.
    stats["bytes"] += write_file(root, "throughline.toml", "# Benchmark workspace: the default chain.\n")
    elapsed = time.monotonic() - t0

    with open(manifest_path, "w", encoding="utf-8") as fh:
        json.dump({"params": params, "complete": True, **result}, fh, indent=1)
        fh.write("\n")

    exp = result["expected"]
    total_files = stats["source_files"] + stats["md_files"] + 2
    print(f"workspace:    {root}")
    print(f"files:        {total_files} ({stats['source_files']} source, {stats['test_files']} of them tests; "
          f"{stats['md_files']} spec docs; README and throughline.toml)")
    print(f"bytes:        {stats['bytes']:,} ({stats['bytes'] / 1e6:.1f} MB, "
          f"avg source file {sum(v['bytes'] for v in stats['per_language'].values()) / max(1, stats['source_files']):,.0f} B)")
    print(f"reqs:         {stats['requirements']} REQ, {stats['briefs']} BRIEF, {stats['roadmap_items']} RM "
          f"in {stats['prd_files']} PRD files ({stats['prose_req_mentions']} prose REQ mentions)")
    print(f"annotations:  {stats['annotations']} ({stats['implements_annotations']} Implements, "
          f"{stats['verifies_annotations']} Verifies; {stats['annotation_id_refs']} REQ refs)")
    print(f"decoys:       {stats['decoy_strings']} string literals mentioning REQ ids (must be ignored)")
    print(f"expected:     {len(exp['not_implemented'])} reqs not implemented, "
          f"{len(exp['not_verified'])} not verified (listed in {MANIFEST})")
    if "unknown_refs" in exp:
        print(f"unknown refs: {exp['unknown_refs']} annotations name an ID that does not exist")
    print(f"time:         {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
