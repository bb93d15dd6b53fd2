//! Helpers: run the real `throughline` binary as CI would, on fixture workspaces.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_throughline"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the throughline binary runs");
    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // A panic exits with 101 and prints "panicked": never acceptable, whatever the input.
    assert!(
        code != 101 && !stderr.contains("panicked"),
        "throughline panicked:\n{stderr}"
    );
    Output {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    }
}

/// Runs `throughline check <fixture> <extra args>` from the fixture's parent directory.
pub fn check(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "."];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

/// `(code, path, line)` triples from `--format json` output.
pub fn findings(json: &str) -> Vec<(String, String, u64)> {
    let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON report");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["path"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

/// Copies a fixture tree (files and folders only) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
