//! The server finds each folder's root by the one rule: a `throughline.toml` above the
//! client's folder is used (and logged), and files opened outside every folder get a
//! root of their own instead of silence.
// Verifies: REQ-ROOT

use crate::common::*;
use serde_json::{json, Value};

/// `FEAT` is an ID prefix only where `ws/throughline.toml` is read.
const SPEC: &str = r#"
//- ws/throughline.toml
[[layers]]
name = "feature"
prefix = "FEAT"

//- ws/docs/features.md
## FEAT-1: Checkout

//- ws/a/b/notes.md
# Notes

See FEAT-1 and FEAT-9.

//- ws/nested/throughline.toml
[[layers]]
name = "capability"
prefix = "CAP"

//- ws/nested/docs/caps.md
## CAP-1: Capability

See CAP-2 and FEAT-1.

//- other/throughline.toml
[[layers]]
name = "feature"
prefix = "FEAT"

//- other/docs/spec.md
## FEAT-2: Refunds

See FEAT-3.

//- loose/note.md
## REQ-5: A loose note

See REQ-6.

//- loose/unopened.md
## REQ-6: Defined in a file that is not open
"#;

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            format!(
                "{}@{}",
                d["code"].as_str().unwrap_or("?"),
                d["range"]["start"]["line"]
            )
        })
        .collect()
}

async fn start_in(folder: &std::path::Path) -> Client {
    let (mut client, _) = Client::start(&[folder.to_path_buf()], editor_caps(), json!({})).await;
    client
        .request("workspace/symbol", json!({ "query": "" }))
        .await
        .expect("workspace/symbol");
    client
}

#[tokio::test]
async fn a_config_two_levels_above_the_folder_is_the_root_and_is_logged() {
    let fx = Fixture::new(SPEC);
    let mut client = start_in(&fx.root().join("ws/a/b")).await;
    let notes = fx.uri("ws/a/b/notes.md");
    client
        .open(&notes, "markdown", &fx.text("ws/a/b/notes.md"))
        .await;
    // FEAT is a prefix (the config above was read) and FEAT-1 resolves (its definition
    // lies outside the client's folder, in the root above it).
    let d = client.diagnostics_where(&notes, |d| !d.is_empty()).await;
    assert_eq!(codes(&d), ["unknown-ref@2"], "{d:#?}");
    assert!(d[0]["message"].as_str().unwrap().contains("FEAT-9"));
    let def = client
        .request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": notes }, "position": { "line": 2, "character": 6 } }),
        )
        .await
        .expect("definition");
    let target = if def.is_array() { def[0].clone() } else { def };
    assert_eq!(target["uri"], fx.uri("ws/docs/features.md"), "{target:#?}");
    // The server said which root it used.
    let logged = client
        .wait_for("the root log line", |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("using the root") && t.contains("throughline.toml"))
        })
        .await;
    let ws = fx.root().join("ws");
    assert!(
        logged["params"]["message"]
            .as_str()
            .unwrap()
            .contains(ws.to_str().unwrap()),
        "{logged:#?}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn a_nearer_config_below_the_folder_serves_its_own_files() {
    let fx = Fixture::new(SPEC);
    let mut client = start_in(&fx.root().join("ws")).await;
    let caps = fx.uri("ws/nested/docs/caps.md");
    client
        .open(&caps, "markdown", &fx.text("ws/nested/docs/caps.md"))
        .await;
    // By ws/nested/throughline.toml (as `throughline check` on the file would): CAP-2 is
    // unknown, and FEAT is no prefix there. By ws's policy the file had no finding.
    let d = client.diagnostics_where(&caps, |d| !d.is_empty()).await;
    assert_eq!(codes(&d), ["unknown-ref@2"], "{d:#?}");
    assert!(
        d[0]["message"].as_str().unwrap().contains("CAP-2"),
        "{d:#?}"
    );
    client.shutdown().await;
}

#[tokio::test]
async fn a_file_outside_every_folder_gets_a_root_of_its_own() {
    let fx = Fixture::new(SPEC);
    let mut client = start_in(&fx.root().join("ws")).await;
    let spec = fx.uri("other/docs/spec.md");
    client
        .open(&spec, "markdown", &fx.text("other/docs/spec.md"))
        .await;
    // Served with other/throughline.toml: FEAT-3 is an unknown FEAT ID.
    let d = client.diagnostics_where(&spec, |d| !d.is_empty()).await;
    assert_eq!(codes(&d), ["unknown-ref@2"], "{d:#?}");
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": spec }, "position": { "line": 0, "character": 4 } }),
        )
        .await
        .expect("hover");
    assert!(hover.to_string().contains("Refunds"), "{hover:#?}");
    // The first folder is still served.
    let notes = fx.uri("ws/a/b/notes.md");
    client
        .open(&notes, "markdown", &fx.text("ws/a/b/notes.md"))
        .await;
    let d = client.diagnostics_where(&notes, |d| !d.is_empty()).await;
    assert_eq!(codes(&d), ["unknown-ref@2"], "{d:#?}");
    client.shutdown().await;
}

#[tokio::test]
async fn a_loose_file_is_served_without_walking_its_folder() {
    let fx = Fixture::new(SPEC);
    let loose = fx.root().join("loose");
    let marked = loose
        .ancestors()
        .any(|a| a.join("throughline.toml").is_file() || a.join(".git").exists());
    assert!(
        !marked,
        "the temporary folder {} must lie outside every workspace (set TMPDIR)",
        loose.display()
    );
    let mut client = start_in(&fx.root().join("ws")).await;
    let note = fx.uri("loose/note.md");
    client
        .open(&note, "markdown", &fx.text("loose/note.md"))
        .await;
    // The second item is defined in a file of the same folder that is not open; the folder
    // was not walked, so the reference is unknown, and the open file is still served.
    let d = client
        .diagnostics_where(&note, |d| codes(d).contains(&"unknown-ref@2".to_string()))
        .await;
    assert!(codes(&d).contains(&"unknown-ref@2".to_string()), "{d:#?}");
    // Opening the other file joins it to the same root: the reference resolves.
    let other = fx.uri("loose/unopened.md");
    client
        .open(&other, "markdown", &fx.text("loose/unopened.md"))
        .await;
    let d = client
        .diagnostics_where(&note, |d| !codes(d).contains(&"unknown-ref@2".to_string()))
        .await;
    assert!(!codes(&d).contains(&"unknown-ref@2".to_string()), "{d:#?}");
    client.shutdown().await;
}

#[tokio::test]
async fn a_client_without_folders_is_served_by_the_rule_too() {
    let fx = Fixture::new(SPEC);
    let (mut client, _) = Client::start(&[], editor_caps(), json!({})).await;
    let notes = fx.uri("ws/a/b/notes.md");
    client
        .open(&notes, "markdown", &fx.text("ws/a/b/notes.md"))
        .await;
    let d = client.diagnostics_where(&notes, |d| !d.is_empty()).await;
    assert_eq!(codes(&d), ["unknown-ref@2"], "{d:#?}");
    client.shutdown().await;
}
