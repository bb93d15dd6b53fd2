//! The API contract checks on one fixture workspace per framework and per contract
//! format. Each fixture's `expected.txt` lists every finding `check` must report
//! (`code path:line`), written from the fixture's planted divergences (see its NOTES.md),
//! not from the tool's output: none false, none missed.

use crate::common::{check, findings, fixture, run_in};

fn expected(dir: &std::path::Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("expected.txt")).expect("expected.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn actual(dir: &std::path::Path) -> Vec<String> {
    let out = check(dir, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json report");
    let mut got: Vec<String> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
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
    got.sort();
    got
}

fn assert_fixture(name: &str) {
    let dir = fixture(&format!("contracts/{name}"));
    let mut want = expected(&dir);
    want.sort();
    assert_eq!(
        actual(&dir),
        want,
        "findings of tests/fixtures/contracts/{name}"
    );
    if dir.join("routes.txt").exists() {
        assert_full_paths(name, &dir);
    }
}

/// A fixture's `routes.txt` lists every route as `METHODS PATHS file:line`, with the full
/// paths the framework serves (sorted, comma-separated): a lost prefix can hide behind
/// base-path matching, so findings alone do not prove composition right.
fn assert_full_paths(name: &str, dir: &std::path::Path) {
    let text = std::fs::read_to_string(dir.join("routes.txt")).expect("routes.txt");
    let mut want: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    want.sort();
    let out = run_in(dir, &["routes", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json routes");
    let mut got: Vec<String> = v
        .as_array()
        .expect("routes")
        .iter()
        .map(|r| {
            let strs = |k: &str| -> Vec<String> {
                r[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap().to_string())
                    .collect()
            };
            let methods = strs("methods");
            let mut paths = strs("paths");
            paths.sort();
            format!(
                "{} {} {}:{}",
                if methods.is_empty() {
                    "ANY".to_string()
                } else {
                    methods.join("|")
                },
                paths.join(", "),
                r["path"].as_str().unwrap(),
                r["line"]
            )
        })
        .collect();
    got.sort();
    assert_eq!(got, want, "full paths of tests/fixtures/contracts/{name}");
}

// Verifies: REQ-ROUTES, REQ-ROUTE-MATCHING, REQ-CONTRACT-RULES
#[test]
fn express() {
    assert_fixture("express");
}

// Verifies: REQ-ROUTES-FULL-PATH
#[test]
fn express_routers_combined_in_one_use_call() {
    assert_fixture("express-combined");
}

// Verifies: REQ-ROUTES
#[test]
fn nestjs() {
    assert_fixture("nestjs");
}

// Verifies: REQ-ROUTES
#[test]
fn fastapi() {
    assert_fixture("fastapi");
}

// Verifies: REQ-ROUTES
#[test]
fn flask() {
    assert_fixture("flask");
}

// Verifies: REQ-ROUTES
#[test]
fn spring() {
    assert_fixture("spring");
}

// Verifies: REQ-ROUTES-FULL-PATH
#[test]
fn spring_context_path_from_application_yml() {
    assert_fixture("spring-context-path");
}

// Verifies: REQ-ROUTES
#[test]
fn aspnet() {
    assert_fixture("aspnet");
}

// Verifies: REQ-ROUTES
#[test]
fn gin() {
    assert_fixture("gin");
}

// Verifies: REQ-ROUTES
#[test]
fn echo() {
    assert_fixture("echo");
}

// Verifies: REQ-ROUTES
#[test]
fn chi() {
    assert_fixture("chi");
}

// Verifies: REQ-ROUTES
#[test]
fn net_http() {
    assert_fixture("nethttp");
}

// Verifies: REQ-ROUTES-GO
#[test]
fn gin_groups_passed_inline_and_twice() {
    assert_fixture("gin-groups");
}

// Verifies: REQ-ROUTES-GO
#[test]
fn echo_groups_through_a_method_receiver() {
    assert_fixture("echo-groups");
}

// Verifies: REQ-ROUTES-GO
#[test]
fn chi_wrapper_type_and_constant_prefixes() {
    assert_fixture("chi-wrapper");
}

// Verifies: REQ-ROUTES-GO
#[test]
fn chi_routers_returned_by_methods_of_two_packages() {
    assert_fixture("chi-mount-methods");
}

// Verifies: REQ-ROUTES-GO
#[test]
fn gorilla_behind_an_app_type_with_forwarding_methods() {
    assert_fixture("gorilla-app");
}

// Verifies: REQ-ROUTES
#[test]
fn axum() {
    assert_fixture("axum");
}

// Verifies: REQ-ROUTES
#[test]
fn actix() {
    assert_fixture("actix");
}

// Verifies: REQ-CONTRACT-READ
#[test]
fn contract_formats_and_versions() {
    for name in ["swagger2-yaml", "oas30-json", "oas31-yaml", "oas32-yaml"] {
        assert_fixture(name);
    }
}

// Verifies: REQ-CONTRACT-READ, REQ-BAD-INPUT
#[test]
fn broken_contracts_are_reported_at_the_error() {
    for name in ["broken-yaml", "broken-json"] {
        assert_fixture(name);
        let out = check(&fixture(&format!("contracts/{name}")), &[]);
        assert_eq!(out.code, 1, "invalid-contract is an error");
        assert!(out.stdout.contains("cannot be parsed"), "{}", out.stdout);
    }
}

// Verifies: REQ-ROUTES
#[test]
fn routes_command_lists_full_paths_and_status() {
    let out = run_in(&fixture("contracts/chi"), &["routes", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let rows: Vec<(String, String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["methods"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("|"),
                r["paths"][0].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        rows.contains(&(
            "GET".into(),
            "/api/payments/{paymentId}".into(),
            "documented".into()
        )),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("POST".into(), "/api/refunds".into(), "documented".into())),
        "{rows:?}"
    );
    assert!(
        rows.contains(&(
            "PUT".into(),
            "/api/payments/{paymentId}/capture".into(),
            "method-mismatch".into()
        )),
        "{rows:?}"
    );
    assert!(
        rows.contains(&("GET".into(), "/health".into(), "ignored".into())),
        "{rows:?}"
    );
    // `req.URL.Query().Get("limit")` in a handler is not a route.
    assert!(!rows.iter().any(|r| r.1.contains("limit")), "{rows:?}");
}

// Verifies: REQ-ROUTE-MATCHING
#[test]
fn a_prefix_only_configuration_knows_is_matched_by_suffix_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let src = fixture("contracts/fastapi");
    copy_dir(&src, dir.path());
    // Without the [contracts.prefixes] entry the prefix is unknown at check time.
    std::fs::write(
        dir.path().join("throughline.toml"),
        "[[layers]]\nname = \"requirement\"\nprefix = \"REQ\"\n[contracts]\nignore-routes = [\"GET /health\"]\n",
    )
    .unwrap();
    let got = actual(dir.path());
    let (unresolved, rest): (Vec<String>, Vec<String>) = got
        .into_iter()
        .partition(|f| f.starts_with("unresolved-prefix "));
    let mut want = expected(&src);
    want.sort();
    assert_eq!(rest, want, "suffix matching finds the same divergences");
    assert_eq!(
        unresolved,
        ["unresolved-prefix app/routers/payments.py:9"],
        "reported once"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[test]
fn gorilla_mux_subrouters_and_methods() {
    assert_fixture("gorilla");
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[test]
fn fiber_groups_and_route_callbacks() {
    assert_fixture("fiber");
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[test]
fn fastify_plugins_registered_with_prefixes() {
    assert_fixture("fastify");
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[test]
fn koa_router_prefixes_and_nested_routes() {
    assert_fixture("koa");
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[test]
fn hono_base_path_and_sub_apps() {
    assert_fixture("hono");
}

// Verifies: REQ-ROUTES-FRAMEWORKS, REQ-ROUTES-FULL-PATH
#[test]
fn jaxrs_resources_under_application_path_and_quarkus_root() {
    assert_fixture("jaxrs");
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[test]
fn rocket_mounts_and_route_lists() {
    assert_fixture("rocket");
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[test]
fn django_includes_and_rest_framework_routers() {
    assert_fixture("django");
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[test]
fn nextjs_app_and_pages_file_routes() {
    assert_fixture("nextjs");
}

// Verifies: REQ-ROUTES-FRAMEWORKS
#[test]
fn fastify_autoload_serves_plugins_under_their_folders() {
    assert_fixture("fastify-autoload");
}

// Verifies: REQ-CONTRACT-RULES
#[test]
fn routes_are_held_against_contracts_only_where_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    std::fs::write(ws.join("throughline.toml"), "").unwrap();
    std::fs::write(
        ws.join("app.py"),
        "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get(\"/health\")\ndef health():\n    return {}\n\n@app.get(\"/users\")\ndef users():\n    return []\n",
    )
    .unwrap();
    let codes = |ws: &std::path::Path| -> Vec<String> {
        let out = run_in(ws, &["check", "--format", "json"]);
        findings(&out.stdout).into_iter().map(|f| f.0).collect()
    };
    // No OpenAPI document at all: no route findings, and `routes` still lists them.
    assert_eq!(codes(ws), Vec::<String>::new());
    let listed = run_in(ws, &["routes"]);
    assert!(listed.stdout.contains("/users"), "{}", listed.stdout);
    // With a contract, the route it lacks is reported.
    std::fs::write(
        ws.join("openapi.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /health:\n    get:\n      responses: {'200': {description: ok}}\n",
    )
    .unwrap();
    let got = codes(ws);
    assert_eq!(
        got.iter().filter(|c| *c == "undocumented-route").count(),
        1,
        "only /users is missing from the contract: {got:?}"
    );
}
