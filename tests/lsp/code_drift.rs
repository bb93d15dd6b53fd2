//! Drift in the other direction, in the editor: editing an implementing function in the
//! buffer puts `changed-implementation` on the requirement's heading, hover there lists
//! the changed definition, and the quick fix accepts it through the review command.
// Verifies: REQ-DRIFT-CODE

use crate::common::*;
use serde_json::{json, Value};

const WORKSPACE: &str = r#"
//- throughline.toml
[[layers]]
name = "requirement"
prefix = "REQ"
needs = ["implementation"]

//- docs/prd.md
## REQ-1: A payment is captured at most once

Retrying a request with the same key must never create a second charge.

//- src/pay.py
# Implements: REQ-1
def capture(key):
    return key

def unrelated():
    return 1
"#;

fn changed(diags: &[Value]) -> Vec<&Value> {
    diags
        .iter()
        .filter(|d| d["code"] == "changed-implementation")
        .collect()
}

#[tokio::test]
async fn editing_the_code_flags_the_requirement_and_the_quick_fix_accepts_it() {
    let fixture = Fixture::new(WORKSPACE);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(["review", "--root"])
        .arg(fixture.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut client = start(&fixture).await;
    let prd = fixture.uri("docs/prd.md");
    let pay = fixture.uri("src/pay.py");
    let text = fixture.text("src/pay.py");
    client.open(&pay, "python", &text).await;

    // Reformatting and editing another function change nothing; the client sees the
    // diagnostics of the last edit only, so the clean state is checked after both.
    let edit = |version: i64, text: String| json!({ "textDocument": { "uri": pay, "version": version }, "contentChanges": [{ "text": text }] });
    let harmless = text
        .replace("return key", "return   key  # the same code")
        .replace("return 1", "return 2");
    client
        .notify("textDocument/didChange", edit(2, harmless))
        .await;
    let hover_at_heading =
        json!({ "textDocument": { "uri": prd }, "position": { "line": 0, "character": 4 } });
    let hover = client
        .request("textDocument/hover", hover_at_heading.clone())
        .await
        .unwrap();
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(!md.contains("Implementation changed"), "{md}");

    client
        .notify(
            "textDocument/didChange",
            edit(3, text.replace("return key", "return key.strip()")),
        )
        .await;
    let diags = client
        .diagnostics_where(&prd, |d| !changed(d).is_empty())
        .await;
    let found = changed(&diags);
    assert_eq!(found.len(), 1, "{diags:#?}");
    assert_eq!(start_of(&found[0]["range"]), (0, 3), "on REQ-1's heading");
    assert_eq!(found[0]["severity"], 3, "information");
    let related = &found[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], pay.as_str());
    assert_eq!(start_of(&related["location"]["range"]), (0, 14));
    assert!(
        related["message"]
            .as_str()
            .unwrap()
            .contains("function `capture` changed since the review"),
        "{related}"
    );

    let hover = client
        .request("textDocument/hover", hover_at_heading)
        .await
        .unwrap();
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("**Implementation changed since it was reviewed**"),
        "{md}"
    );
    assert!(
        md.contains("- function `capture` — [src/pay.py:1]("),
        "{md}"
    );
    assert!(!md.contains("`unrelated`"), "{md}");

    let actions = actions_at(&mut client, &prd, 0, 4).await;
    let fix = titled(
        &actions,
        "Accept the changed implementation of `REQ-1` (1 definition)",
    );
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0]["code"], "changed-implementation");
    let command = &fix["command"];
    let before = fixture.text("throughline.lock");
    let result = client
        .request(
            "workspace/executeCommand",
            json!({ "command": command["command"], "arguments": command["arguments"] }),
        )
        .await
        .unwrap();
    assert_eq!(result["implementations"], 1, "{result}");
    assert_eq!(result["wrote"], true, "{result}");
    let after = fixture.text("throughline.lock");
    let new: Vec<&str> = after.lines().filter(|l| !before.contains(*l)).collect();
    // The body line, and the hash of the buffer's bytes the bodies were recorded at.
    assert!(
        new.len() == 2
            && new[0].starts_with("REQ-1 ")
            && new[0].ends_with(" @ src/pay.py")
            && new[1].starts_with("file ")
            && new[1].ends_with(" ~ src/pay.py"),
        "only the body line and the file line change: {new:#?}"
    );
    client
        .diagnostics_where(&prd, |d| changed(d).is_empty())
        .await;
    client.shutdown().await;
}
