//! `check --base REV`: only what a change introduced, in real git repositories made in
//! temporary folders. The tests make commits with the `git` binary (the product never
//! runs it: it reads the object database with gix).
// Verifies: REQ-GATE-BASE

use super::common::{run_in, Output};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A git repository in a temporary folder, isolated from the machine's git config.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    pub fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "."]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), self.path(), args)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }

    pub fn check(&self, args: &[&str]) -> Output {
        let mut all = vec!["check", "."];
        all.extend_from_slice(args);
        run_in(self.path(), &all)
    }
}

/// Runs git in `dir` with `home` as HOME and no system or global configuration.
pub fn git_in(dir: &Path, home: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", home)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

const PRD: &str = "# BRIEF-PAY: Payments\n\n# REQ-PAY-1: Capture once\nDerives from: BRIEF-PAY\n\n# REQ-PAY-2: Refund\nDerives from: BRIEF-PAY\n";
const CODE: &str =
    "// Implements: REQ-PAY-1\nfn capture() {}\n\n// Implements: REQ-PAY-2\nfn refund() {}\n";
const TESTS: &str = "// Verifies: REQ-PAY-1, REQ-PAY-2\n#[test]\nfn pays() {}\n";

/// A clean workspace committed once.
fn clean_repo() -> Repo {
    let repo = Repo::new();
    repo.write("docs/prd.md", PRD);
    repo.write("src/pay.rs", CODE);
    repo.write("tests/pay.rs", TESTS);
    repo.commit("clean");
    repo
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&out.stdout).expect("a JSON report")
}

/// `(code, path, line, baseline)` of each diagnostic.
fn tagged(out: &Output) -> Vec<(String, String, u64, String)> {
    json(out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["baseline"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn t(code: &str, path: &str, line: u64, baseline: &str) -> (String, String, u64, String) {
    (code.into(), path.into(), line, baseline.into())
}

#[test]
fn an_introduced_finding_fails_the_gate_and_only_it_is_reported() {
    let repo = clean_repo();
    // Before the change: a warning that was already there must not be reported.
    repo.write("docs/prd.md", &format!("{PRD}\n# REQ-PAY-3: Old gap\n"));
    repo.commit("an old gap");
    repo.write(
        "src/pay.rs",
        &format!("{CODE}\n// Implements: REQ-PAY-9\nfn typo() {{}}\n"),
    );
    let out = repo.check(&["--base", "HEAD", "--format", "json"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(tagged(&out), [t("unknown-ref", "src/pay.rs", 7, "new")]);
    let report = json(&out);
    assert_eq!(report["base"]["rev"], "HEAD");
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 0, "the old gap is not new");
    // Without --base the old gap is there too.
    let all = repo.check(&["--format", "json"]);
    assert!(tagged(&all)
        .iter()
        .any(|f| f.0 == "untraced" && f.3.is_empty()));
    let human = repo.check(&["--base", "HEAD"]);
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.contains("error[unknown-ref]"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("Resolved since"), "{}", human.stdout);
    assert!(
        human
            .stdout
            .contains("Introduced since HEAD: 1 error, 0 warnings; 0 resolved"),
        "{}",
        human.stdout
    );
}

#[test]
fn a_fixed_finding_is_shown_as_resolved_and_passes() {
    let repo = clean_repo();
    repo.write(
        "src/pay.rs",
        &format!("{CODE}\n// Implements: REQ-PAY-9\nfn typo() {{}}\n"),
    );
    repo.commit("a typo");
    repo.write("src/pay.rs", CODE);
    let out = repo.check(&["--base", "HEAD", "--format", "json"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    // At its position in the base revision.
    assert_eq!(
        tagged(&out),
        [t("unknown-ref", "src/pay.rs", 7, "resolved")]
    );
    assert_eq!(json(&out)["summary"]["errors"], 0);
    let human = repo.check(&["--base", "HEAD"]);
    assert_eq!(human.code, 0);
    let heading = human
        .stdout
        .find("Resolved since HEAD: 1 finding the change fixed")
        .expect("the resolved heading");
    let finding = human.stdout.find("error[unknown-ref]").unwrap();
    assert!(heading < finding, "{}", human.stdout);
    // The snippet is quoted from the base revision: the line is gone from the disk.
    assert!(
        human.stdout.contains("// Implements: REQ-PAY-9"),
        "{}",
        human.stdout
    );
}

#[test]
fn resolved_findings_follow_new_ones_in_the_human_report() {
    let repo = clean_repo();
    repo.write("src/a.rs", "// Implements: REQ-PAY-8\nfn a() {}\n");
    repo.commit("one typo");
    repo.write("src/a.rs", "fn a() {}\n");
    repo.write("src/b.rs", "// Implements: REQ-PAY-7\nfn b() {}\n");
    let human = repo.check(&["--base", "HEAD"]);
    assert_eq!(human.code, 1);
    let new = human.stdout.find("REQ-PAY-7").unwrap();
    let heading = human.stdout.find("Resolved since HEAD").unwrap();
    let resolved = human.stdout.find("REQ-PAY-8").unwrap();
    assert!(new < heading && heading < resolved, "{}", human.stdout);
}

#[test]
fn moving_code_introduces_nothing_and_a_second_copy_is_new() {
    let repo = clean_repo();
    repo.write(
        "src/pay.rs",
        &format!("{CODE}\n// Implements: REQ-PAY-9\nfn typo() {{}}\n"),
    );
    repo.commit("a typo");
    // Lines inserted above: every finding moves down.
    repo.write(
        "src/pay.rs",
        &format!("use std::fmt;\n\n\n{CODE}\n// Implements: REQ-PAY-9\nfn typo() {{}}\n"),
    );
    repo.write("docs/prd.md", &format!("# Intro\n\nSome words.\n\n{PRD}"));
    let out = repo.check(&["--base", "HEAD", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(tagged(&out), []);
    // The same finding twice: the base had one, so one is new (the moved one pairs).
    repo.write(
        "src/pay.rs",
        &format!("// Implements: REQ-PAY-9\nfn other() {{}}\n\n{CODE}\n// Implements: REQ-PAY-9\nfn typo() {{}}\n"),
    );
    let out = repo.check(&["--base", "HEAD", "--format", "json"]);
    assert_eq!(out.code, 1);
    assert_eq!(tagged(&out).len(), 1, "{}", out.stdout);
    assert_eq!(tagged(&out)[0].3, "new");
}

#[test]
fn revisions_resolve_by_branch_tag_and_hash() {
    let repo = clean_repo();
    let first = repo.git(&["rev-parse", "HEAD"]);
    repo.git(&["tag", "v1"]);
    repo.git(&["branch", "stable"]);
    repo.write("src/a.rs", "// Implements: REQ-PAY-8\nfn a() {}\n");
    repo.commit("a typo");
    for rev in ["HEAD~1", "v1", "stable", first.as_str(), &first[..8]] {
        let out = repo.check(&["--base", rev, "--format", "json"]);
        assert_eq!(out.code, 1, "{rev}: {}", out.stderr);
        assert_eq!(
            tagged(&out),
            [t("unknown-ref", "src/a.rs", 1, "new")],
            "{rev}"
        );
    }
    let out = repo.check(&["--base", "HEAD", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn an_unknown_revision_is_a_usage_error() {
    let repo = clean_repo();
    for (rev, says) in [
        ("no-such-branch", "no branch, tag or commit"),
        ("HEAD~5", "no such ancestor"),
        ("deadbeef", "no object"),
    ] {
        let out = repo.check(&["--base", rev]);
        assert_eq!(out.code, 2, "{rev}");
        assert!(
            out.stderr.contains(&format!("unknown revision `{rev}`")),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains(says), "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_revision_beyond_a_shallow_clone_is_a_usage_error_that_says_so() {
    let repo = clean_repo();
    let first = repo.git(&["rev-parse", "HEAD"]);
    repo.write("src/a.rs", "fn a() {}\n");
    repo.commit("second");
    let home = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    git_in(
        home.path(),
        home.path(),
        &["clone", "-q", "--depth", "1", &url, "clone"],
    );
    let clone: PathBuf = home.path().join("clone");
    for rev in ["HEAD~1", first.as_str(), &first[..10]] {
        let out = run_in(&clone, &["check", ".", "--base", rev]);
        assert_eq!(out.code, 2, "{rev}: {}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("shallow clone"), "{}", out.stderr);
        assert!(out.stderr.contains(&format!("`{rev}`")), "{}", out.stderr);
    }
    // What the clone has works.
    let out = run_in(&clone, &["check", ".", "--base", "HEAD"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn a_workspace_outside_git_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("throughline.toml"), "").unwrap();
    let out = run_in(dir.path(), &["check", ".", "--base", "HEAD"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("not inside one"), "{}", out.stderr);
    assert!(out.stderr.contains("git repository"), "{}", out.stderr);
}

#[test]
fn a_workspace_in_a_folder_of_the_repository_maps_its_paths() {
    let repo = Repo::new();
    repo.write("README.md", "outside the workspace: REQ-NOPE-1\n");
    repo.write("product/throughline.toml", "");
    repo.write("product/docs/prd.md", PRD);
    repo.write("product/src/pay.rs", CODE);
    repo.write("product/tests/pay.rs", TESTS);
    repo.write("product/.gitignore", "generated/\n");
    repo.commit("one");
    // Ignored by .gitignore at both revisions (forced into the tree), so never read.
    repo.write("product/generated/x.rs", "// Implements: REQ-PAY-77\n");
    repo.git(&["add", "-f", "product/generated/x.rs"]);
    repo.commit("generated");
    repo.write(
        "product/src/pay.rs",
        &format!("{CODE}// Implements: REQ-PAY-5\nfn x() {{}}\n"),
    );
    let product = repo.path().join("product");
    let out = run_in(
        &product,
        &["check", ".", "--base", "HEAD~1", "--format", "json"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(tagged(&out), [t("unknown-ref", "src/pay.rs", 6, "new")]);
    // From the repository root, with the path given.
    let out = run_in(
        repo.path(),
        &["check", "product", "--base", "HEAD", "--format", "json"],
    );
    assert_eq!(tagged(&out), [t("unknown-ref", "src/pay.rs", 6, "new")]);
}

#[test]
fn every_format_tells_new_from_resolved() {
    let repo = clean_repo();
    repo.write("src/a.rs", "// Implements: REQ-PAY-8\nfn a() {}\n");
    repo.commit("old typo");
    repo.write("src/a.rs", "fn a() {}\n");
    repo.write("src/b.rs", "// Implements: REQ-PAY-7\nfn b() {}\n");
    let sarif: serde_json::Value =
        serde_json::from_str(&repo.check(&["--base", "HEAD", "--format", "sarif"]).stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let states: Vec<(&str, &str, &str)> = results
        .iter()
        .map(|r| {
            (
                r["baselineState"].as_str().unwrap(),
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap(),
                r["level"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [("new", "src/b.rs", "error"), ("absent", "src/a.rs", "none")]
    );
    assert_eq!(results[1]["kind"], "pass");

    let github = repo.check(&["--base", "HEAD", "--format", "github"]).stdout;
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), 2, "{github}");
    assert!(
        lines[0].starts_with("::error file=src/b.rs,line=1,"),
        "{github}"
    );
    assert!(
        lines[1].starts_with(
            "::notice title=throughline unknown-ref resolved::resolved since HEAD: src/a.rs:1:"
        ),
        "{github}"
    );

    let junit = repo.check(&["--base", "HEAD", "--format", "junit"]).stdout;
    assert!(junit.contains("src/b.rs:1:16"), "{junit}");
    assert!(
        junit.contains("src/a.rs:1:16 (resolved since HEAD)"),
        "{junit}"
    );
    assert_eq!(junit.matches("<failure").count(), 1, "{junit}");
}
