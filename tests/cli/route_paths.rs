//! `throughline routes` shows full paths as the framework serves them: how they were
//! composed (`--explain`), prefixes only the environment knows, and routes nothing of
//! whose path is known.

use crate::common::{check, fixture, run_in};

fn json(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let out = run_in(dir, args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("json")
}

// Verifies: REQ-ROUTES-FULL-PATH
#[test]
fn explain_shows_each_prefix_with_its_file_and_line() {
    let dir = fixture("contracts/chi-wrapper");
    let v = json(
        &dir,
        &[
            "routes",
            "--explain",
            "/api/v1/scim/v2/Groups",
            "--format",
            "json",
        ],
    );
    let found = v.as_array().unwrap();
    assert_eq!(found.len(), 1, "{v}");
    assert_eq!(found[0]["full_path"], "/api/v1/scim/v2/Groups");
    let steps: Vec<(String, String, String, String)> = found[0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                format!("{}:{}", s["file"].as_str().unwrap(), s["line"]),
                s["written"].as_str().unwrap().to_string(),
                s["kind"].as_str().unwrap().to_string(),
                s["value"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want = [
        ("internal/api/routes.go:13", "\"/api/v1\"", "literal", ""),
        (
            "internal/api/scim.go:6",
            "scim.BasePath",
            "constant",
            "/scim/v2",
        ),
        (
            "internal/api/scim.go:9",
            "scim.GroupsPath",
            "constant",
            "/Groups",
        ),
    ];
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(steps, want);
    // Parameters match whatever their names; the text form names every step.
    let out = run_in(&dir, &["routes", "--explain", "/api/v1/admin/users/{id}"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("GET /api/v1/admin/users/{userId}"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("internal/api/routes.go:19"),
        "{}",
        out.stdout
    );
    let none = run_in(&dir, &["routes", "--explain", "/nowhere"]);
    assert!(
        none.stdout.contains("no route is served at /nowhere"),
        "{}",
        none.stdout
    );
}

// Verifies: REQ-ROUTES-FULL-PATH
#[test]
fn a_prefix_only_the_environment_knows_is_shown_as_such() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.py"),
        "from fastapi import FastAPI\nfrom app.config import settings\nfrom app import payments\n\napp = FastAPI()\napp.include_router(payments.router, prefix=settings.API_PREFIX)\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("app")).unwrap();
    std::fs::write(
        dir.path().join("app/payments.py"),
        "from fastapi import APIRouter\n\nrouter = APIRouter(prefix=\"/payments\")\n\n@router.get(\"/{payment_id}\")\ndef get_payment(payment_id: str):\n    return {}\n",
    )
    .unwrap();
    let v = json(dir.path(), &["routes", "--format", "json"]);
    let row = &v.as_array().unwrap()[0];
    assert_eq!(
        row["paths"][0],
        "{settings.API_PREFIX}/payments/{payment_id}"
    );
    assert_eq!(row["uncertain"], true);
}

// Verifies: REQ-ROUTES-FULL-PATH
#[test]
fn a_route_whose_path_is_unknown_is_never_reported_undocumented() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("go.mod"), "module example.com/x\n").unwrap();
    std::fs::write(
        dir.path().join("throughline.toml"),
        "[contracts]\nderives-from = []\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("main.go"),
        "package main\n\nimport \"github.com/gin-gonic/gin\"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET(paths.Lookup(\"orders\"), list)\n\tr.GET(\"/health\", health)\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("openapi.yaml"),
        "openapi: 3.0.3\ninfo: {title: x, version: \"1\"}\npaths:\n  /orders:\n    get:\n      operationId: listOrders\n      responses: {\"200\": {description: ok}}\n  /health:\n    get:\n      operationId: health\n      responses: {\"200\": {description: ok}}\n",
    )
    .unwrap();
    let out = check(dir.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let codes: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}",
                d["code"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["line"]
            )
        })
        .collect();
    // The unknown route does not claim every operation, and is not reported as
    // undocumented on a guess: the operation it may serve is the one finding.
    assert!(
        codes.contains(&"unimplemented-operation openapi.yaml:5".to_string()),
        "{codes:?}"
    );
    assert!(
        !codes.iter().any(|c| c.starts_with("undocumented-route")),
        "{codes:?}"
    );
    let rows = json(dir.path(), &["routes", "--format", "json"]);
    let unknown = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == 7)
        .expect("the route is listed");
    assert_eq!(unknown["status"], "unknown");
}
