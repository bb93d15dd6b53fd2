#!/usr/bin/env python3
"""Generates a workspace for the contract benchmark: one ~5 MB OpenAPI 3.1 document with
1,000 operations and 2,000 route files (Express, FastAPI, Gin and Spring, 500 each), wired
the way those frameworks are (routers mounted from an app file). About 5% of the routes
are undocumented and 5% of the operations unimplemented, so the rules have work to do.

Usage: bench/gen_contract.py OUT_DIR [--ops 1000] [--files 2000]
"""
import argparse
import pathlib
import random

LOREM = ("Payments are captured at most once per idempotency key; retries return the first "
         "response. Amounts are integers in minor units and currencies are ISO 4217 codes. ")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--ops", type=int, default=1000)
    ap.add_argument("--files", type=int, default=2000)
    args = ap.parse_args()
    rnd = random.Random(7)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "throughline.toml").write_text('[[layers]]\nname = "requirement"\nprefix = "REQ"\n')
    reqs = ["# Requirements\n"] + [f"## REQ-{i}: Requirement {i}\n" for i in range(1, 201)]
    (out / "docs").mkdir(exist_ok=True)
    (out / "docs/prd.md").write_text("\n".join(reqs))

    # Operations: two per resource path (GET item, PUT item).
    ops = []
    for i in range(args.ops):
        res, method = i // 2, ("get" if i % 2 == 0 else "put")
        ops.append((f"/resources{res % 50}/r{res}/{{itemId}}", method, f"op{i}"))
    y = ["openapi: 3.1.0", "info: {title: Bench, version: '1'}", "servers:", "  - url: https://api.example.com/v1", "paths:"]
    by_path = {}
    for p, m, oid in ops:
        by_path.setdefault(p, []).append((m, oid))
    for p, methods in by_path.items():
        y.append(f"  {p}:")
        y.append("    parameters:")
        y.append("      - {name: itemId, in: path, required: true, schema: {type: string}}")
        for m, oid in methods:
            n = int(oid[2:])
            y += [f"    {m}:", f"      operationId: {oid}", f"      summary: Operation {n}",
                  f"      x-requirements: [REQ-{1 + n % 200}]", "      description: |"]
            y += ["        " + LOREM for _ in range(16)]
            y += ["      responses:", "        '200':", "          description: OK", "          content:",
                  "            application/json:", "              schema:", "                type: object",
                  "                properties:"]
            for k in range(25):
                y.append(f"                  field{k}: {{type: string, description: Field {k} of the item, kept for compatibility}}")
            y += ["        '404': {description: Not found}"]
    (out / "api").mkdir(exist_ok=True)
    (out / "api/openapi.yaml").write_text("\n".join(y) + "\n")

    # Route files: each serves one operation (2,000 files for 1,000 operations, so most
    # operations are served twice, by two frameworks); 1 in 20 routes is undocumented and
    # 1 in 20 operations is left unserved.
    served = [o for i, o in enumerate(ops) if i % 20 != 7]
    per = args.files // 4
    def route_for(k):
        p, m, oid = served[k % len(served)]
        if k % 20 == 3:
            p = p.replace("/r", "/undocumented")
        return p, m
    # Express
    ex = out / "express/routes"
    ex.mkdir(parents=True, exist_ok=True)
    app = ["const express = require('express');", "const app = express();"]
    for k in range(per):
        p, m = route_for(k)
        (ex / f"r{k}.js").write_text(
            "const express = require('express');\nconst router = express.Router();\n\n"
            f"router.{m}('{p.replace('{itemId}', ':itemId')}', (req, res) => {{\n  res.json({{ ok: true }});\n}});\n\n"
            "module.exports = router;\n")
        app.append(f"app.use('/v1', require('./routes/r{k}'));")
    (out / "express/app.js").write_text("\n".join(app) + "\n")
    # FastAPI
    fa = out / "fastapi/app/routers"
    fa.mkdir(parents=True, exist_ok=True)
    main = ["from fastapi import FastAPI", "from app.routers import " + ", ".join(f"r{k}" for k in range(per)), "app = FastAPI()"]
    for k in range(per, 2 * per):
        p, m = route_for(k)
        (fa / f"r{k - per}.py").write_text(
            "from fastapi import APIRouter\n\nrouter = APIRouter(prefix=\"/v1\")\n\n\n"
            f"@router.{m}(\"{p}\")\nasync def handler(itemId: str):\n    return {{\"ok\": True}}\n")
        main.append(f"app.include_router(r{k - per}.router)")
    (out / "fastapi/app/main.py").write_text("\n".join(main) + "\n")
    # Gin
    gi = out / "gin"
    gmain = ["package main", "", "import (", '\t"github.com/gin-gonic/gin"']
    calls = []
    for k in range(2 * per, 3 * per):
        p, m = route_for(k)
        pkg = f"r{k - 2 * per}"
        d = gi / "internal" / pkg
        d.mkdir(parents=True, exist_ok=True)
        (d / "routes.go").write_text(
            f"package {pkg}\n\nimport \"github.com/gin-gonic/gin\"\n\n"
            f"func Register(g *gin.RouterGroup) {{\n\tg.{m.upper()}(\"{p.replace('{itemId}', ':itemId')}\", handle)\n}}\n\n"
            "func handle(c *gin.Context) { c.Status(200) }\n")
        gmain.append(f'\t"example.com/bench/internal/{pkg}"')
        calls.append(f"\t{pkg}.Register(v1)")
    gmain += [")", "", "func main() {", "\tr := gin.Default()", '\tv1 := r.Group("/v1")'] + calls + ["\tr.Run()", "}"]
    (gi / "main.go").write_text("\n".join(gmain) + "\n")
    # Spring
    sp = out / "spring/src/main/java/bench"
    sp.mkdir(parents=True, exist_ok=True)
    for k in range(3 * per, 4 * per):
        p, m = route_for(k)
        parts = p.split("/")
        head, tail = "/".join(parts[:-2]), "/".join(parts[-2:])
        cls = f"C{k - 3 * per}Controller"
        (sp / f"{cls}.java").write_text(
            "package bench;\n\nimport org.springframework.web.bind.annotation.*;\n\n"
            f"@RestController\n@RequestMapping(\"/v1{head}\")\npublic class {cls} {{\n\n"
            f"    @{m.capitalize()}Mapping(\"/{tail}\")\n    public String handle(@PathVariable String itemId) {{\n        return \"ok\";\n    }}\n}}\n")
    size = (out / "api/openapi.yaml").stat().st_size
    print(f"{out}: contract {size / 1e6:.1f} MB, {len(ops)} operations, {4 * per} route files")


if __name__ == "__main__":
    main()
