//! The agent hooks in `extensions/agents/`, run as Claude Code and git run them: the
//! Stop hook with its JSON payload on stdin, the pre-commit hook from `git commit`.
// Verifies: REQ-AGENT-HOOKS

use super::baseline::Repo;
use super::common::repo_path;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const PRD: &str = "# BRIEF-PAY: Payments\n\n# REQ-PAY-1: Capture once\nDerives from: BRIEF-PAY\n";
const CODE: &str = "// Implements: REQ-PAY-1\nfn capture() {}\n";
const TESTS: &str = "// Verifies: REQ-PAY-1\n#[test]\nfn captures() {}\n";

fn clean_repo() -> Repo {
    let repo = Repo::new();
    repo.write("throughline.toml", "[rules]\nuntraced = \"off\"\n");
    repo.write("docs/prd.md", PRD);
    repo.write("src/pay.rs", CODE);
    repo.write("tests/pay.rs", TESTS);
    repo.commit("clean");
    repo
}

struct Ran {
    code: i32,
    stderr: String,
}

/// Runs the Stop hook in `dir` as Claude Code does: a JSON payload on stdin,
/// `CLAUDE_PROJECT_DIR` set.
fn stop_hook(dir: &Path, bin: &str) -> Ran {
    let mut child = Command::new("sh")
        .arg(repo_path("extensions/agents/claude-stop-hook.sh"))
        .current_dir(dir)
        .env("CLAUDE_PROJECT_DIR", dir)
        .env("THROUGHLINE", bin)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let payload = serde_json::json!({
        "session_id": "abc123",
        "transcript_path": "/tmp/transcript.jsonl",
        "cwd": dir,
        "hook_event_name": "Stop",
        "stop_hook_active": false
    });
    child
        .stdin
        .take()
        .unwrap()
        .write_all(payload.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Ran {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const BIN: &str = env!("CARGO_BIN_EXE_throughline");

#[test]
fn the_stop_hook_blocks_an_agent_whose_change_introduces_findings() {
    let repo = clean_repo();
    let clean = stop_hook(repo.path(), BIN);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert!(clean.stderr.is_empty(), "{}", clean.stderr);
    // The agent annotates code with an ID that does not exist, and adds a requirement
    // with no test (a warning: warnings block too).
    repo.write(
        "src/refund.rs",
        "// Implements: REQ-PAY-9\nfn refund() {}\n",
    );
    let blocked = stop_hook(repo.path(), BIN);
    assert_eq!(blocked.code, 2, "{}", blocked.stderr);
    assert!(
        blocked.stderr.contains("introduces findings since HEAD"),
        "{}",
        blocked.stderr
    );
    assert!(
        blocked.stderr.contains("error[unknown-ref]"),
        "{}",
        blocked.stderr
    );
    assert!(blocked.stderr.contains("REQ-PAY-9"), "{}", blocked.stderr);
    repo.write("src/refund.rs", "fn refund() {}\n");
    repo.write(
        "docs/prd.md",
        &format!("{PRD}\n# REQ-PAY-2: Refund\nDerives from: BRIEF-PAY\n"),
    );
    let warned = stop_hook(repo.path(), BIN);
    assert_eq!(warned.code, 2, "{}", warned.stderr);
    assert!(
        warned.stderr.contains("warning[missing-test]"),
        "{}",
        warned.stderr
    );
    assert!(
        !warned.stderr.contains("REQ-PAY-9"),
        "fixed: {}",
        warned.stderr
    );
}

#[test]
fn the_stop_hook_passes_usage_errors_to_the_agent_and_a_missing_binary_to_the_user() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("throughline.toml"), "").unwrap();
    let no_git = stop_hook(dir.path(), BIN);
    assert_eq!(no_git.code, 2, "{}", no_git.stderr);
    assert!(
        no_git.stderr.contains("could not run (exit code 2)"),
        "{}",
        no_git.stderr
    );
    assert!(
        no_git.stderr.contains("git repository"),
        "{}",
        no_git.stderr
    );
    let missing = stop_hook(dir.path(), "/nonexistent/throughline");
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(missing.stderr.contains("not found"), "{}", missing.stderr);
}

/// `git commit` in `repo`, with the hook on the PATH's throughline.
fn commit(repo: &Repo, message: &str) -> (bool, String) {
    let git = |args: &[&str]| {
        Command::new("git")
            .args([
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(repo.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", repo.path())
            .env("THROUGHLINE", BIN)
            .output()
            .unwrap()
    };
    assert!(git(&["add", "-A"]).status.success());
    let out = git(&["commit", "-q", "-m", message]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_pre_commit_hook_refuses_commits_that_introduce_findings() {
    let repo = Repo::new();
    let hook = repo.path().join(".git/hooks/pre-commit");
    std::fs::copy(repo_path("extensions/agents/pre-commit"), &hook).unwrap();
    repo.write("throughline.toml", "[rules]\nuntraced = \"off\"\n");
    repo.write("docs/prd.md", PRD);
    repo.write("src/pay.rs", CODE);
    repo.write("tests/pay.rs", TESTS);
    // The first commit has no HEAD to compare with: it is checked in full.
    let (ok, stderr) = commit(&repo, "first");
    assert!(ok, "{stderr}");
    // An old gap committed with --no-verify stays out of the way of later commits.
    repo.write("docs/old.md", "# REQ-OLD-1: Old gap\n");
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "old gap"]);
    repo.write("src/more.rs", "fn more() {}\n");
    let (ok, stderr) = commit(&repo, "unrelated");
    assert!(ok, "old findings do not block: {stderr}");
    repo.write(
        "src/refund.rs",
        "// Implements: REQ-PAY-9\nfn refund() {}\n",
    );
    let (ok, stderr) = commit(&repo, "typo");
    assert!(!ok, "refused");
    assert!(stderr.contains("error[unknown-ref]"), "{stderr}");
    assert!(stderr.contains("this commit introduces"), "{stderr}");
    assert_eq!(repo.git(&["log", "--format=%s", "-1"]), "unrelated");
}
