//! `untraced-code` under `[governance] require-trace`, alone and with `check --base`.
// Verifies: REQ-UNTRACED-CODE

use super::baseline::Repo;

const TOML: &str =
    "[governance]\nrequire-trace = [\"src/**\"]\n\n[rules]\nmissing-test = \"off\"\n";
const PRD: &str = "# BRIEF-PAY: Payments\n\n# REQ-PAY-1: Capture once\nDerives from: BRIEF-PAY\n";
const CODE: &str = "\
// Implements: REQ-PAY-1
pub fn capture() {}

pub fn helper(x: u32) -> u32 {
    x + 1
}

pub struct Ledger;

// Implements: REQ-PAY-1
impl Ledger {
    pub fn post(&self) {}
}

#[cfg(test)]
mod tests {
    #[test]
    fn helps() {}
}
";

fn repo() -> Repo {
    let repo = Repo::new();
    repo.write("throughline.toml", TOML);
    repo.write("docs/prd.md", PRD);
    repo.write("src/pay.rs", CODE);
    repo.write(
        "scripts/gen.py",
        "def untraced_but_not_governed():\n    pass\n",
    );
    repo.commit("one");
    repo
}

/// `(code, line, message)` of each finding, and the `baseline` tags.
fn found(out: &super::common::Output) -> Vec<(String, u64, String, String)> {
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        // The policy's own gaps (the brief has no roadmap) are not the subject here.
        .filter(|d| d["code"] == "untraced-code")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
                d["baseline"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn untraced_definitions_under_require_trace_are_reported_on_their_first_line() {
    let repo = repo();
    let out = repo.check(&["--format", "json"]);
    assert_eq!(out.code, 0, "warnings only: {}", out.stderr);
    let f = found(&out);
    // `capture` is annotated, `Ledger::post` is inside an annotated impl, the test
    // module is test code, `Ledger` is a struct, and scripts/ is not governed.
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].0, "untraced-code");
    assert_eq!(f[0].1, 4);
    assert!(f[0].2.contains("function `helper`"), "{f:#?}");
    let human = repo.check(&[]);
    assert!(
        human.stdout.contains("warning[untraced-code]"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("4 | pub fn helper(x: u32) -> u32 {"),
        "{}",
        human.stdout
    );
    // A file-level annotation covers the whole file.
    repo.write("src/pay.rs", &format!("//! Implements: REQ-PAY-1\n{CODE}"));
    assert!(found(&repo.check(&["--format", "json"])).is_empty());
}

#[test]
fn with_base_only_new_or_changed_definitions_count() {
    let repo = repo();
    // Moved and re-commented, same tokens: nothing new.
    repo.write(
        "src/pay.rs",
        &CODE.replace(
            "pub fn helper(x: u32) -> u32 {\n    x + 1\n}",
            "\n\n// adds one\npub fn helper(x: u32) -> u32 {\n        x + 1 // the next\n}",
        ),
    );
    let out = repo.check(&["--base", "HEAD", "--format", "json", "--deny", "warnings"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(found(&out).is_empty(), "{:#?}", found(&out));
    // Its body changed: it counts, as new, and is not also resolved.
    repo.write("src/pay.rs", &CODE.replace("x + 1", "x + 2"));
    let out = repo.check(&["--base", "HEAD", "--format", "json", "--deny", "warnings"]);
    assert_eq!(out.code, 1);
    let f = found(&out);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].0.as_str(), f[0].3.as_str()), ("untraced-code", "new"));
    // A new definition counts; the old untouched one does not.
    repo.write("src/pay.rs", &format!("{CODE}\npub fn refund() {{}}\n"));
    let f = found(&repo.check(&["--base", "HEAD", "--format", "json"]));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].2.contains("function `refund`"), "{f:#?}");
    // Annotating the old one resolves it.
    repo.write(
        "src/pay.rs",
        &CODE.replace("pub fn helper", "// Implements: REQ-PAY-1\npub fn helper"),
    );
    let f = found(&repo.check(&["--base", "HEAD", "--format", "json"]));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        (f[0].0.as_str(), f[0].3.as_str()),
        ("untraced-code", "resolved")
    );
}
